// Offline checks of captured evidence, one verifier per evidence kind. The same verifiers run
// in the app ("verify evidence"), in `holdfast verify-evidence`, and on provenance bundles, so
// a proof is judged the same way everywhere. A verifier gets the evidence's captured document
// and the item's other evidence documents (a storage proof needs the header it hangs from).

export interface EvidenceDocument {
  kind: string;
  level: number;
  summary: Record<string, unknown>;
  /** The captured bytes (certificate JSON, RLP header, proof JSON…), if any. */
  bytes: Uint8Array | null;
}

export interface EvidenceContext {
  /** Every evidence document of the same item. */
  siblings: EvidenceDocument[];
  /** SHA-256 hex of every file the item has, by role, to tie certificates to media. */
  fileHashes: Array<{ role: string; sha256: string }>;
}

export type VerifyOutcome = { ok: true; detail: string } | { ok: false; reason: string };

export type EvidenceVerifier = (doc: EvidenceDocument, ctx: EvidenceContext) => VerifyOutcome | Promise<VerifyOutcome>;

const verifiers = new Map<string, EvidenceVerifier>();

/** Connectors that capture a kind of evidence register how to check it. */
export function registerEvidenceVerifier(kind: string, verifier: EvidenceVerifier): void {
  verifiers.set(kind, verifier);
}

/** null when no verifier knows this kind (the evidence is kept, but not independently checked). */
export async function verifyEvidence(doc: EvidenceDocument, ctx: EvidenceContext): Promise<VerifyOutcome | null> {
  const verifier = verifiers.get(doc.kind);
  if (!verifier) return null;
  try {
    return await verifier(doc, ctx);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
