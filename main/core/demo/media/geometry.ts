// Small procedural geometry kit: indexed triangle meshes with normals and UVs.
// Every triangle is wound counter-clockwise as seen from the side its vertex normals point to
// (glTF's front face), which MeshBuilder.tri enforces, so no model renders inside-out.

export type Vec2 = readonly [number, number];
export type Vec3 = readonly [number, number, number];

export interface Vertex {
  p: Vec3;
  n: Vec3;
  uv: Vec2;
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}
export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}
export function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
export function normalize(a: Vec3): Vec3 {
  const l = Math.hypot(a[0], a[1], a[2]);
  return l > 1e-12 ? [a[0] / l, a[1] / l, a[2] / l] : [0, 1, 0];
}

export interface MeshArrays {
  positions: Float32Array;
  normals: Float32Array;
  uvs: Float32Array;
  indices: Uint16Array | Uint32Array;
}

export class MeshBuilder {
  readonly verts: Vertex[] = [];
  readonly indices: number[] = [];

  vertex(p: Vec3, n: Vec3, uv: Vec2): number {
    this.verts.push({ p, n: normalize(n), uv });
    return this.verts.length - 1;
  }

  private v(i: number): Vertex {
    const v = this.verts[i];
    if (!v) throw new RangeError(`no vertex ${i}`);
    return v;
  }

  /** Add a triangle; its winding is flipped if needed to face where its vertex normals point.
   *  Zero-area triangles (e.g. at a lathe's pole) are skipped. */
  tri(a: number, b: number, c: number): void {
    const va = this.v(a);
    const vb = this.v(b);
    const vc = this.v(c);
    const fn = cross(sub(vb.p, va.p), sub(vc.p, va.p));
    const area2 = Math.hypot(fn[0], fn[1], fn[2]);
    if (area2 < 1e-12) return;
    const avg = add(add(va.n, vb.n), vc.n);
    if (dot(fn, avg) >= 0) this.indices.push(a, b, c);
    else this.indices.push(a, c, b);
  }

  /** Quad a-b-c-d in order around its edge. */
  quad(a: number, b: number, c: number, d: number): void {
    this.tri(a, b, c);
    this.tri(a, c, d);
  }

  get empty(): boolean {
    return this.indices.length === 0;
  }

  toArrays(): MeshArrays {
    const n = this.verts.length;
    const positions = new Float32Array(n * 3);
    const normals = new Float32Array(n * 3);
    const uvs = new Float32Array(n * 2);
    this.verts.forEach((v, i) => {
      positions.set(v.p, i * 3);
      normals.set(v.n, i * 3);
      uvs.set(v.uv, i * 2);
    });
    const indices = n < 65536 ? Uint16Array.from(this.indices) : Uint32Array.from(this.indices);
    return { positions, normals, uvs, indices };
  }
}

export interface LatheOpts {
  segments?: number;
  /** How many times the texture wraps around (default 1). */
  uRepeat?: number;
  /** v range along the profile: v0 at the profile's first point, v1 at its last. */
  v0?: number;
  v1?: number;
  /** Corners sharper than this (degrees) get split normals (default 35). */
  creaseDeg?: number;
}

/** Surface of revolution around +Y. `profile` is a list of [radius, y] points; the outward side
 *  is on the right when walking the profile with y going up (e.g. bottom → top of a vase's outer
 *  wall faces out; a profile going back down on the inside faces the axis). u wraps around the
 *  axis, increasing to the right when seen from outside, with u = 0.25 facing +Z; v follows the
 *  profile's arc length. */
