// Capturing the chain evidence of holdings at a snapshot block: the snapshot header, the
// contract's account proof with the owner/balance slot's storage proof (one eth_getProof per
// contract for many tokens), and for the acquiring transfer its block header, the receipt
// trie proof (rebuilt from the block's receipts), the transaction and the receipt. Every
// document is verified with the same offline verifiers before it is handed over.
import { toHex } from '../../proofs/bytes.js';
import { type Hex } from 'viem';
import type { RpcClient } from '../../evm/rpc.js';
import { RpcError } from '../../evm/rpc.js';
import { verifyEvidence, type EvidenceDocument } from '../../evidence/verifiers.js';
import { CHAIN_EVIDENCE_KINDS } from '../../proofs/chain-verifiers.js';
import { encodeHeader, hashHeader } from '../../proofs/header.js';
import { buildReceiptTrie, encodeReceipt, encodeReceiptProofDoc, receiptProof, type RpcReceipt } from '../../proofs/receipt-proof.js';
import type { MerklePatriciaTrie } from '@ethereumjs/mpt';
import { encodeStorageProofDoc, toQuantity } from '../../proofs/storage-proof.js';
import { encodeReceiptDoc, encodeTransactionDoc } from '../../proofs/transaction-doc.js';
import type { SourceEvidence } from '../connector.js';
import { forEachLimited } from './limit.js';
import { discoverLayout, expectedValue, slotFor, type SlotLayout } from './owner-slots.js';

export interface Acquisition {
  event: 'Transfer' | 'TransferSingle' | 'TransferBatch';
  from: string;
  value: string;
  blockNumber: number;
  blockHash: string;
  txHash: string;
  txIndex: number;
  logIndex: number;
}

export interface CaptureTarget {
  key: string;
  standard: 'erc721' | 'erc1155';
  contract: string;
  tokenId: bigint;
  owner: string;
  balance: bigint;
  acquired: Acquisition | null;
}

export interface CaptureResult {
  evidence: SourceEvidence[];
  /** Why some evidence could not be captured (the item keeps what could). */
  problems: string[];
  /** When the acquiring transfer's block was made. */
  acquiredAt?: string;
}

export interface RpcBlock {
  hash: string;
  number: string;
  timestamp: string;
  receiptsRoot: string;
  transactions: string[];
  [field: string]: unknown;
}

interface ProofResult {
  address: string;
  accountProof: string[];
  balance: string;
  codeHash: string;
  nonce: string;
  storageHash: string;
  storageProof: Array<{ key: string; value: string; proof: string[] }>;
}

const PROOF_KEYS_PER_CALL = 100;
const lower = (s: string) => s.toLowerCase();
const qty = (v: string | number | bigint) => toQuantity(BigInt(v));
const pad32 = (h: string) => `0x${BigInt(h).toString(16).padStart(64, '0')}`;

function headerEvidence(chainId: number, block: RpcBlock): SourceEvidence {
  const rlp = encodeHeader(block);
  const hash = hashHeader(rlp);
  if (hash !== lower(block.hash))
    throw new Error(`block ${Number(block.number)}'s header does not hash to its block hash (a header form Holdfast does not know, or a node that misreports it)`);
  return {
    kind: CHAIN_EVIDENCE_KINDS.header,
    level: 0,
    bytes: rlp,
    mime: 'application/x-rlp',
    summary: { blockNumber: Number(block.number), blockHash: hash, timestamp: new Date(Number(block.timestamp) * 1000).toISOString() },
  };
}

/** What one sync reuses between batches: a block's receipts and trie, a transaction's document. */
export interface CaptureCache {
  blocks: Map<number, Promise<{ block: RpcBlock; receipts: RpcReceipt[]; trie: MerklePatriciaTrie }>>;
  txs: Map<string, Promise<SourceEvidence | null>>;
}
export const newCaptureCache = (): CaptureCache => ({ blocks: new Map(), txs: new Map() });

