// Is a file what its name says, and whole? A broken file is reported and left out; it never
// stops an import. Pictures are decoded (a cut-off JPEG fails here, not in the viewer), other
// media are sniffed from their first bytes, GLB models are checked against their own header.
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import { sniffMime } from '../../blob/mime.js';
import type { FileKind } from './classify.js';

const HEAD_BYTES = 4100;

async function head(path: string): Promise<{ bytes: Buffer; size: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(bytes, 0, bytes.length, 0);
    return { bytes, size };
  } finally {
    await handle.close();
  }
}

const FAMILY: Partial<Record<FileKind, (mime: string) => boolean>> = {
  image: (m) => m.startsWith('image/'),
  video: (m) => m.startsWith('video/') || m === 'application/mp4',
  audio: (m) => m.startsWith('audio/') || m === 'video/ogg' || m === 'application/ogg',
  model: (m) => m.startsWith('model/') || m === 'application/json' || m === 'application/zip' || m === 'application/octet-stream',
  document: (m) => m === 'application/pdf',
  html: (m) => m === 'text/html' || m === 'application/octet-stream',
};

/** Sharp cannot decode these, though they are pictures; their bytes are only sniffed. */
const UNDECODABLE = new Set(['image/heic', 'image/heif', 'image/bmp', 'image/x-icon', 'image/vnd.adobe.photoshop']);

/** The file's MIME type, or throws with what is wrong with it. */
export async function checkFile(path: string, kind: FileKind): Promise<{ mime: string; size: number }> {
  const { bytes, size } = await head(path);
  if (size === 0) throw new Error('the file is empty');
  const mime = await sniffMime(bytes);
  const fits = FAMILY[kind];
  if (fits && !fits(mime)) throw new Error(`named as ${kind} but its bytes are ${mime === 'application/octet-stream' ? 'not a known format' : mime}`);
  if (kind === 'image' && !UNDECODABLE.has(mime)) {
    try {
      // Decoding to a tiny size reads every byte of the picture: a truncated file fails here.
      await sharp(path, { failOn: 'truncated', limitInputPixels: 400_000_000, animated: false }).resize(16, 16, { fit: 'inside' }).raw().toBuffer();
    } catch (error) {
      throw new Error(`the picture is damaged or cut short (${(error as Error).message.split('\n')[0]})`, { cause: error });
    }
  }
  if (mime === 'model/gltf-binary') {
    // A GLB states its own length at bytes 8–11; a shorter file was cut off.
    const declared = bytes.length >= 12 ? bytes.readUInt32LE(8) : 0;
    if (declared !== size) throw new Error(`the 3D model is cut short (its header says ${declared} bytes, the file has ${size})`);
  }
  return { mime, size };
}
