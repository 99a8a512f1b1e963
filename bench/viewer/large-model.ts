// A large 3D item for the viewer benchmark, as a heavy collectible arrives: about a million
// triangles (a displaced sphere) and three 4096 × 4096 textures (colour, normal,
// roughness/metalness). The bench opens it to time the first frame and to watch the page's
// long tasks while the GPU takes the upload.
import { Document, NodeIO } from '@gltf-transform/core';
import sharp from 'sharp';

const SEGMENTS = 720; // 720 × 720 quads ≈ 1.04 million triangles
const TEXTURE = 4096;

async function texture(svgBody: string, format: 'jpeg' | 'png'): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${TEXTURE}" height="${TEXTURE}">${svgBody}</svg>`;
  const image = sharp(Buffer.from(svg));
  return format === 'jpeg' ? image.jpeg({ quality: 85 }).toBuffer() : image.png({ compressionLevel: 6 }).toBuffer();
}

export interface LargeModel {
  bytes: Uint8Array;
  triangles: number;
}

export async function makeLargeModelGlb(): Promise<LargeModel> {
  const rows = SEGMENTS + 1;
  const positions = new Float32Array(rows * rows * 3);
  const normals = new Float32Array(rows * rows * 3);
  const uvs = new Float32Array(rows * rows * 2);
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < rows; i++) {
      const u = i / SEGMENTS;
      const v = j / SEGMENTS;
      const theta = u * Math.PI * 2;
      const phi = v * Math.PI;
      const n = [Math.sin(phi) * Math.cos(theta), Math.cos(phi), Math.sin(phi) * Math.sin(theta)] as const;
      const r = 1 + 0.04 * Math.sin(theta * 12) * Math.sin(phi * 9);
      const k = j * rows + i;
      positions.set([n[0] * r, n[1] * r, n[2] * r], k * 3);
      normals.set(n, k * 3);
      uvs.set([u, v], k * 2);
    }
  }
  const indices = new Uint32Array(SEGMENTS * SEGMENTS * 6);
  let o = 0;
  for (let j = 0; j < SEGMENTS; j++) {
    for (let i = 0; i < SEGMENTS; i++) {
      const a = j * rows + i;
      const b = a + rows;
      indices.set([a, b, a + 1, b, b + 1, a + 1], o);
      o += 6;
    }
  }

  const stripes = Array.from({ length: 64 }, (_, s) => `<rect x="0" y="${s * 64}" width="${TEXTURE}" height="32" fill="hsl(${(s * 23) % 360},60%,55%)"/>`).join('');
  const [color, normal, roughness] = await Promise.all([
    texture(`<rect width="100%" height="100%" fill="#d9c9a3"/>${stripes}`, 'jpeg'),
    texture(`<rect width="100%" height="100%" fill="rgb(128,128,255)"/>${stripes.replaceAll(/hsl\([^)]*\)/g, 'rgb(150,128,240)')}`, 'png'),
    texture(`<rect width="100%" height="100%" fill="rgb(0,140,30)"/>${stripes.replaceAll(/hsl\([^)]*\)/g, 'rgb(0,60,220)')}`, 'png'),
  ]);

  const doc = new Document();
  const buffer = doc.createBuffer();
  const accessor = (type: 'VEC3' | 'VEC2' | 'SCALAR', array: Float32Array | Uint32Array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const material = doc
    .createMaterial('glaze')
    .setBaseColorTexture(doc.createTexture('colour').setImage(color).setMimeType('image/jpeg'))
    .setNormalTexture(doc.createTexture('normal').setImage(normal).setMimeType('image/png'))
    .setMetallicRoughnessTexture(doc.createTexture('roughness-metalness').setImage(roughness).setMimeType('image/png'));
  const primitive = doc
    .createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', positions))
    .setAttribute('NORMAL', accessor('VEC3', normals))
    .setAttribute('TEXCOORD_0', accessor('VEC2', uvs))
    .setIndices(accessor('SCALAR', indices))
    .setMaterial(material);
  const mesh = doc.createMesh('large').addPrimitive(primitive);
  doc.createScene('scene').addChild(doc.createNode('large').setMesh(mesh));
  return { bytes: await new NodeIO().writeBinary(doc), triangles: indices.length / 3 };
}
