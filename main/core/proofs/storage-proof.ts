// Ownership proven against a block's stateRoot: the contract's account proof gives its
// storageHash, and the storage proof of the slot that records the owner (ERC-721) or the
// balance (ERC-1155) gives the value. The slot is derived from the token id (and holder) and the
// mapping's base slot, so the proof says "this token's owner slot holds this address".
import { fromHex, toHex } from './bytes.js';
import { verifyMerkleProof } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { encodeAbiParameters, keccak256, type Hex } from 'viem';
import { z } from 'zod';
import { decimalInteger as decimal, hex32, hexBytes as hex, hexQuantity as quantity, lowerAddress as address, readCanonical, writeCanonical } from './canonical-json.js';
import { bytesToBigInt, type DecodedHeader } from './header.js';


export const StorageProofDoc = z
  .object({
    v: z.literal(1),
    blockHash: hex32,
    blockNumber: quantity,
    address,
    account: z.object({ nonce: quantity, balance: quantity, storageHash: hex32, codeHash: hex32 }).strict(),
    accountProof: z.array(hex).min(1),
    storage: z.object({ key: hex32, value: quantity, proof: z.array(hex) }).strict(),
    claim: z
      .object({
        standard: z.enum(['erc721', 'erc1155']),
        tokenId: decimal,
        owner: address,
        layout: z.string().regex(/^(mapping@\d{1,4}|erc7201:[A-Za-z0-9_.]{1,80}\+\d{1,3})$/),
        baseSlot: hex32,
        balance: decimal,
      })
      .strict(),
  })
  .strict();
export type StorageProofDoc = z.infer<typeof StorageProofDoc>;

export const encodeStorageProofDoc = (doc: StorageProofDoc): Uint8Array => writeCanonical(StorageProofDoc, doc);

const pad32 = (n: bigint): Hex => `0x${n.toString(16).padStart(64, '0')}`;

/** ERC-7201 storage location of a namespace (OpenZeppelin upgradeable 5 uses these). */
export function erc7201Location(namespace: string): bigint {
  const inner = BigInt(keccak256(new TextEncoder().encode(namespace))) - 1n;
  return BigInt(keccak256(encodeAbiParameters([{ type: 'uint256' }], [inner]))) & ~0xffn;
}

/** The base slot a layout name stands for: `mapping@N` or `erc7201:<namespace>+<offset>`. */
export function baseSlotOfLayout(layout: string): bigint {
  const mapping = /^mapping@(\d+)$/.exec(layout);
  if (mapping) return BigInt(mapping[1]!);
  const namespaced = /^erc7201:(.+)\+(\d+)$/.exec(layout);
  if (namespaced) return erc7201Location(namespaced[1]!) + BigInt(namespaced[2]!);
  throw new Error(`unknown storage layout ${layout}`);
}

/** Slot of `mapping(uint256 => address) _owners` for a token. */
export function ownerSlot(baseSlot: bigint, tokenId: bigint): Hex {
  return keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [tokenId, baseSlot]));
}

/** Slot of `mapping(uint256 id => mapping(address => uint256)) _balances` for a holder. */
export function balanceSlot(baseSlot: bigint, tokenId: bigint, holder: Hex): Hex {
  const inner = ownerSlot(baseSlot, tokenId);
  return keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [holder, inner]));
}

export const toQuantity = (n: bigint | string): string => `0x${BigInt(n).toString(16)}`;

export interface ProofCheck {
  detail: string;
}

// Every token of a contract at one block carries the same account proof: verify each distinct
// (stateRoot, address, proof) once. The key is the whole input, so a changed byte is a new key.
const accountProofs = new Map<string, Promise<Uint8Array | null>>();
function provenAccount(stateRoot: Uint8Array, address: string, proof: string[]): Promise<Uint8Array | null> {
  const key = `${toHex(stateRoot)}|${address}|${proof.join(',')}`;
  let result = accountProofs.get(key);
  if (!result) {
    result = verifyMerkleProof(fromHex(keccak256(address as Hex)), proof.map((p) => fromHex(p)), { root: stateRoot });
    if (accountProofs.size >= 256) accountProofs.delete(accountProofs.keys().next().value!);
    accountProofs.set(key, result);
  }
  return result;
}