export function lathe(mb: MeshBuilder, profile: readonly Vec2[], opts: LatheOpts = {}): void {
  const segments = opts.segments ?? 48;
  const uRepeat = opts.uRepeat ?? 1;
  const v0 = opts.v0 ?? 1;
  const v1 = opts.v1 ?? 0;
  const crease = Math.cos(((opts.creaseDeg ?? 35) * Math.PI) / 180);
  const pts = profile.filter((p, i) => {
    const prev = profile[i - 1];
    return !prev || Math.hypot(p[0] - prev[0], p[1] - prev[1]) > 1e-9;
  });
  if (pts.length < 2) return;
  // 2D outward normal of each segment: (dy, -dr).
  const segN: Vec2[] = [];
  const segLen: number[] = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    const a = pts[i] as Vec2;
    const b = pts[i + 1] as Vec2;
    const dr = b[0] - a[0];
    const dy = b[1] - a[1];
    const l = Math.hypot(dr, dy);
    segN.push([dy / l, -dr / l]);
    segLen.push(l);
  }
  const total = segLen.reduce((s, l) => s + l, 0);
  // For each profile point, the ring to use for the segment below (index 0) and above (index 1).
  const ringBelow: number[] = [];
  const ringAbove: number[] = [];
  let s = 0;
  const makeRing = (p: Vec2, n: Vec2, v: number): number => {
    const start = mb.verts.length;
    for (let j = 0; j <= segments; j++) {
      // u = 0.25 faces +Z (the usual camera side), the seam (u = 0 / 1) faces -X.
      const th = (j / segments - 0.25) * Math.PI * 2;
      const sn = Math.sin(th);
      const cs = Math.cos(th);
      mb.vertex([p[0] * sn, p[1], p[0] * cs], [n[0] * sn, n[1], n[0] * cs], [(j / segments) * uRepeat, v]);
    }
    return start;
  };
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i] as Vec2;
    const v = v0 + (v1 - v0) * (total > 0 ? s / total : 0);
    const nPrev = segN[i - 1];
    const nNext = segN[i];
    if (nPrev && nNext) {
      const c = nPrev[0] * nNext[0] + nPrev[1] * nNext[1];
      if (c < crease) {
        ringBelow.push(makeRing(p, nPrev, v));
        ringAbove.push(makeRing(p, nNext, v));
      } else {
        const r = makeRing(p, [nPrev[0] + nNext[0], nPrev[1] + nNext[1]], v);
        ringBelow.push(r);
        ringAbove.push(r);
      }
    } else {
      const n = (nPrev ?? nNext) as Vec2;
      const r = makeRing(p, n, v);
      ringBelow.push(r);
      ringAbove.push(r);
    }
    s += segLen[i] ?? 0;
  }
  for (let i = 0; i + 1 < pts.length; i++) {
    const lo = ringAbove[i] as number;
    const hi = ringBelow[i + 1] as number;
    for (let j = 0; j < segments; j++) {
      mb.quad(lo + j, lo + j + 1, hi + j + 1, hi + j);
    }
  }
}

/** Flat disc facing +Y (up = true) or -Y at height y, planar UVs mapping the disc onto the whole
 *  texture. `uvFlipU` mirrors u so that a disc seen from below reads correctly. */
export function disc(mb: MeshBuilder, radius: number, y: number, up: boolean, segments = 48, uvFlipU = false): void {
  const n: Vec3 = [0, up ? 1 : -1, 0];
  const c = mb.vertex([0, y, 0], n, [0.5, 0.5]);
  const ring: number[] = [];
  for (let j = 0; j <= segments; j++) {
    const th = (j / segments) * Math.PI * 2;
    const x = Math.sin(th) * radius;
    const z = Math.cos(th) * radius;
    ring.push(mb.vertex([x, y, z], n, [0.5 + ((uvFlipU ? -x : x) / radius) * 0.5, 0.5 + (z / radius) * 0.5]));
  }
  for (let j = 0; j < segments; j++) mb.tri(c, ring[j] as number, ring[j + 1] as number);
}

/** Torus around +Y with major radius R and tube radius r, centred at height y. */
export function torus(mb: MeshBuilder, R: number, r: number, y = 0, segments = 48, tube = 16, fixedUv?: Vec2): void {
  const start = mb.verts.length;
  for (let i = 0; i <= tube; i++) {
    const phi = (i / tube) * Math.PI * 2;
    const cr = Math.cos(phi);
    const sr = Math.sin(phi);
    for (let j = 0; j <= segments; j++) {
      const th = (j / segments) * Math.PI * 2;
      const st = Math.sin(th);
      const ct = Math.cos(th);
      const rad = R + r * cr;
      mb.vertex([rad * st, y + r * sr, rad * ct], [cr * st, sr, cr * ct], fixedUv ?? [j / segments, i / tube]);
    }
  }
  const row = segments + 1;
  for (let i = 0; i < tube; i++) {
    for (let j = 0; j < segments; j++) {
      const a = start + i * row + j;
      mb.quad(a, a + 1, a + row + 1, a + row);
    }
  }
}