export async function captureEvidence(
  rpc: RpcClient,
  chainId: number,
  snapshot: RpcBlock,
  targets: CaptureTarget[],
  layouts: Map<string, SlotLayout | null>,
  cache: CaptureCache = newCaptureCache(),
): Promise<Map<string, CaptureResult>> {
  const results = new Map<string, CaptureResult>(targets.map((t) => [t.key, { evidence: [], problems: [] }]));
  const blockTag = snapshot.number as Hex;
  let snapshotHeader: SourceEvidence | null = null;
  try {
    snapshotHeader = headerEvidence(chainId, snapshot);
  } catch (error) {
    for (const r of results.values()) r.problems.push(message(error));
  }

  // Ownership: storage proofs, one eth_getProof per contract and chunk of slots.
  if (snapshotHeader) {
    const byContract = groupBy(targets, (t) => t.contract);
    for (const [contract, group] of byContract) {
      const slotOf = new Map<string, { target: CaptureTarget; layout: SlotLayout }>();
      for (const t of group) {
        let layout = layouts.get(contract);
        if (layout === undefined) {
          layout = await discoverLayout(rpc, contract, t.standard, t.tokenId, t.owner, t.balance, blockTag);
          layouts.set(contract, layout);
        }
        if (!layout) {
          results.get(t.key)!.problems.push(`no storage slot of ${contract} holds the owner of token ${t.tokenId} in a known layout (OpenZeppelin 4/5, ERC-7201); ownership is not proven`);
          continue;
        }
        slotOf.set(slotFor(t.standard, layout, t.tokenId, t.owner), { target: t, layout });
      }
      const retry: CaptureTarget[] = [];
      await proveSlots(rpc, contract, [...slotOf.keys()], blockTag, (proof, slot) => {
        const { target, layout } = slotOf.get(slot)!;
        const held = proof.storageProof.find((s) => pad32(s.key) === slot)?.value ?? '0x0';
        if (BigInt(held) !== expectedValue(target.standard, target.owner, target.balance)) {
          retry.push(target); // This token is stored elsewhere (e.g. a second mapping): look again.
          return;
        }
        results.get(target.key)!.evidence.push(storageEvidence(proof, slot, target, layout, snapshot));
      });
      for (const t of retry) {
        const layout = await discoverLayout(rpc, contract, t.standard, t.tokenId, t.owner, t.balance, blockTag);
        if (!layout) {
          results.get(t.key)!.problems.push(`the owner slot of token ${t.tokenId} holds another value at block ${Number(snapshot.number)}; ownership is not proven`);
          continue;
        }
        const slot = slotFor(t.standard, layout, t.tokenId, t.owner);
        await proveSlots(rpc, contract, [slot], blockTag, (proof) => results.get(t.key)!.evidence.push(storageEvidence(proof, slot, t, layout, snapshot)));
      }
    }
  }

  // Acquisition: receipt proofs, one receipt trie per block.
  const withAcquisition = targets.filter((t) => t.acquired);
  const byBlock = groupBy(withAcquisition, (t) => String(t.acquired!.blockNumber));
  await forEachLimited([...byBlock.values()], 4, async (group) => {
    const number = group[0]!.acquired!.blockNumber;
    try {
      let data = cache.blocks.get(number);
      if (!data) {
        data = (async () => {
          const block = await rpc.request<RpcBlock>('eth_getBlockByNumber', [qty(number), false]);
          if (!block) throw new Error(`the node does not have block ${number}`);
          const receipts = await blockReceipts(rpc, block);
          return { block, receipts, trie: await buildReceiptTrie(receipts, block.receiptsRoot) };
        })();
        cache.blocks.set(number, data);
        data.catch(() => cache.blocks.delete(number));
      }
      const { block, receipts, trie } = await data;
      if (lower(block.hash) !== group[0]!.acquired!.blockHash)
        throw new Error(`block ${number} is no longer the block the transfer was in (a reorganisation); it will be captured again next sync`);
      const header = headerEvidence(chainId, block);
      const txs = cache.txs;
      for (const t of group) {
        const a = t.acquired!;
        const receipt = receipts.find((r) => Number(r.transactionIndex) === a.txIndex)!;
        const logIndex = receipt.logs.findIndex((l) => Number(l.logIndex) === a.logIndex);
        const result = results.get(t.key)!;
        result.acquiredAt = new Date(Number(block.timestamp) * 1000).toISOString();
        result.evidence.push(header);
        result.evidence.push({
          kind: CHAIN_EVIDENCE_KINDS.receiptProof,
          level: 2,
          mime: 'application/json',
          bytes: encodeReceiptProofDoc({
            v: 1,
            blockHash: lower(block.hash),
            blockNumber: qty(block.number),
            txHash: a.txHash,
            txIndex: qty(a.txIndex),
            receipt: toHex(encodeReceipt(receipt)),
            proof: (await receiptProof(trie, a.txIndex)).map((p) => toHex(p)),
            logIndex,
            claim: { event: a.event, contract: t.contract, from: a.from, to: t.owner, tokenId: t.tokenId.toString(), value: a.value },
          }),
          summary: { blockNumber: number, blockHash: lower(block.hash), txHash: a.txHash, event: a.event, from: a.from, to: t.owner, value: a.value },
        });
        result.evidence.push(receiptEvidence(receipt));
        if (!txs.has(a.txHash)) txs.set(a.txHash, transactionEvidence(rpc, a.txHash, block));
        const tx = await txs.get(a.txHash)!;
        if (tx) result.evidence.push(tx);
      }
    } catch (error) {
      for (const t of group) results.get(t.key)!.problems.push(`acquiring transfer not proven: ${message(error)}`);
    }
  });

  // Every item's documents are checked as a verifier will check them later.
  for (const result of results.values()) {
    if (result.evidence.some((e) => e.kind === CHAIN_EVIDENCE_KINDS.storageProof) && snapshotHeader) result.evidence.unshift(snapshotHeader);
    const headers = new Set<unknown>();
    result.evidence = result.evidence.filter((e) => {
      if (e.kind !== CHAIN_EVIDENCE_KINDS.header) return true;
      if (headers.has(e.summary.blockHash)) return false;
      headers.add(e.summary.blockHash);
      return true;
    });
    const docs: EvidenceDocument[] = result.evidence.map((e) => ({ kind: e.kind, level: e.level, summary: e.summary, bytes: e.bytes ?? null }));
    result.evidence = await Promise.all(
      result.evidence.map(async (e, i) => {
        const outcome = await verifyEvidence(docs[i]!, { siblings: docs, fileHashes: [] });
        if (outcome && !outcome.ok) result.problems.push(`${e.kind} does not verify: ${outcome.reason}`);
        return { ...e, verified: outcome ? outcome.ok : null, summary: { ...e.summary, check: outcome ? (outcome.ok ? outcome.detail : outcome.reason) : null } };
      }),
    );
  }
  return results;
}

