// The acquiring Transfer proven included in a block: the receipt of its transaction is a leaf
// of the block's receipt trie (key rlp(txIndex)), whose root is the header's receiptsRoot. When
// a node has no proof method the trie is rebuilt from all of the block's receipts, its root
// compared with the header, and the proof read from it.
import { fromHex, toHex } from './bytes.js';
import { createMPT, createMerkleProof, verifyMerkleProof, type MerklePatriciaTrie } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { decodeEventLog, type Hex } from 'viem';
import { z } from 'zod';
import { tokenAbi } from '../evm/abi.js';
import { decimalInteger as decimal, hex32, hexBytes as hex, hexQuantity as quantity, lowerAddress as address, readCanonical, writeCanonical } from './canonical-json.js';
import { bytesToBigInt, intBytes, type DecodedHeader } from './header.js';
import { toQuantity } from './storage-proof.js';

/** A receipt as eth_getBlockReceipts / eth_getTransactionReceipt return it. */
export interface RpcReceipt {
  type?: string;
  status?: string;
  cumulativeGasUsed: string;
  logsBloom: string;
  logs: Array<{ address: string; topics: string[]; data: string; logIndex?: string }>;
  transactionIndex: string;
  transactionHash: string;
  blockHash: string;
  blockNumber: string;
  depositNonce?: string;
  depositReceiptVersion?: string;
}

/** The consensus encoding of a receipt (EIP-2718: type byte + RLP, or plain RLP for legacy). */
export function encodeReceipt(r: RpcReceipt): Uint8Array {
  const type = Number(r.type ?? '0x0');
  const fields: Array<Uint8Array | Uint8Array[] | Array<Array<Uint8Array | Uint8Array[]>>> = [
    intBytes(r.status ?? '0x1'),
    intBytes(r.cumulativeGasUsed),
    fromHex(r.logsBloom as Hex),
    r.logs.map((l) => [fromHex(l.address as Hex), l.topics.map((t) => fromHex(t as Hex)), fromHex(l.data as Hex)]),
  ];
  // OP-stack deposit receipts (Base) carry the deposit nonce and receipt version when present.
  if (type === 0x7e && r.depositNonce !== undefined) {
    fields.push(intBytes(r.depositNonce));
    if (r.depositReceiptVersion !== undefined) fields.push(intBytes(r.depositReceiptVersion));
  }
  const body = RLP.encode(fields);
  if (type === 0) return body;
  const out = new Uint8Array(body.length + 1);
  out[0] = type;
  out.set(body, 1);
  return out;
}

export const receiptKey = (txIndex: number | bigint): Uint8Array => RLP.encode(intBytes(BigInt(txIndex)));

/** Builds the receipt trie of a block; throws if its root is not the header's receiptsRoot. */
export async function buildReceiptTrie(receipts: RpcReceipt[], receiptsRoot: string): Promise<MerklePatriciaTrie> {
  const trie = await createMPT();
  const sorted = [...receipts].sort((a, b) => Number(a.transactionIndex) - Number(b.transactionIndex));
  for (const r of sorted) await trie.put(receiptKey(Number(r.transactionIndex)), encodeReceipt(r));
  const root = toHex(trie.root());
  if (root !== receiptsRoot.toLowerCase())
    throw new Error(`the rebuilt receipt trie of block ${Number(sorted[0]?.blockNumber ?? 0)} has root ${root}, the header says ${receiptsRoot}`);
  return trie;
}

/** The proof of the receipt at `txIndex` in a built receipt trie. */
export const receiptProof = (trie: MerklePatriciaTrie, txIndex: number): Promise<Uint8Array[]> => createMerkleProof(trie, receiptKey(txIndex));

export const ReceiptProofDoc = z
  .object({
    v: z.literal(1),
    blockHash: hex32,
    blockNumber: quantity,
    txHash: hex32,
    txIndex: quantity,
    receipt: hex,
    proof: z.array(hex).min(1),
    logIndex: z.number().int().nonnegative(),
    claim: z
      .object({
        event: z.enum(['Transfer', 'TransferSingle', 'TransferBatch']),
        contract: address,
        from: address,
        to: address,
        tokenId: decimal,
        value: decimal,
      })
      .strict(),
  })
  .strict();
export type ReceiptProofDoc = z.infer<typeof ReceiptProofDoc>;

export const encodeReceiptProofDoc = (doc: ReceiptProofDoc): Uint8Array => writeCanonical(ReceiptProofDoc, doc);