/** Flat-shaded triangle whose normal points away from `inside`. */
export function flatTri(mb: MeshBuilder, p: readonly [Vec3, Vec3, Vec3], uv: readonly [Vec2, Vec2, Vec2], inside: Vec3): void {
  const [a, b, c] = p;
  let n = normalize(cross(sub(b, a), sub(c, a)));
  const centroid = scale(add(add(a, b), c), 1 / 3);
  if (dot(n, sub(centroid, inside)) < 0) n = scale(n, -1);
  mb.tri(mb.vertex(a, n, uv[0]), mb.vertex(b, n, uv[1]), mb.vertex(c, n, uv[2]));
}

/** Flat-shaded quad (a, b, c, d around its edge) whose normal points away from `inside`. */
export function flatQuad(mb: MeshBuilder, p: readonly [Vec3, Vec3, Vec3, Vec3], uv: readonly [Vec2, Vec2, Vec2, Vec2], inside: Vec3): void {
  const [a, b, c, d] = p;
  let n = normalize(add(cross(sub(b, a), sub(c, a)), cross(sub(c, a), sub(d, a))));
  const centroid = scale(add(add(a, b), add(c, d)), 0.25);
  if (dot(n, sub(centroid, inside)) < 0) n = scale(n, -1);
  const ia = mb.vertex(a, n, uv[0]);
  const ib = mb.vertex(b, n, uv[1]);
  const ic = mb.vertex(c, n, uv[2]);
  const id = mb.vertex(d, n, uv[3]);
  mb.quad(ia, ib, ic, id);
}

export interface FrustumOpts {
  /** Rotation of the first corner around Y, radians (default 0). */
  angle0?: number;
  capTop?: boolean;
  capBottom?: boolean;
  /** Map the full texture onto each side face (true), or wrap it once around (false, default). */
  uvPerFace?: boolean;
}

/** Flat-shaded n-sided frustum (prism when rBottom = rTop, pyramid when rTop = 0) around +Y.
 *  Radii are to the corners. */
export function frustum(mb: MeshBuilder, sides: number, rBottom: number, rTop: number, y0: number, y1: number, opts: FrustumOpts = {}): void {
  const a0 = opts.angle0 ?? 0;
  const corner = (r: number, k: number, y: number): Vec3 => {
    const th = a0 + (k / sides) * Math.PI * 2;
    return [Math.sin(th) * r, y, Math.cos(th) * r];
  };
  const inside: Vec3 = [0, (y0 + y1) / 2, 0];
  for (let k = 0; k < sides; k++) {
    const b0 = corner(rBottom, k, y0);
    const b1 = corner(rBottom, k + 1, y0);
    const t0 = corner(rTop, k, y1);
    const t1 = corner(rTop, k + 1, y1);
    const u0 = opts.uvPerFace ? 0 : k / sides;
    const u1 = opts.uvPerFace ? 1 : (k + 1) / sides;
    if (rTop <= 1e-9) {
      flatTri(mb, [b0, b1, t0], [[u0, 1], [u1, 1], [(u0 + u1) / 2, 0]], inside);
    } else {
      flatQuad(mb, [b0, b1, t1, t0], [[u0, 1], [u1, 1], [u1, 0], [u0, 0]], inside);
    }
  }
  const cap = (r: number, y: number, up: boolean): void => {
    if (r <= 1e-9) return;
    const n: Vec3 = [0, up ? 1 : -1, 0];
    const c = mb.vertex([0, y, 0], n, [0.5, 0.5]);
    const ring: number[] = [];
    for (let k = 0; k <= sides; k++) {
      const p = corner(r, k, y);
      ring.push(mb.vertex(p, n, [0.5 + (p[0] / r) * 0.5, 0.5 + (p[2] / r) * 0.5]));
    }
    for (let k = 0; k < sides; k++) mb.tri(c, ring[k] as number, ring[k + 1] as number);
  };
  if (opts.capTop) cap(rTop, y1, true);
  if (opts.capBottom) cap(rBottom, y0, false);
}

