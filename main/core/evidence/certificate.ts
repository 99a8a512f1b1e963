// The `certificate` verifier (L1): a platform certificate (藏品证书) is captured as JSON. It is not
// independently verifiable — the platform signed nothing a third party can check — but when it
// names the SHA-256 of the media it was issued for, those hashes must be the item's files:
// that ties the certificate to exactly these bytes.
import { registerEvidenceVerifier, type EvidenceVerifier } from './verifiers.js';

const SHA256 = /^(0x)?[0-9a-fA-F]{64}$/;

/** Every { sha256 } the certificate names for its media, wherever the platform put the list. */
function mediaHashes(doc: Record<string, unknown>): Array<{ role: string | null; sha256: string }> {
  const found: Array<{ role: string | null; sha256: string }> = [];
  for (const key of ['media', 'files', 'assets']) {
    const list = doc[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!entry || typeof entry !== 'object') continue;
      const { sha256, role } = entry as { sha256?: unknown; role?: unknown };
      if (typeof sha256 === 'string' && SHA256.test(sha256)) {
        found.push({ role: typeof role === 'string' ? role : null, sha256: sha256.replace(/^0x/, '').toLowerCase() });
      }
    }
  }
  if (typeof doc.sha256 === 'string' && SHA256.test(doc.sha256)) found.push({ role: null, sha256: doc.sha256.replace(/^0x/, '').toLowerCase() });
  return found;
}

export const verifyCertificate: EvidenceVerifier = (doc, ctx) => {
  if (!doc.bytes) return { ok: false, reason: 'the certificate document is missing' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(doc.bytes).toString('utf8'));
  } catch (error) {
    return { ok: false, reason: `the certificate is not valid JSON (${(error as Error).message})` };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'the certificate is not a JSON object' };
  const named = mediaHashes(parsed as Record<string, unknown>);
  if (named.length === 0) return { ok: true, detail: 'certificate captured; it names no media hashes, so nothing ties it to the files' };
  const have = new Set(ctx.fileHashes.map((f) => f.sha256));
  const missing = named.filter((n) => !have.has(n.sha256));
  if (missing.length) {
    return {
      ok: false,
      reason: `the certificate names ${missing.map((m) => `${m.role ?? 'a file'} with SHA-256 ${m.sha256}`).join(', ')}, which the item does not have`,
    };
  }
  return { ok: true, detail: `the certificate's ${named.length} media hash${named.length === 1 ? '' : 'es'} match the item's files` };
};

registerEvidenceVerifier('certificate', verifyCertificate);
