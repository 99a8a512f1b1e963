// glTF → USDZ for AR Quick Look, written directly from the glTF document (no canvas, no
// browser): one USDA root layer with every triangle mesh baked into world space (or into the
// space of its nearest animated ancestor, which becomes a time-sampled Xform: usd-animation.ts), a
// UsdPreviewSurface material per glTF material (base colour, metallic/roughness, emissive and
// normal textures), and the textures as PNG/JPEG files beside it in the package.
// USD reference: UsdPreviewSurface spec (openusd.org/release/spec_usdpreviewsurface.html).
import type { Document, Material, Mesh, Node as GltfNode, Primitive, Texture, TextureInfo } from '@gltf-transform/core';
import sharp from 'sharp';
import { ktx2ToPng } from './basis-textures.js';
import { readNodeAnimation, TIME_CODES_PER_SECOND, type ChannelSamples, type TrsPath } from './usd-animation.js';
import { writeUsdzPackage, type PackageEntry } from './usdz-package.js';

export interface UsdzOptions {
  /** Shown by Quick Look as the object's name. */
  title?: string;
  /** 'vertical' asks Quick Look to place the object on a wall (pictures); default: floor. */
  anchoring?: 'horizontal' | 'vertical';
}

type Mat4 = readonly number[];

const TRIANGLES = 4;
const IDENTITY: Mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

const num = (n: number): string => {
  if (!Number.isFinite(n)) return '0';
  const r = Math.round(n * 1e6) / 1e6;
  return Object.is(r, -0) ? '0' : String(r);
};
// JSON string syntax is valid USDA string syntax, control characters escaped included.
const usdString = (s: string) => JSON.stringify(s);

function transformPoint(m: Mat4, x: number, y: number, z: number): [number, number, number] {
  return [m[0]! * x + m[4]! * y + m[8]! * z + m[12]!, m[1]! * x + m[5]! * y + m[9]! * z + m[13]!, m[2]! * x + m[6]! * y + m[10]! * z + m[14]!];
}

/** Inverse-transpose of the upper 3×3, for normals; and the determinant (negative = mirrored). */
function normalMatrix(m: Mat4): { n: number[]; det: number } {
  const [a, b, c, d, e, f, g, h, i] = [m[0]!, m[1]!, m[2]!, m[4]!, m[5]!, m[6]!, m[8]!, m[9]!, m[10]!];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  const s = det === 0 ? 0 : 1 / det;
  // cofactor matrix / det = inverse transpose (column-major like the input)
  const n = [
    A * s, B * s, C * s,
    -(b * i - c * h) * s, (a * i - c * g) * s, -(a * h - b * g) * s,
    (b * f - c * e) * s, -(a * f - c * d) * s, (a * e - b * d) * s,
  ];
  return { n, det };
}

/** Column-major 4×4 product a · b. */
function multiply(a: Mat4, b: Mat4): number[] {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out[c * 4 + r]! += a[k * 4 + r]! * b[c * 4 + k]!;
  return out;
}

/** The transform from `node`'s space to `frame`'s (to world space when frame is null): the
 *  product of the local matrices from node up to, not including, frame (identity when node is
 *  frame: an animated node's own transform is its xformOps). */
function matrixUpTo(node: GltfNode, frame: GltfNode | null): Mat4 {
  if (node === frame) return IDENTITY;
  let m: Mat4 = node.getMatrix();
  for (let p = node.getParentNode(); p && p !== frame; p = p.getParentNode()) m = multiply(p.getMatrix(), m);
  return m;
}

const tuple = (v: readonly number[]) => `(${v.map(num).join(', ')})`;
// glTF quaternions are (x, y, z, w); USD writes the real part first.
const quat = (q: readonly number[]) => tuple([q[3]!, q[0]!, q[1]!, q[2]!]);

/** A node's TRS as xformOps: its rest value as the default, time samples where it is animated;
 *  `offset` carries static (unanimated) ancestors between it and the enclosing Xform prim. */
