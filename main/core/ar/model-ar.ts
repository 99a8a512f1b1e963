// 3D items in AR. The original GLB is kept byte for byte and used as the AR GLB when a phone can
// take it as it is. When the source is a .gltf with external files, is compressed in a way
// viewers may not read, or is over the phone budget, an AR-optimized GLB is written instead:
// duplicates merged, textures down to 2048 px, meshes simplified only when over the triangle
// budget. Both paths end in a glTF document the USDZ writer converts.
import { NodeIO, type Document } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import { dedup, prune, simplify, textureCompress, weld } from '@gltf-transform/functions';
import { ImageUtils } from '@gltf-transform/core';
import draco3d from 'draco3dgltf';
import { MeshoptDecoder, MeshoptEncoder, MeshoptSimplifier } from 'meshoptimizer';
import sharp from 'sharp';
import { ktx2ToPng } from './basis-textures.js';
import { MAX_AR_TEXTURE_PX } from './framed-artwork.js';

export const AR_BUDGET = {
  /** Scene Viewer and Quick Look load larger files, but slowly over Wi-Fi and with a risk of
   *  running out of memory on older phones. */
  maxBytes: 30 * 1024 * 1024,
  maxTextureSize: MAX_AR_TEXTURE_PX,
  maxTriangles: 250_000,
} as const;

/** Extensions any AR viewer reads or may ignore safely; anything else in extensionsRequired
 *  (Draco, meshopt, KTX2, WebP…) gets the file rewritten. */
const PLAIN_EXTENSIONS = new Set([
  'KHR_materials_emissive_strength',
  'KHR_materials_unlit',
  'KHR_texture_transform',
  'KHR_mesh_quantization',
  'KHR_materials_clearcoat',
  'KHR_materials_ior',
  'KHR_materials_specular',
  'KHR_materials_transmission',
  'KHR_materials_volume',
  'KHR_materials_sheen',
  'KHR_lights_punctual',
]);

let ioPromise: Promise<NodeIO> | null = null;

export function gltfIo(): Promise<NodeIO> {
  ioPromise ??= (async () => {
    // Without a registered decoder, gltf-transform cannot read Draco or meshopt geometry at all.
    const [dracoDecoder] = await Promise.all([draco3d.createDecoderModule(), MeshoptDecoder.ready, MeshoptEncoder.ready]);
    return new NodeIO().registerExtensions(ALL_EXTENSIONS).registerDependencies({
      'draco3d.decoder': dracoDecoder,
      'meshopt.decoder': MeshoptDecoder,
      'meshopt.encoder': MeshoptEncoder,
    });
  })();
  return ioPromise;
}

export interface ModelFile {
  bytes: Uint8Array;
  mime: string;
  fileName: string | null;
}

export const isGlb = (bytes: Uint8Array) => bytes.length >= 12 && Buffer.from(bytes.subarray(0, 4)).toString('latin1') === 'glTF';

/** Reads a GLB, or a .gltf whose external files (buffers, textures) are among `siblings`
 *  (matched by their path, then by file name). */
export async function readModel(main: ModelFile, siblings: ReadonlyMap<string, Uint8Array> = new Map()): Promise<Document> {
  const io = await gltfIo();
  if (isGlb(main.bytes)) return io.readBinary(main.bytes);
  let json: { buffers?: Array<{ uri?: string }>; images?: Array<{ uri?: string }> };
  try {
    json = JSON.parse(Buffer.from(main.bytes).toString('utf8')) as typeof json;
  } catch {
    throw new Error('the model is neither a GLB nor glTF JSON');
  }
  const resources: Record<string, Uint8Array<ArrayBuffer>> = {};
  const uris = [...(json.buffers ?? []), ...(json.images ?? [])].map((e) => e.uri).filter((u): u is string => !!u && !u.startsWith('data:'));
  for (const uri of uris) {
    const decoded = safeDecode(uri);
    const base = decoded.split('/').pop()!;
    const found = siblings.get(decoded) ?? siblings.get(uri) ?? siblings.get(base);
    if (!found) throw new Error(`the glTF refers to ${JSON.stringify(uri)}, which is not among the item's files`);
    resources[uri] = new Uint8Array(found);
  }
  return io.readJSON({ json: json as never, resources });
}

function safeDecode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

export interface ModelStats {
  triangles: number;
  maxTextureSize: number;
  requiredExtensions: string[];
}