/** Verifies a storage-proof document against the header it names; throws with the reason. */
export async function verifyStorageProofDoc(bytes: Uint8Array | null, headerByHash: (hash: string) => DecodedHeader | undefined): Promise<ProofCheck> {
  const doc = readCanonical(StorageProofDoc, bytes, 'storage proof');
  const header = headerByHash(doc.blockHash);
  if (!header) throw new Error(`no block header with hash ${doc.blockHash} among the item's evidence`);
  if (toQuantity(header.number) !== doc.blockNumber) throw new Error(`the proof says block ${BigInt(doc.blockNumber)} but the header is block ${header.number}`);

  // Account proof: keccak(address) in the state trie → [nonce, balance, storageRoot, codeHash].
  const accountRlp = await provenAccount(header.stateRoot, doc.address, doc.accountProof).catch(() => {
    throw new Error(`the account proof of ${doc.address} does not verify against the stateRoot of block ${header.number}`);
  });
  if (!accountRlp) throw new Error(`the account proof shows that ${doc.address} has no account at block ${header.number}`);
  const account = RLP.decode(accountRlp) as Uint8Array[];
  if (!Array.isArray(account) || account.length !== 4) throw new Error('the proven account is not [nonce, balance, storageRoot, codeHash]');
  const [nonce, balance, storageRoot, codeHash] = account as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  if (toQuantity(bytesToBigInt(nonce)) !== doc.account.nonce || toQuantity(bytesToBigInt(balance)) !== doc.account.balance)
    throw new Error('the account nonce or balance in the document differs from the proven account');
  if (toHex(storageRoot) !== doc.account.storageHash) throw new Error('the storageHash in the document differs from the proven account');
  if (toHex(codeHash) !== doc.account.codeHash) throw new Error('the codeHash in the document differs from the proven account');

  // The slot must be the one that records this token for this owner.
  const claim = doc.claim;
  const base = baseSlotOfLayout(claim.layout);
  if (pad32(base) !== claim.baseSlot) throw new Error(`the base slot ${claim.baseSlot} does not belong to layout ${claim.layout}`);
  const tokenId = BigInt(claim.tokenId);
  const expectedKey = claim.standard === 'erc721' ? ownerSlot(base, tokenId) : balanceSlot(base, tokenId, claim.owner as Hex);
  if (expectedKey !== doc.storage.key) throw new Error(`the proven slot ${doc.storage.key} is not the ${claim.standard === 'erc721' ? 'owner' : 'balance'} slot of token ${claim.tokenId}`);

  const valueRlp = await verifyMerkleProof(fromHex(keccak256(doc.storage.key as Hex)), doc.storage.proof.map((p) => fromHex(p as Hex)), {
    root: storageRoot,
  }).catch(() => {
    throw new Error(`the storage proof of slot ${doc.storage.key} does not verify against the contract's storageHash`);
  });
  const value = valueRlp ? bytesToBigInt(RLP.decode(valueRlp) as Uint8Array) : 0n;
  if (toQuantity(value) !== doc.storage.value) throw new Error(`the slot holds ${toQuantity(value)}, the document says ${doc.storage.value}`);
  if (claim.standard === 'erc721') {
    if (value !== BigInt(claim.owner)) throw new Error(`the owner slot of token ${claim.tokenId} holds ${pad32(value)}, not ${claim.owner}`);
    if (claim.balance !== '1') throw new Error('an ERC-721 claim must have balance 1');
    return { detail: `${claim.owner} owns token ${claim.tokenId} of ${doc.address} at block ${header.number} (${claim.layout})` };
  }
  if (value !== BigInt(claim.balance) || value === 0n) throw new Error(`the balance slot holds ${value}, the claim is ${claim.balance}`);
  return { detail: `${claim.owner} holds ${claim.balance} of token ${claim.tokenId} of ${doc.address} at block ${header.number} (${claim.layout})` };
}
