// Procedural 3D models for the demo library, written as binary glTF 2.0 (GLB) with
// @gltf-transform/core. Units are metres, +Y up, models stand on y = 0 facing +Z.

import { Document, NodeIO, type Material, type Node as GltfNode, type Texture } from '@gltf-transform/core';
import sharp from 'sharp';
import { box, disc, extrude, frustum, flatTri, lathe, MeshBuilder, smoothCurve, torus, type Vec2, type Vec3 } from './geometry.js';
import { hslToRgb, Rng, srgbToLinear, type Rgb } from './prng.js';
import { textureSvg, TEXTURE_SIZE } from './textures.js';

export type ModelKind = 'vase' | 'coin' | 'lantern' | 'crystal' | 'pagoda' | 'rocket';
export const MODEL_KINDS: readonly ModelKind[] = ['vase', 'coin', 'lantern', 'crystal', 'pagoda', 'rocket'];

type Quat = readonly [number, number, number, number];

interface MatSpec {
  /** Uses the model's base-colour texture. */
  textured: boolean;
  /** sRGB base colour (multiplied with the texture when textured). */
  color?: Rgb;
  metallic: number;
  roughness: number;
  /** Glow: emissive factor (linear); with a texture, the texture is the emissive map too. */
  emissive?: Vec3;
  doubleSided?: boolean;
}

interface PartSpec {
  name: string;
  mesh: MeshBuilder;
  mat: string;
  t?: Vec3;
  r?: Quat;
}

interface ModelSpec {
  materials: Record<string, MatSpec>;
  parts: PartSpec[];
  /** Pivot of the root node (the animation rotates around it). Parts are placed relative to the
   *  model's origin regardless. */
  pivot?: Vec3;
  animation?: { name: string; axis: Vec3; keys: readonly (readonly [number, number])[] };
}

function axisAngle(axis: Vec3, angle: number): Quat {
  const s = Math.sin(angle / 2);
  return [axis[0] * s, axis[1] * s, axis[2] * s, Math.cos(angle / 2)];
}

const DEG = Math.PI / 180;
const X: Vec3 = [1, 0, 0];
const Y: Vec3 = [0, 1, 0];
const Z: Vec3 = [0, 0, 1];

function hslRgb(h: number, s: number, l: number): Rgb {
  return hslToRgb(h, s, l);
}

// ---------------------------------------------------------------------------------------------
// The six models

function vase(rng: Rng): ModelSpec {
  const H = rng.range(0.26, 0.34);
  const R = rng.range(0.085, 0.11);
  const thick = 0.006;
  const ctrl: Vec2[] = [
    [0, 0.55],
    [0.1, 0.72 + rng.range(-0.05, 0.05)],
    [0.36, 1.0],
    [0.6, 0.84 + rng.range(-0.08, 0.06)],
    [0.78, 0.36 + rng.range(-0.04, 0.06)],
    [0.9, 0.32 + rng.range(-0.03, 0.03)],
    [1, 0.46 + rng.range(-0.06, 0.12)],
  ];
  const rAt = (t: number): number => R * smoothCurve(ctrl, t);
  const outer: Vec2[] = [
    [0, 0],
    [rAt(0), 0],
  ];
  const N = 32;
  for (let i = 1; i <= N; i++) {
    const t = i / N;
    outer.push([rAt(t), t * H]);
  }
  const body = new MeshBuilder();
  lathe(body, outer, { segments: 64, v0: 1, v1: 0.02 });
  // Lip and inside wall (glaze colour from the texture's top margin).
  const tb = 0.05;
  const inner: Vec2[] = [[rAt(1), H]];
  for (let i = N; i >= Math.round(tb * N); i--) {
    const t = i / N;
    inner.push([Math.max(rAt(t) - thick, 0.004), t * H]);
  }
  inner.push([0, tb * H]);
  lathe(body, inner, { segments: 64, v0: 0.0, v1: 0.03 });
  return {
    materials: { glaze: { textured: true, metallic: 0, roughness: 0.22 } },
    parts: [{ name: 'vase', mesh: body, mat: 'glaze' }],
  };
}

