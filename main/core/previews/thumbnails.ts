// Thumbnails: a 768 px WebP for the item page, a 256 px WebP for the grid, and a 16 px WebP
// placeholder (as a data: URL) shown blurred while they load. The source is decoded once, at
// 768 px with libvips' shrink-on-load, and the smaller sizes come from that result.
import sharp from 'sharp';
import { describeSharpError, ImageRefused, openImage } from './image-input.js';

import { THUMBNAIL_SIZES } from '../../common/preview-sources.js';

export { THUMBNAIL_SIZES };
const PLACEHOLDER_SIZE = 16;

export interface Thumbnails {
  /** Fits in 256 × 256, WebP. */
  small: Buffer;
  /** Fits in 768 × 768, WebP. */
  large: Buffer;
  /** data:image/webp;base64,… of a 16 px version. */
  placeholder: string;
  /** Size of the source picture. */
  width: number;
  height: number;
}

/** Thumbnails of a picture given as bytes or as a file path (preferred: see openImage). */
export async function makeThumbnails(input: Buffer | string, options: { maxPixels?: number } = {}): Promise<Thumbnails> {
  const image = await openImage(input, options);
  try {
    const large = await image
      .pipeline()
      .rotate() // EXIF orientation, as a viewer would show it
      .resize(THUMBNAIL_SIZES.large, THUMBNAIL_SIZES.large, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80, effort: 2, alphaQuality: 90 })
      .toBuffer();
    const small = await sharp(large)
      .resize(THUMBNAIL_SIZES.small, THUMBNAIL_SIZES.small, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 78, effort: 2 })
      .toBuffer();
    const tiny = await sharp(small).resize(PLACEHOLDER_SIZE, PLACEHOLDER_SIZE, { fit: 'inside' }).webp({ quality: 50, effort: 2 }).toBuffer();
    return { small, large, placeholder: `data:image/webp;base64,${tiny.toString('base64')}`, width: image.width, height: image.height };
  } catch (error) {
    if (error instanceof ImageRefused) throw error;
    throw new ImageRefused(`the picture could not be decoded: ${describeSharpError(error)}`);
  }
}

/** The picture shown for an item whose own picture is broken or missing: a quiet grey card with
 *  a broken-picture mark. The same bytes for every item, so the blob store keeps it once. */
export async function makeFallbackThumbnails(): Promise<Omit<Thumbnails, 'width' | 'height'>> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="768" height="768" viewBox="0 0 768 768">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#e4e2dd"/><stop offset="1" stop-color="#cfccc5"/></linearGradient></defs>
    <rect width="768" height="768" fill="url(#g)"/>
    <g fill="none" stroke="#8f8a80" stroke-width="14" stroke-linejoin="round" stroke-linecap="round">
      <path d="M254 274h260v220H254z"/><path d="M254 444l80-76 62 58 44-38 74 66"/><circle cx="450" cy="330" r="22"/>
      <path d="M230 540l308-308" stroke="#b34d3b"/>
    </g></svg>`;
  const large = await sharp(Buffer.from(svg)).webp({ quality: 80 }).toBuffer();
  const small = await sharp(large).resize(256, 256).webp({ quality: 78 }).toBuffer();
  const tiny = await sharp(small).resize(16, 16).webp({ quality: 50 }).toBuffer();
  return { small, large, placeholder: `data:image/webp;base64,${tiny.toString('base64')}` };
}
