// Where a contract records who owns a token. Not assumed: each candidate layout's slot is read
// with eth_getStorageAt at the snapshot block and compared with what ownerOf / balanceOf return
// at the same block. Candidates: a plain mapping at slots 0–24 (OpenZeppelin 4 and 5 put
// `_owners` at 2, `_balances` of ERC-1155 at 0, later when other contracts come first in the
// inheritance order) and OpenZeppelin upgradeable 5's ERC-7201 namespaced structs.
import type { Hex } from 'viem';
import type { RpcClient } from '../../evm/rpc.js';
import { balanceSlot, baseSlotOfLayout, ownerSlot } from '../../proofs/storage-proof.js';

export interface SlotLayout {
  layout: string;
  baseSlot: bigint;
}

const MAPPING_SLOTS = 25;

export function candidateLayouts(standard: 'erc721' | 'erc1155'): SlotLayout[] {
  const names: string[] = [];
  for (let i = 0; i < MAPPING_SLOTS; i++) names.push(`mapping@${i}`);
  if (standard === 'erc721') for (let i = 0; i < 6; i++) names.push(`erc7201:openzeppelin.storage.ERC721+${i}`);
  else for (let i = 0; i < 3; i++) names.push(`erc7201:openzeppelin.storage.ERC1155+${i}`);
  return names.map((layout) => ({ layout, baseSlot: baseSlotOfLayout(layout) }));
}

export function slotFor(standard: 'erc721' | 'erc1155', layout: SlotLayout, tokenId: bigint, owner: string): Hex {
  return standard === 'erc721' ? ownerSlot(layout.baseSlot, tokenId) : balanceSlot(layout.baseSlot, tokenId, owner as Hex);
}

/** Expected slot value: the owner's address (ERC-721) or the balance (ERC-1155). */
export const expectedValue = (standard: 'erc721' | 'erc1155', owner: string, balance: bigint): bigint =>
  standard === 'erc721' ? BigInt(owner) : balance;

/** Finds the layout whose slot holds the expected value at `block`, or null (e.g. ERC721A packing). */
export async function discoverLayout(
  rpc: RpcClient,
  contract: string,
  standard: 'erc721' | 'erc1155',
  tokenId: bigint,
  owner: string,
  balance: bigint,
  block: Hex,
): Promise<SlotLayout | null> {
  const candidates = candidateLayouts(standard);
  const want = expectedValue(standard, owner, balance);
  const values = await Promise.all(
    candidates.map((c) => rpc.request<Hex>('eth_getStorageAt', [contract, slotFor(standard, c, tokenId, owner), block])),
  );
  const at = values.findIndex((v) => BigInt(v) === want);
  return at >= 0 ? candidates[at]! : null;
}