function coin(rng: Rng): ModelSpec {
  const R = 0.05;
  const T = 0.008;
  const m = new MeshBuilder();
  // Built around +Y, then the node turns it upright so the face looks at +Z.
  disc(m, R, T / 2, true, 72);
  disc(m, R, -T / 2, false, 72, true);
  lathe(
    m,
    [
      [R, -T / 2],
      [R, T / 2],
    ],
    { segments: 72, v0: 0.01, v1: 0.02 },
  );
  const rimUv: Vec2 = [0.01, 0.01];
  torus(m, R - 0.0025, 0.0022, T / 2, 72, 10, rimUv);
  torus(m, R - 0.0025, 0.0022, -T / 2, 72, 10, rimUv);
  const spinSeconds = rng.pick([4, 5, 6]);
  return {
    materials: { metal: { textured: true, metallic: 0.85, roughness: 0.32 } },
    parts: [{ name: 'coin', mesh: m, mat: 'metal', t: [0, R + 0.002, 0], r: axisAngle(X, 90 * DEG) }],
    animation: {
      name: 'spin',
      axis: Y,
      keys: [0, 1, 2, 3, 4].map((k) => [(k * spinSeconds) / 4, k * 90 * DEG] as const),
    },
  };
}

function lantern(rng: Rng): ModelSpec {
  const Rm = rng.range(0.085, 0.105);
  const y0 = 0.065;
  const y1 = 0.265;
  const rEnd = Rm * 0.62;
  const body = new MeshBuilder();
  const prof: Vec2[] = [];
  const N = 28;
  for (let i = 0; i <= N; i++) {
    const t = i / N;
    prof.push([Rm * (0.62 + 0.38 * Math.sin(Math.PI * t)), y0 + (y1 - y0) * t]);
  }
  lathe(body, prof, { segments: 64 });
  const caps = new MeshBuilder();
  const cap = (ya: number, yb: number): void => {
    const rc = rEnd * 1.18;
    lathe(caps, [
      [0, ya],
      [rc * 0.92, ya],
      [rc, ya + 0.004],
      [rc, yb - 0.004],
      [rc * 0.92, yb],
      [0, yb],
    ]);
  };
  cap(0.05, 0.072);
  cap(0.258, 0.28);
  // Knob on top.
  lathe(caps, [
    [0, 0.279],
    [0.012, 0.281],
    [0.014, 0.288],
    [0.008, 0.296],
    [0, 0.298],
  ]);
  const handle = new MeshBuilder();
  const Rh = 0.022;
  torus(handle, Rh, 0.003, 0, 40, 10);
  const tassel = new MeshBuilder();
  lathe(tassel, [
    [0, 0],
    [0.014, 0.0],
    [0.006, 0.03],
    [0.003, 0.036],
    [0.0025, 0.052],
    [0, 0.052],
  ]);
  const top = 0.296 + 2 * Rh;
  const swayDeg = rng.range(5, 9);
  return {
    materials: {
      silk: { textured: true, metallic: 0, roughness: 0.7, emissive: [0.45, 0.3, 0.2] },
      gold: { textured: false, color: hslRgb(44, 0.85, 0.55), metallic: 0.75, roughness: 0.35 },
      cord: { textured: false, color: hslRgb(rng.pick([0, 350, 10]), 0.8, 0.4), metallic: 0, roughness: 0.9 },
    },
    parts: [
      { name: 'body', mesh: body, mat: 'silk' },
      { name: 'caps', mesh: caps, mat: 'gold' },
      { name: 'handle', mesh: handle, mat: 'gold', t: [0, 0.296 + Rh - 0.003, 0], r: axisAngle(X, 90 * DEG) },
      { name: 'tassel', mesh: tassel, mat: 'cord' },
    ],
    // Sways around the hanging point at the top of the handle.
    pivot: [0, top, 0],
    animation: {
      name: 'sway',
      axis: Z,
      keys: [
        [0, 0],
        [1, swayDeg * DEG],
        [2, 0],
        [3, -swayDeg * DEG],
        [4, 0],
      ],
    },
  };
}