function xformOpsUsda(node: GltfNode, tracks: Partial<Record<TrsPath, ChannelSamples>>, offset: Mat4 | null, pad: string): string {
  const lines: string[] = [];
  const order: string[] = [];
  if (offset) {
    // USD matrices are row-major with the translation in the last row: glTF's column-major
    // array read four at a time.
    const rows = [0, 4, 8, 12].map((i) => tuple(offset.slice(i, i + 4)));
    lines.push(`matrix4d xformOp:transform = (${rows.join(', ')})`);
    order.push('xformOp:transform');
  }
  const ops = [
    ['translation', 'float3', 'xformOp:translate', tuple, node.getTranslation()],
    ['rotation', 'quatf', 'xformOp:orient', quat, node.getRotation()],
    ['scale', 'float3', 'xformOp:scale', tuple, node.getScale()],
  ] as const;
  for (const [path, type, name, format, rest] of ops) {
    lines.push(`${type} ${name} = ${format(rest)}`);
    const samples = tracks[path];
    if (samples) {
      const keys = samples.times.map((t, i) => `${pad}    ${num(t)}: ${format(samples.values[i]!)},`);
      lines.push(`${type} ${name}.timeSamples = {\n${keys.join('\n')}\n${pad}}`);
    }
    order.push(name);
  }
  lines.push(`uniform token[] xformOpOrder = [${order.map((o) => `"${o}"`).join(', ')}]`);
  return lines.map((l) => pad + l).join('\n');
}

interface TextureFile {
  path: string;
  data: Buffer;
}

class TextureTable {
  readonly files: TextureFile[] = [];
  private readonly byTexture = new Map<Texture, Promise<string | null>>();

  /** The package path of a texture, converted to PNG when it is not PNG or JPEG already. */
  path(texture: Texture): Promise<string | null> {
    let p = this.byTexture.get(texture);
    if (!p) {
      p = this.add(texture);
      this.byTexture.set(texture, p);
    }
    return p;
  }

  private async add(texture: Texture): Promise<string | null> {
    const image = texture.getImage();
    if (!image) return null;
    const mime = texture.getMimeType();
    const index = this.files.length;
    const placeholder: TextureFile = { path: '', data: Buffer.alloc(0) };
    this.files.push(placeholder);
    if (mime === 'image/png' || mime === 'image/jpeg') {
      placeholder.path = `textures/texture_${index}.${mime === 'image/png' ? 'png' : 'jpg'}`;
      placeholder.data = Buffer.from(image);
    } else if (mime === 'image/ktx2') {
      placeholder.path = `textures/texture_${index}.png`;
      placeholder.data = Buffer.from(await ktx2ToPng(image));
    } else {
      // WebP, AVIF…: Quick Look reads PNG and JPEG only.
      placeholder.path = `textures/texture_${index}.png`;
      placeholder.data = await sharp(image, { limitInputPixels: 8192 * 8192 }).png().toBuffer();
    }
    return placeholder.path;
  }
}

function primvarName(info: TextureInfo | null): string {
  return info && info.getTexCoord() === 1 ? 'st1' : 'st';
}

