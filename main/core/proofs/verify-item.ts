// Re-verifying an item's evidence offline from the documents in the library, recording each
// outcome in the catalog (which sets the item's level from the evidence that did not fail).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { addEvidence, getItem } from '../db/items.js';
import { notFound } from '../errors.js';
import { verifyEvidence, type EvidenceDocument } from '../evidence/verifiers.js';
import type { Library } from '../library.js';
// Every verifier the app knows (chain proofs, certificates, …), the same set bundles are checked with.
import '../bundle/load-verifiers.js';

export interface EvidenceCheck {
  evidenceId: number;
  kind: string;
  level: number;
  /** null: no verifier knows this kind of evidence (kept, not independently checked). */
  ok: boolean | null;
  message: string;
}

export async function verifyItemEvidence(library: Library, itemId: string): Promise<{ itemId: string; ok: boolean; level: number; checks: EvidenceCheck[] }> {
  const item = getItem(library.db, itemId, (sha) => library.blobs.pathOf(sha));
  if (!item) throw notFound(`item ${JSON.stringify(itemId)}`);
  const loaded = await Promise.all(
    item.evidence.map(async (e) => {
      let bytes: Uint8Array | null = null;
      let missing = false;
      if (e.file) {
        try {
          bytes = new Uint8Array(await readFile(library.blobs.pathOf(e.file.sha256)));
        } catch {
          missing = true;
        }
      }
      return { e, bytes, missing };
    }),
  );
  const docs: EvidenceDocument[] = loaded.map(({ e, bytes }) => ({ kind: e.kind, level: e.level, summary: e.summary, bytes }));
  const fileHashes = item.files.map((f) => ({ role: f.role, sha256: f.sha256 }));
  const checks: EvidenceCheck[] = [];
  for (const [i, { e, bytes, missing }] of loaded.entries()) {
    let ok: boolean | null;
    let message: string;
    if (missing) {
      ok = false;
      message = `the captured document ${e.file!.sha256} is missing from the library`;
    } else {
      const outcome = await verifyEvidence(docs[i]!, { siblings: docs, fileHashes });
      ok = outcome ? outcome.ok : null;
      message = outcome ? (outcome.ok ? outcome.detail : outcome.reason) : 'no verifier for this kind of evidence; kept as captured';
      if (bytes && e.file && createHash('sha256').update(bytes).digest('hex') !== e.file.sha256) {
        message = ok === false ? `${message} (and the stored document no longer matches its recorded hash)` : 'the stored document no longer matches its recorded hash';
        ok = false;
      }
    }
    checks.push({ evidenceId: e.id, kind: e.kind, level: e.level, ok, message });
    if (e.file) addEvidence(library.db, itemId, { kind: e.kind, level: e.level, file: e.file, summary: e.summary, verified: ok, verifyMessage: message });
  }
  const level = getItem(library.db, itemId, (sha) => library.blobs.pathOf(sha))!.evidenceLevel;
  return { itemId, ok: checks.every((c) => c.ok !== false), level, checks };
}
