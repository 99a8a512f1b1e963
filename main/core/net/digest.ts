// Digests a server publishes for what it sends: RFC 9530 (`Repr-Digest`, `Content-Digest`,
// `sha-256=:base64:`) and the older RFC 3230 `Digest: SHA-256=base64`. Only SHA-256 is used: it
// is what the blob store names files by, so a match proves the stored file is the published one.

type Headers = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : v);

function base64ToHex(b64: string): string | null {
  const bytes = Buffer.from(b64, 'base64');
  return bytes.length === 32 ? bytes.toString('hex') : null;
}

/** The SHA-256 in a structured-field dictionary like `sha-256=:AbC…=:, sha-512=:…:`. */
function fromStructured(value: string | undefined): string | null {
  if (!value) return null;
  const m = /(?:^|,)\s*sha-256\s*=\s*:([A-Za-z0-9+/=]+):/i.exec(value);
  return m ? base64ToHex(m[1]!) : null;
}

/** The SHA-256 in an RFC 3230 `Digest` header like `SHA-256=AbC…=,MD5=…`. */
function fromLegacy(value: string | undefined): string | null {
  if (!value) return null;
  const m = /(?:^|,)\s*sha-256\s*=\s*([A-Za-z0-9+/=]+)/i.exec(value);
  return m ? base64ToHex(m[1]!) : null;
}

/**
 * Hex SHA-256 of the whole file the response represents, or null. `partial` is true for a 206:
 * then `Content-Digest` covers only the range sent and is ignored. `Content-Digest` of a full
 * response covers the file only when it is not content-encoded (we ask for identity).
 */
export function representationSha256(headers: Headers, partial: boolean): string | null {
  const encoding = first(headers['content-encoding'])?.trim().toLowerCase();
  const identity = !encoding || encoding === 'identity';
  return (
    (identity ? fromStructured(first(headers['repr-digest'])) : null) ??
    (identity ? fromLegacy(first(headers['digest'])) : null) ??
    (!partial && identity ? fromStructured(first(headers['content-digest'])) : null)
  );
}
