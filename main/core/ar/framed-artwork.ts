// A picture as a real-world object: the image on a plane at its real size (by default 40 cm on
// the long side), in a thin dark frame with a back, so it can hang on a wall in AR. Built as a
// glTF document (metres, +Y up, facing +Z, back on z = 0, bottom edge on y = 0).
import { Document, type Material } from '@gltf-transform/core';
import { openImage } from '../previews/image-input.js';

export const DEFAULT_ARTWORK_LONG_SIDE_M = 0.4;
/** Textures phones handle comfortably. */
export const MAX_AR_TEXTURE_PX = 2048;

const FRAME_WIDTH_M = 0.018;
const FRAME_DEPTH_M = 0.022;
const ARTWORK_INSET_M = 0.004;

interface MeshData {
  positions: number[];
  normals: number[];
  uvs: number[];
  indices: number[];
}

const empty = (): MeshData => ({ positions: [], normals: [], uvs: [], indices: [] });

/** A quad from four corners (counter-clockwise seen from the front) with one normal. */
function quad(m: MeshData, corners: number[][], normal: number[], uv: number[][] = [[0, 1], [1, 1], [1, 0], [0, 0]]): void {
  const base = m.positions.length / 3;
  corners.forEach((c, i) => {
    m.positions.push(...c);
    m.normals.push(...normal);
    m.uvs.push(...uv[i]!);
  });
  m.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
}

/** An axis-aligned box without its back face (the frame's back is the backing board). */
type V3 = [number, number, number];

function box(m: MeshData, [x0, y0, z0]: V3, [x1, y1, z1]: V3): void {
  quad(m, [[x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1]], [0, 0, 1]); // front
  quad(m, [[x1, y0, z0], [x0, y0, z0], [x0, y1, z0], [x1, y1, z0]], [0, 0, -1]); // back
  quad(m, [[x0, y0, z0], [x0, y0, z1], [x0, y1, z1], [x0, y1, z0]], [-1, 0, 0]); // left
  quad(m, [[x1, y0, z1], [x1, y0, z0], [x1, y1, z0], [x1, y1, z1]], [1, 0, 0]); // right
  quad(m, [[x0, y1, z1], [x1, y1, z1], [x1, y1, z0], [x0, y1, z0]], [0, 1, 0]); // top
  quad(m, [[x0, y0, z0], [x1, y0, z0], [x1, y0, z1], [x0, y0, z1]], [0, -1, 0]); // bottom
}

export interface FramedArtworkOptions {
  /** Length of the picture's long side, in metres (default 0.4). */
  longSideMeters?: number;
  title?: string;
}

export interface FramedArtwork {
  doc: Document;
  widthMeters: number;
  heightMeters: number;
}

/** Builds the framed picture from image bytes or an image file's path (any format sharp reads;
 *  SVG is rasterized). */
export async function makeFramedArtwork(image: Buffer | string, options: FramedArtworkOptions = {}): Promise<FramedArtwork> {
  const longSide = options.longSideMeters ?? DEFAULT_ARTWORK_LONG_SIDE_M;
  if (!(longSide > 0.01 && longSide <= 20)) throw new Error(`artwork size ${longSide} m is out of range (0.01–20 m)`);
  const opened = await openImage(image);
  const pipeline = opened.pipeline().rotate().resize(MAX_AR_TEXTURE_PX, MAX_AR_TEXTURE_PX, { fit: 'inside', withoutEnlargement: true });
  // JPEG for opaque pictures (small), PNG when there is transparency; both open everywhere.
  const { data: texture, info } = opened.hasAlpha
    ? await pipeline.png({ compressionLevel: 8 }).toBuffer({ resolveWithObject: true })
    : await pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 88, mozjpeg: true }).toBuffer({ resolveWithObject: true });
  const aspect = info.width / info.height;
  const w = aspect >= 1 ? longSide : longSide * aspect;
  const h = aspect >= 1 ? longSide / aspect : longSide;

  const F = FRAME_WIDTH_M;
  const D = FRAME_DEPTH_M;
  const x0 = -w / 2 - F;
  const x1 = w / 2 + F;
  const y0 = 0;
  const y1 = h + 2 * F;
  const z = D - ARTWORK_INSET_M;

  const art = empty();
  quad(art, [[-w / 2, F, z], [w / 2, F, z], [w / 2, F + h, z], [-w / 2, F + h, z]], [0, 0, 1]);

  const frame = empty();
  box(frame, [x0, y0, 0.002], [x1, F, D]); // bottom rail
  box(frame, [x0, F + h, 0.002], [x1, y1, D]); // top rail
  box(frame, [x0, F, 0.002], [-w / 2, F + h, D]); // left rail
  box(frame, [w / 2, F, 0.002], [x1, F + h, D]); // right rail

  const back = empty();
  box(back, [x0 + 0.001, y0 + 0.001, 0], [x1 - 0.001, y1 - 0.001, 0.002]);
  // The board also fills the recess behind the picture, so no gap shows from the side.
  quad(back, [[-w / 2, F, 0.002], [w / 2, F, 0.002], [w / 2, F + h, 0.002], [-w / 2, F + h, 0.002]], [0, 0, 1]);

  const doc = new Document();
  doc.getRoot().getAsset().generator = 'Holdfast (framed artwork)';
  const buffer = doc.createBuffer();
  const artTexture = doc
    .createTexture('artwork')
    .setImage(texture)
    .setMimeType(opened.hasAlpha ? 'image/png' : 'image/jpeg')
    .setURI(opened.hasAlpha ? 'artwork.png' : 'artwork.jpg');
  const materials: Record<'art' | 'frame' | 'back', Material> = {
    art: doc.createMaterial('Artwork').setBaseColorTexture(artTexture).setRoughnessFactor(0.75).setMetallicFactor(0),
    // Dark walnut and raw board, as linear factors.
    frame: doc.createMaterial('Frame').setBaseColorFactor([0.045, 0.028, 0.018, 1]).setRoughnessFactor(0.45).setMetallicFactor(0),
    back: doc.createMaterial('Backing').setBaseColorFactor([0.33, 0.27, 0.2, 1]).setRoughnessFactor(0.95).setMetallicFactor(0),
  };
  if (opened.hasAlpha) materials.art.setAlphaMode('BLEND');

  const mesh = doc.createMesh('FramedArtwork');
  for (const [key, data] of [
    ['art', art],
    ['frame', frame],
    ['back', back],
  ] as const) {
    const prim = doc
      .createPrimitive()
      .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(new Float32Array(data.positions)).setBuffer(buffer))
      .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(new Float32Array(data.normals)).setBuffer(buffer))
      .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(data.indices)).setBuffer(buffer))
      .setMaterial(materials[key]);
    if (key === 'art') prim.setAttribute('TEXCOORD_0', doc.createAccessor().setType('VEC2').setArray(new Float32Array(data.uvs)).setBuffer(buffer));
    mesh.addPrimitive(prim);
  }
  const node = doc.createNode(options.title ? options.title.slice(0, 120) : 'Artwork').setMesh(mesh);
  doc.createScene('Scene').addChild(node);
  doc.getRoot().setDefaultScene(doc.getRoot().listScenes()[0]!);
  return { doc, widthMeters: w + 2 * F, heightMeters: h + 2 * F };
}
