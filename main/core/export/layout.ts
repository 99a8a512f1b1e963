// Where everything goes inside a bundle, and how each file is packed. One home for these rules:
// the writer places files with them and the checker reads with them.

/** The single top-level folder of the zip (RFC 8493 §4: a serialized bag has one). Fixed, so the
 *  same library state gives the same bytes whatever the zip is called. */
export const BAG_ROOT = 'holdfast-bundle';

export const HOLDINGS_JSON = 'data/holdings.json';
export const HOLDINGS_JS = 'data/holdings.js';
export const VIEWER_INDEX = 'data/index.html';
export const VIEWER_DIR = 'data/viewer';
export const MODEL_SCRIPTS_DIR = 'data/viewer/models';

const MIME_EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
  'image/bmp': 'bmp',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'video/quicktime': 'mov',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/aac': 'aac',
  'audio/mp4': 'm4a',
  'audio/flac': 'flac',
  'model/gltf-binary': 'glb',
  'model/gltf+json': 'gltf',
  'model/vnd.usdz+zip': 'usdz',
  'application/json': 'json',
  'text/html': 'html',
  'text/plain': 'txt',
  'application/pdf': 'pdf',
};

/** Keeps ids readable in paths while allowing only characters every file system and every
 *  manifest reader accepts. */
export function pathSegment(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_').slice(0, 80);
  return cleaned || '_';
}

function extensionFor(mime: string, fileName: string | null): string {
  const known = MIME_EXTENSIONS[mime.split(';')[0]!.trim().toLowerCase()];
  if (known) return known;
  const fromName = /\.([A-Za-z0-9]{1,8})$/.exec(fileName ?? '')?.[1];
  return fromName ? fromName.toLowerCase() : 'bin';
}

/** data/items/<platform>/<item id>/<role>-<sha256 prefix>.<ext>: unique per item, role and content. */
export function itemFilePath(platform: string, itemId: string, role: string, sha256: string, mime: string, fileName: string | null): string {
  return `data/items/${pathSegment(platform)}/${pathSegment(itemId)}/${pathSegment(role)}-${sha256.slice(0, 16)}.${extensionFor(mime, fileName)}`;
}

export function evidenceFilePath(platform: string, itemId: string, kind: string, sha256: string, mime: string): string {
  return `data/evidence/${pathSegment(platform)}/${pathSegment(itemId)}/${pathSegment(kind)}-${sha256.slice(0, 16)}.${extensionFor(mime, null)}`;
}

export function modelScriptPath(sha256: string): string {
  return `${MODEL_SCRIPTS_DIR}/${sha256}.js`;
}

/** Models the offline viewer shows in 3D: an item's own GLB or .gltf model (AR renditions are
 *  for AR apps; a .gltf's buffers and textures go with it, see model-script.ts). Each is also
 *  written as a script (base64, a third larger), so very large ones are left to be opened with
 *  a 3D app instead. */
export const MAX_VIEWER_MODEL_BYTES = 64 << 20;
export const isViewableModel = (role: string, mime: string, size: number) =>
  role === 'model' && (mime === 'model/gltf-binary' || mime === 'model/gltf+json') && size <= MAX_VIEWER_MODEL_BYTES;

// Formats that are compressed already gain nothing from deflate and cost CPU: stored as is.
const COMPRESSIBLE = [/^text\//, /json$/, /xml$/, /^image\/svg\+xml$/, /^image\/bmp$/, /^audio\/(x-)?wav$/, /javascript$/];

export function shouldDeflate(mime: string): boolean {
  const m = mime.split(';')[0]!.trim().toLowerCase();
  return COMPRESSIBLE.some((re) => re.test(m));
}

/** The MIME type of an entry by its name (for files the bundle itself makes). */
export function mimeOfPath(path: string): string {
  if (path.endsWith('.js')) return 'text/javascript';
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.html')) return 'text/html';
  if (path.endsWith('.css')) return 'text/css';
  if (path.endsWith('.txt')) return 'text/plain';
  if (path.endsWith('.svg')) return 'image/svg+xml';
  return 'application/octet-stream';
}
