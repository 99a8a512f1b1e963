// Raster and vector generative artwork for the demo library.

import sharp from 'sharp';
import { artSvg, planArt } from './svg.js';

export type ArtworkFormat = 'png' | 'jpeg' | 'webp' | 'gif';

/** Frames in an animated GIF artwork, and the delay between them. */
export const GIF_FRAMES = 12;
export const GIF_DELAY_MS = 90;

const MIN_SIDE = 16;
const MAX_SIDE = 4096;

function checkSide(name: string, v: number): void {
  if (!Number.isInteger(v) || v < MIN_SIDE || v > MAX_SIDE) {
    throw new RangeError(`${name} must be an integer between ${MIN_SIDE} and ${MAX_SIDE}, got ${v}`);
  }
}

/** Render an SVG string to a sharp pipeline at its own pixel size. */
export function renderSvg(svg: string): ReturnType<typeof sharp> {
  return sharp(Buffer.from(svg, 'utf8'), { density: 72 });
}

/** Artwork image (gradients, circles, waves, a border and the title). `gif` is animated. */
export async function makeArtwork(
  format: ArtworkFormat,
  opts: { seed: number; width: number; height: number; title: string },
): Promise<Buffer> {
  const { seed, width, height, title } = opts;
  checkSide('width', width);
  checkSide('height', height);
  if (format === 'gif') return makeAnimatedGif(seed, width, height, title);
  const svg = artSvg({ seed, width, height, title });
  const img = renderSvg(svg).flatten({ background: '#000000' });
  switch (format) {
    case 'png':
      return img.png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
    case 'jpeg':
      return img.jpeg({ quality: 88, mozjpeg: true, chromaSubsampling: '4:2:0' }).toBuffer();
    case 'webp':
      return img.webp({ quality: 86, effort: 4 }).toBuffer();
    default: {
      const never: never = format;
      throw new RangeError(`unknown artwork format ${String(never)}`);
    }
  }
}

async function makeAnimatedGif(seed: number, width: number, height: number, title: string): Promise<Buffer> {
  const plan = planArt(seed);
  const frameBytes = width * height * 4;
  const strip = Buffer.alloc(frameBytes * GIF_FRAMES);
  for (let f = 0; f < GIF_FRAMES; f++) {
    const svg = artSvg({ seed, width, height, title, phase: f / GIF_FRAMES, plan });
    const raw = await renderSvg(svg).flatten({ background: '#000000' }).ensureAlpha().raw().toBuffer();
    if (raw.length !== frameBytes) throw new Error(`unexpected frame size ${raw.length}, wanted ${frameBytes}`);
    raw.copy(strip, f * frameBytes);
  }
  return sharp(strip, { raw: { width, height: height * GIF_FRAMES, channels: 4, pageHeight: height } })
    .gif({ loop: 0, delay: Array.from({ length: GIF_FRAMES }, () => GIF_DELAY_MS), effort: 7, dither: 0.6 })
    .toBuffer();
}

/** A standalone SVG document of generative art (800×800, no scripts, no external references). */
export function makeSvgArtwork(opts: { seed: number; title: string }): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + artSvg({ seed: opts.seed, width: 800, height: 800, title: opts.title }) + '\n';
}