export function modelStats(doc: Document): ModelStats {
  let triangles = 0;
  for (const node of doc.getRoot().listNodes()) {
    for (const prim of node.getMesh()?.listPrimitives() ?? []) {
      if (prim.getMode() !== 4) continue;
      const n = prim.getIndices()?.getCount() ?? prim.getAttribute('POSITION')?.getCount() ?? 0;
      triangles += Math.floor(n / 3);
    }
  }
  let maxTextureSize = 0;
  for (const texture of doc.getRoot().listTextures()) {
    const image = texture.getImage();
    const size = image ? ImageUtils.getSize(image, texture.getMimeType()) : null;
    if (size) maxTextureSize = Math.max(maxTextureSize, size[0], size[1]);
  }
  const requiredExtensions = doc
    .getRoot()
    .listExtensionsUsed()
    .filter((e) => e.isRequired())
    .map((e) => e.extensionName);
  return { triangles, maxTextureSize, requiredExtensions };
}

/** Why the original cannot serve as the AR file as it is, or null when it can. */
export function reasonToOptimize(main: ModelFile, stats: ModelStats): string | null {
  if (!isGlb(main.bytes)) return 'the source is glTF with external files; AR viewers need one GLB';
  const unusual = stats.requiredExtensions.filter((e) => !PLAIN_EXTENSIONS.has(e));
  if (unusual.length) return `it requires ${unusual.join(', ')}, which AR viewers may not read`;
  if (main.bytes.length > AR_BUDGET.maxBytes) return `it is ${(main.bytes.length / 1048576).toFixed(1)} MB, over the ${AR_BUDGET.maxBytes / 1048576} MB phone budget`;
  if (stats.maxTextureSize > AR_BUDGET.maxTextureSize) return `it has ${stats.maxTextureSize} px textures, over ${AR_BUDGET.maxTextureSize} px`;
  if (stats.triangles > AR_BUDGET.maxTriangles) return `it has ${stats.triangles.toLocaleString('en')} triangles, over ${AR_BUDGET.maxTriangles.toLocaleString('en')}`;
  return null;
}

/** Rewrites the document in place for phones; returns what was done, for the record. */
export async function optimizeForAr(doc: Document, stats: ModelStats): Promise<string[]> {
  const done: string[] = [];
  // Geometry and textures were decoded on read; drop the compression so the output is plain.
  for (const ext of doc.getRoot().listExtensionsUsed()) {
    if (['EXT_meshopt_compression', 'KHR_draco_mesh_compression'].includes(ext.extensionName)) {
      ext.dispose();
      done.push(`decompressed ${ext.extensionName}`);
    }
  }
  await doc.transform(dedup());
  if (stats.triangles > AR_BUDGET.maxTriangles) {
    const ratio = AR_BUDGET.maxTriangles / stats.triangles;
    await doc.transform(weld(), simplify({ simplifier: MeshoptSimplifier, ratio, error: 0.01 }));
    done.push(`simplified ${stats.triangles.toLocaleString('en')} → ${modelStats(doc).triangles.toLocaleString('en')} triangles`);
  }
  const needsFormat = doc
    .getRoot()
    .listTextures()
    .some((t) => !['image/png', 'image/jpeg'].includes(t.getMimeType()));
  if (needsFormat) {
    // KTX2/Basis, WebP and AVIF become PNG, which every viewer reads (Quick Look: PNG/JPEG only).
    for (const texture of doc.getRoot().listTextures()) {
      const image = texture.getImage();
      if (texture.getMimeType() !== 'image/ktx2' || !image) continue;
      texture.setImage(await ktx2ToPng(image)).setMimeType('image/png');
      texture.setURI(texture.getURI().replace(/\.ktx2$/i, '.png'));
    }
    for (const ext of doc.getRoot().listExtensionsUsed()) if (ext.extensionName === 'KHR_texture_basisu') ext.dispose();
    await doc.transform(textureCompress({ encoder: sharp, formats: /webp|avif/, targetFormat: 'png' }));
    for (const ext of doc.getRoot().listExtensionsUsed()) {
      if (['EXT_texture_webp', 'EXT_texture_avif'].includes(ext.extensionName)) ext.dispose();
    }
    done.push('converted textures to PNG');
  }
  if (stats.maxTextureSize > AR_BUDGET.maxTextureSize) {
    await doc.transform(
      textureCompress({ encoder: sharp, formats: /png|jpeg/, resize: [AR_BUDGET.maxTextureSize, AR_BUDGET.maxTextureSize] }),
    );
    done.push(`textures ≤ ${AR_BUDGET.maxTextureSize} px`);
  }
  await doc.transform(prune());
  return done;
}

export async function writeGlb(doc: Document): Promise<Uint8Array> {
  return (await gltfIo()).writeBinary(doc);
}