/** Verifies a receipt-proof document; throws with the reason. */
export async function verifyReceiptProofDoc(
  bytes: Uint8Array | null,
  headerByHash: (hash: string) => DecodedHeader | undefined,
): Promise<{ detail: string; doc: ReceiptProofDoc }> {
  const doc = readCanonical(ReceiptProofDoc, bytes, 'receipt proof');
  const header = headerByHash(doc.blockHash);
  if (!header) throw new Error(`no block header with hash ${doc.blockHash} among the item's evidence`);
  if (toQuantity(header.number) !== doc.blockNumber) throw new Error(`the proof says block ${BigInt(doc.blockNumber)} but the header is block ${header.number}`);
  const proven = await verifyMerkleProof(receiptKey(BigInt(doc.txIndex)), doc.proof.map((p) => fromHex(p as Hex)), { root: header.receiptsRoot }).catch(
    () => {
      throw new Error(`the receipt proof does not verify against the receiptsRoot of block ${header.number}`);
    },
  );
  if (!proven) throw new Error(`the receipt trie of block ${header.number} has no receipt at index ${BigInt(doc.txIndex)}`);
  if (toHex(proven) !== doc.receipt) throw new Error('the receipt in the document is not the one the trie proves');

  const receipt = decodeReceipt(proven);
  if (!receipt.success) throw new Error(`transaction ${doc.txHash} failed (status 0): it transferred nothing`);
  const log = receipt.logs[doc.logIndex];
  if (!log) throw new Error(`the receipt has no log #${doc.logIndex}`);
  const [logAddress, topics, data] = log;
  if (toHex(logAddress) !== doc.claim.contract) throw new Error(`log #${doc.logIndex} was emitted by ${toHex(logAddress)}, not ${doc.claim.contract}`);
  let event: { eventName: string; args: Record<string, unknown> };
  try {
    event = decodeEventLog({
      abi: tokenAbi,
      topics: topics.map((t) => toHex(t)) as [Hex, ...Hex[]],
      data: toHex(data),
      strict: true,
    }) as unknown as typeof event;
  } catch {
    throw new Error(`log #${doc.logIndex} is not an ERC-721 or ERC-1155 transfer`);
  }
  const { claim } = doc;
  if (event.eventName !== claim.event) throw new Error(`log #${doc.logIndex} is a ${event.eventName}, not a ${claim.event}`);
  const args = event.args;
  const from = String(args.from).toLowerCase();
  const to = String(args.to).toLowerCase();
  if (from !== claim.from || to !== claim.to) throw new Error(`log #${doc.logIndex} transfers from ${from} to ${to}, not from ${claim.from} to ${claim.to}`);
  let amount: bigint | undefined;
  if (event.eventName === 'Transfer') amount = args.tokenId === BigInt(claim.tokenId) ? 1n : undefined;
  else if (event.eventName === 'TransferSingle') amount = args.id === BigInt(claim.tokenId) ? (args.value as bigint) : undefined;
  else {
    const ids = args.ids as bigint[];
    const values = args.values as bigint[];
    const at = ids.findIndex((id) => id === BigInt(claim.tokenId));
    amount = at >= 0 ? values[at] : undefined;
  }
  if (amount === undefined) throw new Error(`log #${doc.logIndex} does not transfer token ${claim.tokenId}`);
  if (amount.toString() !== claim.value) throw new Error(`log #${doc.logIndex} transfers ${amount} of token ${claim.tokenId}, not ${claim.value}`);
  return {
    doc,
    detail: `${event.eventName} of token ${claim.tokenId} (${claim.value}) to ${claim.to} is in block ${header.number}, tx index ${BigInt(doc.txIndex)}`,
  };
}

type RlpLog = [Uint8Array, Uint8Array[], Uint8Array];

export function decodeReceipt(bytes: Uint8Array): { success: boolean; logs: RlpLog[] } {
  const body = bytes[0]! < 0x80 ? bytes.subarray(1) : bytes;
  const fields = RLP.decode(body) as unknown[];
  if (!Array.isArray(fields) || fields.length < 4) throw new Error('the receipt is not [status, gas, bloom, logs, …]');
  const status = fields[0] as Uint8Array;
  // Pre-Byzantium receipts carry a 32-byte state root instead of a status.
  const success = status.length === 32 || bytesToBigInt(status) === 1n;
  return { success, logs: fields[3] as RlpLog[] };
}