/** Axis-aligned box centred on the Y axis, from y0 to y1, half-extents hx, hz. */
export function box(mb: MeshBuilder, hx: number, hz: number, y0: number, y1: number, uvPerFace = true): void {
  const inside: Vec3 = [0, (y0 + y1) / 2, 0];
  const P = (x: number, y: number, z: number): Vec3 => [x, y, z];
  const faceUv: readonly [Vec2, Vec2, Vec2, Vec2] = [
    [0, 1],
    [1, 1],
    [1, 0],
    [0, 0],
  ];
  // Sides, each listed bottom-left, bottom-right, top-right, top-left as seen from outside.
  const sides: [Vec3, Vec3, Vec3, Vec3][] = [
    [P(-hx, y0, hz), P(hx, y0, hz), P(hx, y1, hz), P(-hx, y1, hz)],
    [P(hx, y0, hz), P(hx, y0, -hz), P(hx, y1, -hz), P(hx, y1, hz)],
    [P(hx, y0, -hz), P(-hx, y0, -hz), P(-hx, y1, -hz), P(hx, y1, -hz)],
    [P(-hx, y0, -hz), P(-hx, y0, hz), P(-hx, y1, hz), P(-hx, y1, -hz)],
  ];
  sides.forEach((q, k) => {
    const uv: readonly [Vec2, Vec2, Vec2, Vec2] = uvPerFace
      ? faceUv
      : [
          [k / 4, 1],
          [(k + 1) / 4, 1],
          [(k + 1) / 4, 0],
          [k / 4, 0],
        ];
    flatQuad(mb, q, uv, inside);
  });
  flatQuad(mb, [P(-hx, y1, hz), P(hx, y1, hz), P(hx, y1, -hz), P(-hx, y1, -hz)], [[0, 1], [1, 1], [1, 0], [0, 0]], inside);
  flatQuad(mb, [P(-hx, y0, -hz), P(hx, y0, -hz), P(hx, y0, hz), P(-hx, y0, hz)], [[0, 1], [1, 1], [1, 0], [0, 0]], inside);
}

/** A convex polygon in the XY plane extruded along Z by `thickness` (centred on z = 0). */
export function extrude(mb: MeshBuilder, poly: readonly Vec2[], thickness: number, uvRect: readonly [number, number, number, number] = [0, 0, 1, 1]): void {
  const h = thickness / 2;
  let cx = 0;
  let cy = 0;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [x, y] of poly) {
    cx += x / poly.length;
    cy += y / poly.length;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const [u0, v0, u1, v1] = uvRect;
  const uvOf = (x: number, y: number): Vec2 => [u0 + ((x - minX) / (maxX - minX || 1)) * (u1 - u0), v1 - ((y - minY) / (maxY - minY || 1)) * (v1 - v0)];
  const inside: Vec3 = [cx, cy, 0];
  for (const z of [h, -h]) {
    const first = poly[0] as Vec2;
    for (let i = 1; i + 1 < poly.length; i++) {
      const b = poly[i] as Vec2;
      const c = poly[i + 1] as Vec2;
      flatTri(mb, [[first[0], first[1], z], [b[0], b[1], z], [c[0], c[1], z]], [uvOf(first[0], first[1]), uvOf(b[0], b[1]), uvOf(c[0], c[1])], inside);
    }
  }
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i] as Vec2;
    const b = poly[(i + 1) % poly.length] as Vec2;
    flatQuad(
      mb,
      [
        [a[0], a[1], -h],
        [b[0], b[1], -h],
        [b[0], b[1], h],
        [a[0], a[1], h],
      ],
      [uvOf(a[0], a[1]), uvOf(b[0], b[1]), uvOf(b[0], b[1]), uvOf(a[0], a[1])],
      inside,
    );
  }
}

/** Catmull-Rom interpolation through [t, value] control points (t ascending), sampled at t. */
export function smoothCurve(ctrl: readonly Vec2[], t: number): number {
  if (ctrl.length === 0) return 0;
  const first = ctrl[0] as Vec2;
  const last = ctrl[ctrl.length - 1] as Vec2;
  if (t <= first[0]) return first[1];
  if (t >= last[0]) return last[1];
  let i = 0;
  while (i + 1 < ctrl.length && (ctrl[i + 1] as Vec2)[0] < t) i++;
  const p1 = ctrl[i] as Vec2;
  const p2 = ctrl[i + 1] as Vec2;
  const p0 = ctrl[i - 1] ?? p1;
  const p3 = ctrl[i + 2] ?? p2;
  const u = (t - p1[0]) / (p2[0] - p1[0]);
  const u2 = u * u;
  const u3 = u2 * u;
  return 0.5 * (2 * p1[1] + (-p0[1] + p2[1]) * u + (2 * p0[1] - 5 * p1[1] + 4 * p2[1] - p3[1]) * u2 + (-p0[1] + 3 * p1[1] - 3 * p2[1] + p3[1]) * u3);
}
