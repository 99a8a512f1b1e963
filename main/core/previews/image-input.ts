// Opening untrusted pictures with sharp, safely. A platform's file can be anything: a PNG that
// claims 100 000 × 100 000 pixels in a 100-byte file (a decompression bomb), a truncated JPEG, an
// SVG that asks for a huge canvas. Every decode goes through here, with a pixel limit.
import { closeSync, openSync, readSync } from 'node:fs';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';

/** The most pixels Holdfast will decode from one picture (≈ 12 000 × 10 000). A real artwork
 *  is far below; a bomb is far above, and is refused from its header before any memory goes. */
export const MAX_INPUT_PIXELS = 120_000_000;

/** SVGs are rasterized at the density that gives this many pixels on the long side. */
const SVG_TARGET_PX = 2048;

export class ImageRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageRefused';
  }
}

export interface OpenedImage {
  /** A fresh sharp pipeline over the input, limits applied, first frame only. */
  pipeline(): Sharp;
  width: number;
  height: number;
  format: string;
  hasAlpha: boolean;
}

const isSvg = (bytes: Uint8Array) => /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(Buffer.from(bytes.subarray(0, 2048)).toString('utf8'));

/** The first bytes of a picture given as bytes or as a file path (enough to tell SVG apart). */
function headOf(input: Buffer | string): Uint8Array {
  if (typeof input !== 'string') return input;
  const fd = openSync(input, 'r');
  try {
    const head = Buffer.alloc(2048);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Reads the header, refuses what is too large or not a picture, and hands back a pipeline
 *  factory. The picture is bytes, or the path of a file (a blob): then libvips reads the file
 *  itself as it decodes, and the compressed picture is never held in memory whole. Throws
 *  ImageRefused with a message naming what was wrong. */
export async function openImage(input: Buffer | string, options: { maxPixels?: number } = {}): Promise<OpenedImage> {
  const maxPixels = options.maxPixels ?? MAX_INPUT_PIXELS;
  const base: SharpOptions = { limitInputPixels: maxPixels, failOn: 'error', pages: 1, sequentialRead: true };
  let density: number | undefined;
  if (isSvg(headOf(input))) {
    // Rasterize at the density that makes the long side SVG_TARGET_PX, within the pixel limit.
    const natural = await readMetadata(input, { ...base, density: 72, limitInputPixels: false });
    const long = Math.max(natural.width ?? 0, natural.height ?? 0, 1);
    density = Math.max(1, Math.min(2400, (72 * SVG_TARGET_PX) / long));
  }
  // Reading the header decodes no pixels, so it runs without the limit: that lets the refusal
  // below name the size a bomb claims. Every decode (pipeline()) keeps the limit.
  const meta = await readMetadata(input, { ...base, density, limitInputPixels: false });
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!width || !height) throw new ImageRefused(`the picture has no size in its header (${meta.format ?? 'unknown format'})`);
  if (width * height > maxPixels) {
    throw new ImageRefused(
      `the picture claims ${width} × ${height} pixels, more than the limit of ${maxPixels.toLocaleString('en')} pixels (a decompression bomb or a damaged header); it was not decoded`,
    );
  }
  return {
    pipeline: () => sharp(input, { ...base, density }),
    width,
    height,
    format: meta.format ?? 'unknown',
    hasAlpha: Boolean(meta.hasAlpha),
  };
}

async function readMetadata(input: Buffer | string, options: SharpOptions): Promise<Metadata> {
  try {
    return await sharp(input, options).metadata();
  } catch (error) {
    throw new ImageRefused(`not a picture Holdfast can read: ${describeSharpError(error)}`);
  }
}

export function describeSharpError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // libvips messages can span lines; the first one says what went wrong.
  return message.split('\n')[0]!.replace(/^Input (buffer|file) /, 'input ').trim();
}
