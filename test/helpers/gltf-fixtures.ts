// glTF models as collectors' files come: Draco- or Meshopt-compressed GLB, GLB with a Basis
// Universal (KTX2) texture, and a .gltf whose buffer and texture are separate files. Each is the
// same box with a red-and-blue checkerboard texture, so a test can see that geometry AND texture
// were decoded (both colours on screen), not just that something was drawn.
import { Document, NodeIO, type Primitive } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import { draco, meshopt, reorder } from '@gltf-transform/functions';
import draco3d from 'draco3dgltf';
import { ktx2 } from 'ktx2-encoder/gltf-transform';
import { MeshoptEncoder } from 'meshoptimizer';
import sharp from 'sharp';

export const CHECKER_RED = '#d9482b';
export const CHECKER_BLUE = '#1e4fa3';

async function texturedBox(): Promise<Document> {
  const doc = new Document();
  const buffer = doc.createBuffer().setURI('box.bin');
  const p = [-1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1, -1, -1, -1, -1, 1, -1, 1, 1, -1, 1, -1, -1];
  const uv = [0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 0];
  const idx = [0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7, 3, 2, 6, 3, 6, 5, 0, 4, 7, 0, 7, 1, 1, 7, 6, 1, 6, 2, 0, 3, 5, 0, 5, 4];
  const checker = await sharp({ create: { width: 64, height: 64, channels: 3, background: CHECKER_RED } })
    .composite(
      Array.from({ length: 32 }, (_, i) => ({
        input: { create: { width: 8, height: 8, channels: 3 as const, background: CHECKER_BLUE } },
        left: ((i % 4) * 2 + (Math.floor(i / 4) % 2)) * 8,
        top: Math.floor(i / 4) * 8,
      })),
    )
    .png()
    .toBuffer();
  const texture = doc.createTexture('checker').setImage(checker).setMimeType('image/png').setURI('textures/checker.png');
  const material = doc.createMaterial('paint').setBaseColorTexture(texture).setRoughnessFactor(0.6);
  const prim: Primitive = doc
    .createPrimitive()
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(new Float32Array(p)).setBuffer(buffer))
    .setAttribute('TEXCOORD_0', doc.createAccessor().setType('VEC2').setArray(new Float32Array(uv)).setBuffer(buffer))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(idx)).setBuffer(buffer))
    .setMaterial(material);
  doc.createScene().addChild(doc.createNode('box').setMesh(doc.createMesh('box').addPrimitive(prim)).setRotation([0.3, 0.4, 0, 0.86]));
  return doc;
}

export interface GltfFixtures {
  draco: Uint8Array;
  meshopt: Uint8Array;
  ktx2: Uint8Array;
  /** The .gltf text and its separate files by URI (box.bin, textures/checker.png). */
  external: { gltf: string; resources: Record<string, Uint8Array> };
}

export async function makeGltfFixtures(): Promise<GltfFixtures> {
  await MeshoptEncoder.ready;
  const io = new NodeIO()
    .registerExtensions(ALL_EXTENSIONS)
    .registerDependencies({ 'draco3d.encoder': await draco3d.createEncoderModule(), 'meshopt.encoder': MeshoptEncoder });
  const imageDecoder = async (bytes: Uint8Array) => {
    const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data), width: info.width, height: info.height };
  };
  const external = await io.writeJSON(await texturedBox());
  return {
    draco: await io.writeBinary(await (await texturedBox()).transform(draco())),
    meshopt: await io.writeBinary(await (await texturedBox()).transform(reorder({ encoder: MeshoptEncoder }), meshopt({ encoder: MeshoptEncoder }))),
    // Basis Universal (ETC1S) texture in KTX2, as platforms ship for phones.
    ktx2: await io.writeBinary(await (await texturedBox()).transform(ktx2({ isUASTC: false, generateMipmap: true, enableDebug: false, imageDecoder }))),
    external: { gltf: JSON.stringify(external.json), resources: external.resources },
  };
}