async function materialUsda(material: Material | null, name: string, textures: TextureTable): Promise<string> {
  const base = `/Root/Materials/${name}`;
  const lines: string[] = [];
  const shaders: string[] = [];
  const readers = new Set<string>();
  const surface: string[] = [];

  const textureShader = async (
    slot: string,
    texture: Texture | null,
    info: TextureInfo | null,
    options: { srgb: boolean; scale?: readonly number[]; bias?: readonly number[] },
  ): Promise<string | null> => {
    if (!texture) return null;
    const path = await textures.path(texture);
    if (!path) return null;
    const reader = primvarName(info);
    readers.add(reader);
    const wrap = (mode: number | undefined) => (mode === 33071 ? 'clamp' : mode === 33648 ? 'mirror' : 'repeat');
    shaders.push(`        def Shader "${slot}Texture"
        {
            uniform token info:id = "UsdUVTexture"
            asset inputs:file = @${path}@
            float2 inputs:st.connect = <${base}/Reader_${reader}.outputs:result>
            token inputs:sourceColorSpace = "${options.srgb ? 'sRGB' : 'raw'}"
            token inputs:wrapS = "${wrap(info?.getWrapS())}"
            token inputs:wrapT = "${wrap(info?.getWrapT())}"${options.scale ? `\n            float4 inputs:scale = (${options.scale.map(num).join(', ')})` : ''}${options.bias ? `\n            float4 inputs:bias = (${options.bias.map(num).join(', ')})` : ''}
            float3 outputs:rgb
            float outputs:r
            float outputs:g
            float outputs:b
            float outputs:a
        }`);
    return `${base}/${slot}Texture`;
  };

  const color = material?.getBaseColorFactor() ?? [0.8, 0.8, 0.8, 1];
  const baseTex = await textureShader('BaseColor', material?.getBaseColorTexture() ?? null, material?.getBaseColorTextureInfo() ?? null, {
    srgb: true,
    scale: color,
  });
  // UsdPreviewSurface colours are linear, as glTF factors are.
  if (baseTex) surface.push(`            color3f inputs:diffuseColor.connect = <${baseTex}.outputs:rgb>`);
  else surface.push(`            color3f inputs:diffuseColor = (${num(color[0]!)}, ${num(color[1]!)}, ${num(color[2]!)})`);

  const alphaMode = material?.getAlphaMode() ?? 'OPAQUE';
  if (alphaMode !== 'OPAQUE') {
    if (baseTex) surface.push(`            float inputs:opacity.connect = <${baseTex}.outputs:a>`);
    else surface.push(`            float inputs:opacity = ${num(color[3]!)}`);
    if (alphaMode === 'MASK') surface.push(`            float inputs:opacityThreshold = ${num(material!.getAlphaCutoff())}`);
  }

  const metallic = material?.getMetallicFactor() ?? 0;
  const roughness = material?.getRoughnessFactor() ?? 1;
  const mrTex = await textureShader(
    'MetallicRoughness',
    material?.getMetallicRoughnessTexture() ?? null,
    material?.getMetallicRoughnessTextureInfo() ?? null,
    { srgb: false, scale: [1, roughness, metallic, 1] },
  );
  if (mrTex) {
    surface.push(`            float inputs:metallic.connect = <${mrTex}.outputs:b>`);
    surface.push(`            float inputs:roughness.connect = <${mrTex}.outputs:g>`);
  } else {
    surface.push(`            float inputs:metallic = ${num(metallic)}`);
    surface.push(`            float inputs:roughness = ${num(roughness)}`);
  }

  const emissive = material?.getEmissiveFactor() ?? [0, 0, 0];
  const emissiveTex = await textureShader('Emissive', material?.getEmissiveTexture() ?? null, material?.getEmissiveTextureInfo() ?? null, {
    srgb: true,
    scale: [...emissive, 1],
  });
  if (emissiveTex) surface.push(`            color3f inputs:emissiveColor.connect = <${emissiveTex}.outputs:rgb>`);
  else if (emissive.some((v) => v > 0)) surface.push(`            color3f inputs:emissiveColor = (${emissive.map(num).join(', ')})`);

  const normalScale = material?.getNormalScale() ?? 1;
  const normalTex = await textureShader('Normal', material?.getNormalTexture() ?? null, material?.getNormalTextureInfo() ?? null, {
    srgb: false,
    scale: [2 * normalScale, 2 * normalScale, 2, 1],
    bias: [-normalScale, -normalScale, -1, 0],
  });
  if (normalTex) surface.push(`            normal3f inputs:normal.connect = <${normalTex}.outputs:rgb>`);

  lines.push(`    def Material "${name}"
    {
        token outputs:surface.connect = <${base}/PreviewSurface.outputs:surface>

        def Shader "PreviewSurface"
        {
            uniform token info:id = "UsdPreviewSurface"
${surface.join('\n')}
            int inputs:useSpecularWorkflow = 0
            token outputs:surface
        }`);
  for (const reader of readers) {
    lines.push(`        def Shader "Reader_${reader}"
        {
            uniform token info:id = "UsdPrimvarReader_float2"
            token inputs:varname = "${reader}"
            float2 inputs:fallback = (0, 0)
            float2 outputs:result
        }`);
  }
  lines.push(...shaders);
  lines.push('    }');
  return lines.join('\n');
}

