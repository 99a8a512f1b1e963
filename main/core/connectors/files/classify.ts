// What a file in an imported folder is, from its name: media of some kind, a sidecar with fields,
// a certificate, a thumbnail… The bytes are checked later (check-file.ts); names only sort.
import type { FileRole, MediaType } from '../../../api/contract.js';

export type FileKind = 'image' | 'model' | 'video' | 'audio' | 'html' | 'document' | 'json' | 'csv' | 'other';

const EXTENSIONS: Record<string, FileKind> = {
  png: 'image', jpg: 'image', jpeg: 'image', webp: 'image', gif: 'image', avif: 'image', svg: 'image', bmp: 'image', tif: 'image', tiff: 'image', heic: 'image',
  glb: 'model', gltf: 'model', usdz: 'model', obj: 'model', fbx: 'model',
  mp4: 'video', mov: 'video', webm: 'video', m4v: 'video', mkv: 'video',
  mp3: 'audio', wav: 'audio', m4a: 'audio', aac: 'audio', flac: 'audio', ogg: 'audio', opus: 'audio',
  html: 'html', htm: 'html',
  pdf: 'document',
  json: 'json',
  csv: 'csv',
};

/** Name parts that say a file is the certificate, or a small picture of the item. Matched at
 *  the end of the base name ("龙-证书.png", "dragon_certificate.jpg", "dragon.thumb.png"). */
const CERTIFICATE = /(?:(?:^|[\s._-]+)(?:certificate|cert)|[\s._-]*(?:藏品证书|数字证书|证书))$/i;
const THUMBNAIL = /(?:[\s._-]+(?:thumbnail|thumb|缩略图|preview|预览))$/i;
const POSTER = /(?:[\s._-]+(?:poster|cover|封面))$/i;

export interface Classified {
  kind: FileKind;
  /** The base name without extension and without a role suffix: files that share it belong
   *  together. Case and width are folded so "Dragon.PNG" and "dragon-证书.jpg" meet. */
  stem: string;
  /** The base name without extension, as written (for item names). */
  title: string;
  role: FileRole | 'sidecar';
  isCertificate: boolean;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function classify(fileName: string): Classified {
  const ext = extensionOf(fileName);
  const kind = EXTENSIONS[ext] ?? 'other';
  const title = ext ? fileName.slice(0, -(ext.length + 1)) : fileName;
  let base = title.normalize('NFKC').trim();
  let role: Classified['role'];
  let isCertificate = false;
  if (CERTIFICATE.test(base) && (kind === 'image' || kind === 'document')) {
    isCertificate = true;
    role = 'certificate';
    base = base.replace(CERTIFICATE, '');
  } else if (THUMBNAIL.test(base) && kind === 'image') {
    role = 'thumbnail';
    base = base.replace(THUMBNAIL, '');
  } else if (POSTER.test(base) && kind === 'image') {
    role = 'poster';
    base = base.replace(POSTER, '');
  } else if (kind === 'json' || kind === 'csv') {
    role = 'sidecar';
  } else {
    role = kind === 'html' || kind === 'document' ? 'other' : kind === 'other' ? 'other' : kind;
  }
  return { kind, stem: base.toLowerCase().replace(/[\s._-]+$/, ''), title: base.replace(/[\s._-]+$/, '') || title, role, isCertificate };
}

/** The item's media type from the files it has: a 3D model with a poster is a model, a video
 *  with a cover is a video, and so on. */
export function mediaTypeOf(kinds: FileKind[]): MediaType {
  for (const k of ['model', 'video', 'audio', 'image', 'html'] as const) if (kinds.includes(k)) return k;
  return 'other';
}
