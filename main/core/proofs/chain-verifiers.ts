// Offline verifiers of chain evidence, registered per evidence kind. They need nothing but the
// captured documents: a storage or receipt proof finds the header it hangs from among the item's
// other evidence by block hash, and each header is checked to hash to the hash recorded at capture.

import { toHex } from './bytes.js';
import { registerEvidenceVerifier, type EvidenceContext, type EvidenceDocument, type VerifyOutcome } from '../evidence/verifiers.js';
import { decodeHeader, type DecodedHeader } from './header.js';
import { verifyReceiptProofDoc, ReceiptProofDoc } from './receipt-proof.js';
import { verifyStorageProofDoc } from './storage-proof.js';
import { verifyReceiptDoc, verifyTransactionDoc } from './transaction-doc.js';

export const CHAIN_EVIDENCE_KINDS = {
  header: 'block-header',
  storageProof: 'storage-proof',
  receiptProof: 'receipt-proof',
  transaction: 'transaction',
  receipt: 'receipt',
} as const;

// An item's documents are verified one after another with the same siblings: decode the
// headers and receipt proofs among them once per item, not once per document.
const headerIndexes = new WeakMap<EvidenceDocument[], (hash: string) => DecodedHeader | undefined>();
const receiptProofLists = new WeakMap<EvidenceDocument[], ReceiptProofDoc[]>();

/** Headers among the siblings that decode and whose hash is the one recorded at capture. */
function headerIndex(ctx: EvidenceContext): (hash: string) => DecodedHeader | undefined {
  const known = headerIndexes.get(ctx.siblings);
  if (known) return known;
  const byHash = new Map<string, DecodedHeader>();
  for (const s of ctx.siblings) {
    if (s.kind !== CHAIN_EVIDENCE_KINDS.header || !s.bytes) continue;
    try {
      const h = decodeHeader(s.bytes);
      if (h.hash === s.summary.blockHash) byHash.set(h.hash, h);
    } catch {
      // A broken header fails its own check; proofs hanging from it then find no header.
    }
  }
  const lookup = (hash: string) => byHash.get(hash);
  headerIndexes.set(ctx.siblings, lookup);
  return lookup;
}

function receiptProofsOf(ctx: EvidenceContext): ReceiptProofDoc[] {
  const known = receiptProofLists.get(ctx.siblings);
  if (known) return known;
  const out: ReceiptProofDoc[] = [];
  for (const s of ctx.siblings) {
    if (s.kind !== CHAIN_EVIDENCE_KINDS.receiptProof || !s.bytes) continue;
    try {
      const parsed = ReceiptProofDoc.safeParse(JSON.parse(new TextDecoder().decode(s.bytes)));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // Its own check reports it.
    }
  }
  receiptProofLists.set(ctx.siblings, out);
  return out;
}

export function verifyHeaderDoc(doc: EvidenceDocument): VerifyOutcome {
  if (!doc.bytes) return { ok: false, reason: 'the block header document is missing' };
  const header = decodeHeader(doc.bytes);
  const recorded = doc.summary.blockHash;
  if (typeof recorded !== 'string') return { ok: false, reason: 'the evidence does not record the block hash it was captured for' };
  if (header.hash !== recorded) return { ok: false, reason: `the header fields hash to ${header.hash}, not to block hash ${recorded}` };
  if (doc.summary.blockNumber !== undefined && String(doc.summary.blockNumber) !== header.number.toString())
    return { ok: false, reason: `the header is block ${header.number}, the evidence says ${String(doc.summary.blockNumber)}` };
  return { ok: true, detail: `block ${header.number} header (${header.form} form) hashes to ${header.hash}; stateRoot ${toHex(header.stateRoot)}` };
}

let registered = false;

/** Registers the chain verifiers once (importing this module is enough too). */
export function registerChainVerifiers(): void {
  if (registered) return;
  registered = true;
  registerEvidenceVerifier(CHAIN_EVIDENCE_KINDS.header, (doc) => verifyHeaderDoc(doc));
  registerEvidenceVerifier(CHAIN_EVIDENCE_KINDS.storageProof, async (doc, ctx) => ({
    ok: true,
    detail: (await verifyStorageProofDoc(doc.bytes, headerIndex(ctx))).detail,
  }));
  registerEvidenceVerifier(CHAIN_EVIDENCE_KINDS.receiptProof, async (doc, ctx) => ({
    ok: true,
    detail: (await verifyReceiptProofDoc(doc.bytes, headerIndex(ctx))).detail,
  }));
  registerEvidenceVerifier(CHAIN_EVIDENCE_KINDS.transaction, async (doc, ctx) => ({
    ok: true,
    detail: await verifyTransactionDoc(doc.bytes, receiptProofsOf(ctx)),
  }));
  registerEvidenceVerifier(CHAIN_EVIDENCE_KINDS.receipt, (doc, ctx) => ({ ok: true, detail: verifyReceiptDoc(doc.bytes, receiptProofsOf(ctx)) }));
}

registerChainVerifiers();