function meshUsda(prim: Primitive, world: Mat4, name: string, materialPath: string, doubleSided: boolean): string | null {
  if (prim.getMode() !== TRIANGLES) return null;
  const position = prim.getAttribute('POSITION');
  if (!position || position.getCount() === 0) return null;
  const count = position.getCount();
  const { n: nm, det } = normalMatrix(world);
  const points: string[] = new Array<string>(count);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  const v: number[] = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    position.getElement(i, v);
    const p = transformPoint(world, v[0]!, v[1]!, v[2]!);
    for (let k = 0; k < 3; k++) {
      min[k] = Math.min(min[k]!, p[k]!);
      max[k] = Math.max(max[k]!, p[k]!);
    }
    points[i] = `(${num(p[0])}, ${num(p[1])}, ${num(p[2])})`;
  }

  const indicesAccessor = prim.getIndices();
  const indexCount = indicesAccessor ? indicesAccessor.getCount() : count;
  const triangles = Math.floor(indexCount / 3);
  const indices: number[] = new Array<number>(triangles * 3);
  for (let t = 0; t < triangles; t++) {
    const a = indicesAccessor ? indicesAccessor.getScalar(t * 3) : t * 3;
    const b = indicesAccessor ? indicesAccessor.getScalar(t * 3 + 1) : t * 3 + 1;
    const c = indicesAccessor ? indicesAccessor.getScalar(t * 3 + 2) : t * 3 + 2;
    // A mirroring transform turns the winding inside out; swap to keep faces facing out.
    indices[t * 3] = a;
    indices[t * 3 + 1] = det < 0 ? c : b;
    indices[t * 3 + 2] = det < 0 ? b : c;
  }
  if (triangles === 0) return null;

  const out: string[] = [];
  out.push(`        def Mesh "${name}" (
            prepend apiSchemas = ["MaterialBindingAPI"]
        )
        {
            uniform bool doubleSided = ${doubleSided ? 1 : 0}
            float3[] extent = [(${min.map(num).join(', ')}), (${max.map(num).join(', ')})]
            int[] faceVertexCounts = [${new Array<string>(triangles).fill('3').join(', ')}]
            int[] faceVertexIndices = [${indices.join(', ')}]
            rel material:binding = <${materialPath}>
            point3f[] points = [${points.join(', ')}]`);

  const normal = prim.getAttribute('NORMAL');
  if (normal && normal.getCount() === count) {
    const normals: string[] = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      normal.getElement(i, v);
      let x = nm[0]! * v[0]! + nm[3]! * v[1]! + nm[6]! * v[2]!;
      let y = nm[1]! * v[0]! + nm[4]! * v[1]! + nm[7]! * v[2]!;
      let z = nm[2]! * v[0]! + nm[5]! * v[1]! + nm[8]! * v[2]!;
      const len = Math.hypot(x, y, z) || 1;
      x /= len;
      y /= len;
      z /= len;
      normals[i] = `(${num(x)}, ${num(y)}, ${num(z)})`;
    }
    out.push(`            normal3f[] normals = [${normals.join(', ')}] (
                interpolation = "vertex"
            )`);
  }
  for (const [attribute, primvar] of [
    ['TEXCOORD_0', 'st'],
    ['TEXCOORD_1', 'st1'],
  ] as const) {
    const uv = prim.getAttribute(attribute);
    if (!uv || uv.getCount() !== count) continue;
    const st: string[] = new Array<string>(count);
    const e: number[] = [0, 0];
    for (let i = 0; i < count; i++) {
      uv.getElement(i, e);
      // glTF's UV origin is the top-left of the image, USD's the bottom-left.
      st[i] = `(${num(e[0]!)}, ${num(1 - e[1]!)})`;
    }
    out.push(`            texCoord2f[] primvars:${primvar} = [${st.join(', ')}] (
                interpolation = "vertex"
            )`);
  }
  out.push(`            uniform token subdivisionScheme = "none"
        }`);
  return out.join('\n');
}