async function proveSlots(rpc: RpcClient, contract: string, slots: string[], block: Hex, each: (proof: ProofResult, slot: string) => void): Promise<void> {
  for (let i = 0; i < slots.length; i += PROOF_KEYS_PER_CALL) {
    const chunk = slots.slice(i, i + PROOF_KEYS_PER_CALL);
    const proof = await rpc.request<ProofResult>('eth_getProof', [contract, chunk, block]);
    for (const slot of chunk) each(proof, slot);
  }
}

function storageEvidence(proof: ProofResult, slot: string, t: CaptureTarget, layout: SlotLayout, snapshot: RpcBlock): SourceEvidence {
  const entry = proof.storageProof.find((s) => pad32(s.key) === slot)!;
  return {
    kind: CHAIN_EVIDENCE_KINDS.storageProof,
    level: 3,
    mime: 'application/json',
    bytes: encodeStorageProofDoc({
      v: 1,
      blockHash: lower(snapshot.hash),
      blockNumber: qty(snapshot.number),
      address: lower(t.contract),
      account: { nonce: qty(proof.nonce), balance: qty(proof.balance), storageHash: lower(proof.storageHash), codeHash: lower(proof.codeHash) },
      accountProof: proof.accountProof.map(lower),
      storage: { key: slot, value: qty(entry.value), proof: entry.proof.map(lower) },
      claim: {
        standard: t.standard,
        tokenId: t.tokenId.toString(),
        owner: t.owner,
        layout: layout.layout,
        baseSlot: `0x${layout.baseSlot.toString(16).padStart(64, '0')}`,
        balance: t.balance.toString(),
      },
    }),
    summary: {
      blockNumber: Number(snapshot.number),
      blockHash: lower(snapshot.hash),
      contract: t.contract,
      tokenId: t.tokenId.toString(),
      owner: t.owner,
      balance: t.balance.toString(),
      layout: layout.layout,
      slot,
    },
  };
}

