// Joining a path that came from outside (a URL, an archive entry) onto a folder, refusing
// anything that would land outside it: `..`, absolute paths, drive letters, NUL bytes.
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export function safeJoin(root: string, untrusted: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(untrusted);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || isAbsolute(decoded) || /^[a-zA-Z]:/.test(decoded) || decoded.startsWith('\\')) return null;
  const base = resolve(root);
  const target = resolve(join(base, decoded));
  const rel = relative(base, target);
  if (rel === '' ) return target;
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return target;
}