function bipyramid(m: MeshBuilder, rng: Rng, sides: number, r: number, yBottom: number, yEq: number, yTop: number): void {
  const eq: Vec3[] = [];
  for (let k = 0; k < sides; k++) {
    const th = ((k + rng.range(-0.15, 0.15)) / sides) * Math.PI * 2;
    const rr = r * rng.range(0.88, 1.1);
    eq.push([Math.sin(th) * rr, yEq + rng.range(-0.08, 0.08) * (yTop - yEq), Math.cos(th) * rr]);
  }
  const inside: Vec3 = [0, yEq, 0];
  const bottom: Vec3 = [0, yBottom, 0];
  const top: Vec3 = [0, yTop, 0];
  for (let k = 0; k < sides; k++) {
    const a = eq[k] as Vec3;
    const b = eq[(k + 1) % sides] as Vec3;
    const u0 = k / sides;
    const u1 = (k + 1) / sides;
    flatTri(m, [a, b, top], [[u0, 0.62], [u1, 0.62], [(u0 + u1) / 2, 0.02]], inside);
    flatTri(m, [a, b, bottom], [[u0, 0.62], [u1, 0.62], [(u0 + u1) / 2, 0.98]], inside);
  }
}

function crystal(rng: Rng): ModelSpec {
  const sides = rng.int(6, 8);
  const gem = new MeshBuilder();
  bipyramid(gem, rng, sides, rng.range(0.05, 0.06), 0.012, 0.085, rng.range(0.22, 0.26));
  const small1 = new MeshBuilder();
  bipyramid(small1, rng, sides, 0.025, 0, 0.035, 0.11);
  const small2 = new MeshBuilder();
  bipyramid(small2, rng, sides, 0.02, 0, 0.03, 0.09);
  const plinth = new MeshBuilder();
  frustum(plinth, 8, 0.09, 0.08, 0, 0.022, { capTop: true, capBottom: true, angle0: 22.5 * DEG });
  const a1 = rng.range(0, 360) * DEG;
  const a2 = a1 + rng.range(120, 200) * DEG;
  const tilt = (a: number, deg: number): Quat => {
    // Lean outwards in the direction of angle a: rotate about the horizontal axis perpendicular to it.
    const axis: Vec3 = [Math.cos(a), 0, -Math.sin(a)];
    return axisAngle(axis, deg * DEG);
  };
  return {
    materials: {
      crystal: { textured: true, metallic: 0.05, roughness: 0.08, emissive: [0.08, 0.08, 0.1] },
      stone: { textured: false, color: hslRgb(rng.range(200, 260), 0.08, 0.22), metallic: 0, roughness: 0.85 },
    },
    parts: [
      { name: 'plinth', mesh: plinth, mat: 'stone' },
      { name: 'crystal', mesh: gem, mat: 'crystal' },
      { name: 'shard-1', mesh: small1, mat: 'crystal', t: [Math.sin(a1) * 0.045, 0.015, Math.cos(a1) * 0.045], r: tilt(a1, 28) },
      { name: 'shard-2', mesh: small2, mat: 'crystal', t: [Math.sin(a2) * 0.045, 0.015, Math.cos(a2) * 0.045], r: tilt(a2, 34) },
    ],
  };
}

function pagoda(rng: Rng): ModelSpec {
  const tiers = rng.int(3, 5);
  const base = new MeshBuilder();
  box(base, 0.16, 0.16, 0, 0.02);
  box(base, 0.135, 0.135, 0.02, 0.032);
  const walls = new MeshBuilder();
  const roofs = new MeshBuilder();
  let y = 0.032;
  const wallH = tiers >= 5 ? 0.056 : 0.064;
  const roofH = tiers >= 5 ? 0.028 : 0.032;
  for (let i = 0; i < tiers; i++) {
    const s = 0.1 * (1 - i * 0.13);
    const h = wallH * (1 - i * 0.05);
    box(walls, s, s, y, y + h);
    y += h;
    const over = 0.045 - i * 0.004;
    const r0 = (s + over) * Math.SQRT2;
    const r1 = s * 0.5 * Math.SQRT2;
    // Roof: a thin eave slab, then the sloping hip roof.
    frustum(roofs, 4, r0, r0, y - 0.004, y + 0.002, { angle0: 45 * DEG, capBottom: true });
    frustum(roofs, 4, r0, r1, y + 0.002, y + roofH, { angle0: 45 * DEG, capTop: true });
    y += roofH * 0.55;
  }
  y += roofH * 0.45;
  const spire = new MeshBuilder();
  const sp: Vec2[] = [[0, y - 0.004]];
  sp.push([0.014, y - 0.004], [0.014, y + 0.006], [0.006, y + 0.01]);
  for (let k = 0; k < 4; k++) {
    const yy = y + 0.014 + k * 0.018;
    sp.push([0.011 - k * 0.0015, yy + 0.004], [0.011 - k * 0.0015, yy + 0.008], [0.004, yy + 0.014]);
  }
  sp.push([0.003, y + 0.09], [0, y + 0.1]);
  lathe(spire, sp, { segments: 24 });
  return {
    materials: {
      wall: { textured: true, metallic: 0, roughness: 0.75 },
      roof: { textured: false, color: hslRgb(rng.pick([150, 160, 200, 215, 30]), 0.45, 0.3), metallic: 0.1, roughness: 0.45 },
      stone: { textured: false, color: hslRgb(35, 0.12, 0.62), metallic: 0, roughness: 0.9 },
      gold: { textured: false, color: hslRgb(44, 0.85, 0.55), metallic: 0.8, roughness: 0.3 },
    },
    parts: [
      { name: 'base', mesh: base, mat: 'stone' },
      { name: 'walls', mesh: walls, mat: 'wall' },
      { name: 'roofs', mesh: roofs, mat: 'roof' },
      { name: 'spire', mesh: spire, mat: 'gold' },
    ],
  };
}