function receiptEvidence(r: RpcReceipt): SourceEvidence {
  return {
    kind: CHAIN_EVIDENCE_KINDS.receipt,
    level: 0,
    mime: 'application/json',
    bytes: encodeReceiptDoc({
      v: 1,
      transactionHash: lower(r.transactionHash),
      transactionIndex: qty(r.transactionIndex),
      blockHash: lower(r.blockHash),
      blockNumber: qty(r.blockNumber),
      type: qty(r.type ?? '0x0'),
      status: qty(r.status ?? '0x1'),
      cumulativeGasUsed: qty(r.cumulativeGasUsed),
      logsBloom: lower(r.logsBloom),
      logs: r.logs.map((l) => ({ address: lower(l.address), topics: l.topics.map(lower), data: lower(l.data) })),
      ...(r.depositNonce !== undefined ? { depositNonce: qty(r.depositNonce) } : {}),
      ...(r.depositReceiptVersion !== undefined ? { depositReceiptVersion: qty(r.depositReceiptVersion) } : {}),
    }),
    summary: { txHash: lower(r.transactionHash), status: Number(r.status ?? '0x1') },
  };
}

async function transactionEvidence(rpc: RpcClient, txHash: string, block: RpcBlock): Promise<SourceEvidence | null> {
  const [tx, raw] = await Promise.all([
    rpc.request<{ from: string; transactionIndex: string } | null>('eth_getTransactionByHash', [txHash]),
    rpc.request<string | null>('eth_getRawTransactionByHash', [txHash]).catch((error: unknown) => {
      if (error instanceof RpcError) return null; // Not every node has this method.
      throw error;
    }),
  ]);
  if (!tx || !raw) return null;
  return {
    kind: CHAIN_EVIDENCE_KINDS.transaction,
    level: 0,
    mime: 'application/json',
    bytes: encodeTransactionDoc({
      v: 1,
      hash: txHash,
      raw: lower(raw),
      from: lower(tx.from),
      blockHash: lower(block.hash),
      blockNumber: qty(block.number),
      txIndex: qty(tx.transactionIndex),
    }),
    summary: { txHash, from: lower(tx.from) },
  };
}

/** All receipts of a block: eth_getBlockReceipts, else one eth_getTransactionReceipt per transaction. */
async function blockReceipts(rpc: RpcClient, block: RpcBlock): Promise<RpcReceipt[]> {
  try {
    const receipts = await rpc.request<RpcReceipt[] | null>('eth_getBlockReceipts', [block.number]);
    if (Array.isArray(receipts) && receipts.length === block.transactions.length) return receipts;
  } catch (error) {
    if (!(error instanceof RpcError)) throw error;
  }
  const receipts = await Promise.all(block.transactions.map((h) => rpc.request<RpcReceipt>('eth_getTransactionReceipt', [h])));
  return receipts;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