/** Writes the USDA root layer and packs it with its textures into a USDZ. */
export async function gltfToUsdz(doc: Document, options: UsdzOptions = {}): Promise<Buffer> {
  const root = doc.getRoot();
  const textures = new TextureTable();
  const materialNames = new Map<Material | null, string>();
  const materialBlocks: string[] = [];

  const materialPath = async (material: Material | null): Promise<string> => {
    let name = materialNames.get(material);
    if (!name) {
      name = `Material_${materialNames.size}`;
      materialNames.set(material, name);
      materialBlocks.push(await materialUsda(material, name, textures));
    }
    return `/Root/Materials/${name}`;
  };

  const scene = root.getDefaultScene() ?? root.listScenes()[0];
  const nodes: GltfNode[] = [];
  const visit = (node: GltfNode) => {
    nodes.push(node);
    for (const child of node.listChildren()) visit(child);
  };
  for (const node of scene ? scene.listChildren() : root.listNodes().filter((n) => !n.getParentNode())) visit(node);

  // Nodes whose animation moves a mesh become Xform prims with time-sampled xformOps; every mesh
  // is baked into the frame of its nearest animated ancestor (or world space when it has none).
  // Skinned meshes stay static in world space (their joints' animation is not converted).
  const animation = readNodeAnimation(doc);
  const animatedAncestor = (node: GltfNode | null): GltfNode | null => {
    for (let n = node; n; n = n.getParentNode()) if (animation.tracks.has(n)) return n;
    return null;
  };
  const meshesIn = new Map<GltfNode | null, string[]>();
  const xformsIn = new Map<GltfNode | null, GltfNode[]>();
  const placeXform = (node: GltfNode): void => {
    const parentFrame = animatedAncestor(node.getParentNode());
    const siblings = xformsIn.get(parentFrame) ?? [];
    if (siblings.includes(node)) return;
    siblings.push(node);
    xformsIn.set(parentFrame, siblings);
    if (parentFrame) placeXform(parentFrame);
  };

  let meshIndex = 0;
  for (const node of nodes) {
    const mesh: Mesh | null = node.getMesh();
    if (!mesh) continue;
    const frame = node.getSkin() ? null : animatedAncestor(node);
    const matrix = matrixUpTo(node, frame);
    for (const prim of mesh.listPrimitives()) {
      const material = prim.getMaterial();
      const path = await materialPath(material);
      const block = meshUsda(prim, matrix, `Mesh_${meshIndex}`, path, material?.getDoubleSided() ?? false);
      if (block) {
        meshesIn.set(frame, [...(meshesIn.get(frame) ?? []), block]);
        if (frame) placeXform(frame);
        meshIndex++;
      }
    }
  }
  let xformIndex = 0;
  const xformUsda = (node: GltfNode, depth: number): string => {
    const pad = ' '.repeat(8 + 4 * depth);
    const parent = node.getParentNode();
    const frame = animatedAncestor(parent);
    const offset = parent && parent !== frame ? matrixUpTo(parent, frame) : null;
    const inner = [
      xformOpsUsda(node, animation.tracks.get(node) ?? {}, offset, `${pad}    `),
      ...(meshesIn.get(node) ?? []).map((block) => block.replace(/^/gm, ' '.repeat(4 * (depth + 1)))),
      ...(xformsIn.get(node) ?? []).map((child) => xformUsda(child, depth + 1)),
    ];
    return `${pad}def Xform "Node_${xformIndex++}"\n${pad}{\n${inner.join('\n')}\n${pad}}`;
  };
  const geometryBlocks = [...(meshesIn.get(null) ?? []), ...(xformsIn.get(null) ?? []).map((node) => xformUsda(node, 0))];
  if (meshIndex === 0) throw new Error('the model has no triangle meshes to show in AR');

  const anchoring =
    options.anchoring === 'vertical'
      ? `
    prepend apiSchemas = ["Preliminary_AnchoringAPI"]`
      : '';
  const anchoringAttrs =
    options.anchoring === 'vertical'
      ? `
    uniform token preliminary:anchoring:type = "plane"
    uniform token preliminary:planeAnchoring:alignment = "vertical"
`
      : '';
  const timeCodes = xformsIn.size
    ? `
    startTimeCode = ${num(animation.startTimeCode)}
    endTimeCode = ${num(animation.endTimeCode)}
    timeCodesPerSecond = ${TIME_CODES_PER_SECOND}`
    : '';
  const usda = `#usda 1.0
(
    customLayerData = {
        string creator = "Holdfast"
    }
    defaultPrim = "Root"
    metersPerUnit = 1${timeCodes}
    upAxis = "Y"
)

def Xform "Root" (
    assetInfo = {
        string name = ${usdString(options.title ?? 'Holdfast item')}
    }
    kind = "component"${anchoring}
)
{${anchoringAttrs}
    def Scope "Materials"
    {
${materialBlocks.join('\n')}
    }

    def Xform "Geometry"
    {
${geometryBlocks.join('\n')}
    }
}
`;
  const entries: PackageEntry[] = [{ name: 'model.usda', data: Buffer.from(usda, 'utf8') }];
  for (const t of textures.files) entries.push({ name: t.path, data: t.data });
  return writeUsdzPackage(entries);
}