function rocket(rng: Rng): ModelSpec {
  const R = rng.range(0.038, 0.044);
  const yBody = 0.04;
  const yNose = rng.range(0.25, 0.28);
  const yTip = yNose + rng.range(0.14, 0.17);
  const prof: Vec2[] = [
    [0, yBody],
    [R * 0.7, yBody],
    [R * 0.96, yBody + 0.025],
    [R, yBody + 0.06],
  ];
  const N = 16;
  for (let i = 0; i <= N; i++) {
    const t = i / N;
    prof.push([R * Math.pow(Math.max(0, 1 - Math.pow(t, 1.9)), 0.55), yNose + (yTip - yNose) * t]);
  }
  const body = new MeshBuilder();
  lathe(body, prof, { segments: 64 });
  const nozzle = new MeshBuilder();
  lathe(nozzle, [
    [0, 0.012],
    [0.026, 0.004],
    [0.03, 0.006],
    [0.02, 0.03],
    [0.016, yBody + 0.01],
    [0, yBody + 0.01],
  ]);
  const fins = rng.pick([3, 4]);
  const finSpan = rng.range(0.04, 0.05);
  const finPoly: Vec2[] = [
    [R - 0.003, 0.17],
    [R - 0.003, 0.055],
    [R + finSpan, 0.0],
    [R + finSpan, 0.05],
  ];
  const parts: PartSpec[] = [
    { name: 'body', mesh: body, mat: 'hull' },
    { name: 'nozzle', mesh: nozzle, mat: 'engine' },
  ];
  for (let k = 0; k < fins; k++) {
    const fin = new MeshBuilder();
    // The stripe band at the top of the texture colours the fins.
    extrude(fin, finPoly, 0.005, [0.1, 0.02, 0.9, 0.2]);
    parts.push({ name: `fin-${k + 1}`, mesh: fin, mat: 'hull', r: axisAngle(Y, (45 + (k * 360) / fins) * DEG) });
  }
  const port = new MeshBuilder();
  torus(port, 0.013, 0.0032, 0, 40, 10, [0.5, 0.05]);
  const glass = new MeshBuilder();
  disc(glass, 0.0135, 0, true, 40);
  const yPort = yNose - 0.045;
  const portRot = axisAngle(X, 90 * DEG);
  parts.push(
    { name: 'porthole', mesh: port, mat: 'hull', t: [0, yPort, R - 0.0005], r: portRot },
    { name: 'window', mesh: glass, mat: 'glass', t: [0, yPort, R - 0.0015], r: portRot },
  );
  return {
    materials: {
      hull: { textured: true, metallic: 0.35, roughness: 0.4 },
      engine: { textured: false, color: hslRgb(220, 0.08, 0.25), metallic: 0.9, roughness: 0.35 },
      glass: { textured: false, color: hslRgb(195, 0.7, 0.6), metallic: 0.1, roughness: 0.05, emissive: [0.05, 0.15, 0.2] },
    },
    parts,
  };
}

const BUILDERS: Record<ModelKind, (rng: Rng) => ModelSpec> = { vase, coin, lantern, crystal, pagoda, rocket };

// ---------------------------------------------------------------------------------------------
// GLB writing

