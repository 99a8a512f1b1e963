// Token metadata (the JSON a tokenURI points at) → the item's fields and its media files.
// Unknown fields are null, never invented; the JSON itself is kept as the item's metadata file.
import type { FileRole, MediaType } from '../../../api/contract.js';

export interface MediaRef {
  role: FileRole;
  uri: string;
}

export interface ParsedMetadata {
  name: string | null;
  description: string | null;
  creator: string | null;
  attributes: Array<{ trait: string; value: string }>;
  media: MediaRef[];
  /** Inline SVG (`image_data`), kept as a file of its own. */
  imageData: string | null;
  mediaType: MediaType;
  json: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);

const EXTENSION_TYPES: Array<[RegExp, MediaType, FileRole]> = [
  [/\.(glb|gltf)(\?|#|$)/i, 'model', 'model'],
  [/\.(mp4|webm|mov|m4v)(\?|#|$)/i, 'video', 'video'],
  [/\.(mp3|wav|ogg|flac|m4a)(\?|#|$)/i, 'audio', 'audio'],
  [/\.html?(\?|#|$)/i, 'html', 'animation'],
];

/** Role and media type of an animation_url, from its extension or a data: URL's MIME type. */
export function classifyAnimation(uri: string): { mediaType: MediaType; role: FileRole } {
  const mime = /^data:([^;,]+)/i.exec(uri)?.[1]?.toLowerCase();
  if (mime) {
    if (mime.startsWith('model/')) return { mediaType: 'model', role: 'model' };
    if (mime.startsWith('video/')) return { mediaType: 'video', role: 'video' };
    if (mime.startsWith('audio/')) return { mediaType: 'audio', role: 'audio' };
    if (mime === 'text/html') return { mediaType: 'html', role: 'animation' };
  }
  for (const [re, mediaType, role] of EXTENSION_TYPES) if (re.test(uri)) return { mediaType, role };
  return { mediaType: 'other', role: 'animation' };
}

export function parseMetadata(bytes: Uint8Array): ParsedMetadata {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error('the metadata is not valid JSON');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('the metadata is not a JSON object');
  const m = json as Record<string, unknown>;
  const media: MediaRef[] = [];
  const image = str(m.image) ?? str(m.image_url);
  if (image) media.push({ role: 'image', uri: image });
  let mediaType: MediaType = image || typeof m.image_data === 'string' ? 'image' : 'other';
  const animation = str(m.animation_url);
  if (animation) {
    const c = classifyAnimation(animation);
    media.push({ role: c.role, uri: animation });
    if (c.mediaType !== 'other') mediaType = c.mediaType;
  }
  const attributes = Array.isArray(m.attributes)
    ? (m.attributes as unknown[]).flatMap((a) => {
        if (!a || typeof a !== 'object') return [];
        const r = a as Record<string, unknown>;
        const value = str(r.value) ?? (typeof r.value === 'boolean' ? String(r.value) : null);
        return value === null ? [] : [{ trait: str(r.trait_type) ?? str(r.trait) ?? '', value }];
      })
    : [];
  return {
    name: str(m.name),
    description: str(m.description),
    creator: str(m.created_by) ?? str(m.artist) ?? str(m.creator),
    attributes,
    media,
    imageData: typeof m.image_data === 'string' && m.image_data.trim() ? m.image_data : null,
    mediaType,
    json: m,
  };
}