async function texturePng(kind: ModelKind, seed: number, title: string): Promise<Uint8Array> {
  const svg = textureSvg(kind, seed, title);
  const png = await sharp(Buffer.from(svg, 'utf8'), { density: 72 })
    .resize(TEXTURE_SIZE, TEXTURE_SIZE, { fit: 'fill' })
    .flatten({ background: '#ffffff' })
    .png({ compressionLevel: 9, adaptiveFiltering: true })
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** A binary glTF 2.0 model with an embedded PNG base-colour texture carrying the title.
 *  `coin` spins and `lantern` sways (each has one looping glTF animation). */
export async function makeModelGlb(kind: ModelKind, opts: { seed: number; title: string }): Promise<Uint8Array> {
  const build = BUILDERS[kind];
  if (!build) throw new RangeError(`unknown model kind ${String(kind)}`);
  const spec = build(new Rng(opts.seed, `model:${kind}`));
  const png = await texturePng(kind, opts.seed, opts.title);

  const doc = new Document();
  doc.getRoot().getAsset().generator = 'Holdfast demo media';
  const buffer = doc.createBuffer();
  let texture: Texture | null = null;
  const getTexture = (): Texture => {
    texture ??= doc.createTexture(`${kind}-texture`).setImage(png).setMimeType('image/png');
    return texture;
  };
  const materials = new Map<string, Material>();
  for (const [name, m] of Object.entries(spec.materials)) {
    const mat = doc.createMaterial(name).setMetallicFactor(m.metallic).setRoughnessFactor(m.roughness).setDoubleSided(m.doubleSided ?? false);
    const c = srgbToLinear(m.color ?? [255, 255, 255]);
    mat.setBaseColorFactor([c[0], c[1], c[2], 1]);
    if (m.textured) mat.setBaseColorTexture(getTexture());
    if (m.emissive) {
      mat.setEmissiveFactor([m.emissive[0], m.emissive[1], m.emissive[2]]);
      if (m.textured) mat.setEmissiveTexture(getTexture());
    }
    materials.set(name, mat);
  }

  const pivot = spec.pivot ?? [0, 0, 0];
  const root = doc.createNode(kind).setTranslation([pivot[0], pivot[1], pivot[2]]);
  for (const part of spec.parts) {
    if (part.mesh.empty) continue;
    const a = part.mesh.toArrays();
    const mat = materials.get(part.mat);
    const matSpec = spec.materials[part.mat];
    if (!mat || !matSpec) throw new Error(`model ${kind}: part ${part.name} uses unknown material ${part.mat}`);
    const prim = doc
      .createPrimitive()
      .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(a.positions).setBuffer(buffer))
      .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(a.normals).setBuffer(buffer))
      .setIndices(doc.createAccessor().setType('SCALAR').setArray(a.indices).setBuffer(buffer))
      .setMaterial(mat);
    // Untextured parts carry no UVs (the validator would flag them as unused).
    if (matSpec.textured) prim.setAttribute('TEXCOORD_0', doc.createAccessor().setType('VEC2').setArray(a.uvs).setBuffer(buffer));
    const mesh = doc.createMesh(part.name).addPrimitive(prim);
    const t = part.t ?? [0, 0, 0];
    const node: GltfNode = doc.createNode(part.name).setMesh(mesh).setTranslation([t[0] - pivot[0], t[1] - pivot[1], t[2] - pivot[2]]);
    if (part.r) node.setRotation([part.r[0], part.r[1], part.r[2], part.r[3]]);
    root.addChild(node);
  }
  doc.createScene(kind).addChild(root);
  doc.getRoot().setDefaultScene(doc.getRoot().listScenes()[0] ?? null);

  if (spec.animation) {
    const anim = spec.animation;
    const times = new Float32Array(anim.keys.map(([time]) => time));
    const quats = new Float32Array(anim.keys.flatMap(([, angle]) => axisAngle(anim.axis, angle)));
    const sampler = doc
      .createAnimationSampler()
      .setInput(doc.createAccessor().setType('SCALAR').setArray(times).setBuffer(buffer))
      .setOutput(doc.createAccessor().setType('VEC4').setArray(quats).setBuffer(buffer))
      .setInterpolation('LINEAR');
    const channel = doc.createAnimationChannel().setTargetNode(root).setTargetPath('rotation').setSampler(sampler);
    doc.createAnimation(anim.name).addSampler(sampler).addChannel(channel);
  }

  return new NodeIO().writeBinary(doc);
}
