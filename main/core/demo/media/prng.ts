// Deterministic randomness and colour helpers for the demo media generators.
// Nothing here reads the clock or Math.random: the same seed always gives the same numbers.

/** 32-bit FNV-1a hash of a string, used to derive independent streams from one seed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded random stream. `label` separates streams so that e.g. the texture and the geometry
 *  of one model do not share (and disturb) each other's sequence. */
export class Rng {
  private readonly nextFn: () => number;

  constructor(seed: number, label = '') {
    const s = Number.isFinite(seed) ? Math.trunc(seed) : 0;
    // Fold in the high bits too, so seeds above 2^32 still differ.
    const lo = s >>> 0;
    const hi = Math.floor(s / 4294967296) >>> 0;
    this.nextFn = mulberry32((lo ^ Math.imul(hi, 0x9e3779b1) ^ hashString(label)) >>> 0);
    // Warm up: the first outputs of neighbouring seeds are otherwise correlated.
    for (let i = 0; i < 4; i++) this.nextFn();
  }

  next(): number {
    return this.nextFn();
  }

  /** Uniform float in [a, b). */
  range(a: number, b: number): number {
    return a + (b - a) * this.nextFn();
  }

  /** Uniform integer in [a, b] (inclusive). */
  int(a: number, b: number): number {
    return a + Math.floor(this.nextFn() * (b - a + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.nextFn() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.nextFn() < p;
  }
}

// ---------------------------------------------------------------------------------------------
// Colour

export type Rgb = readonly [number, number, number];

/** HSL (h in degrees, s and l in 0..1) to 8-bit RGB. */
export function hslToRgb(h: number, s: number, l: number): Rgb {
  const hh = (((h % 360) + 360) % 360) / 360;
  const ss = clamp(s, 0, 1);
  const ll = clamp(l, 0, 1);
  if (ss === 0) {
    const v = Math.round(ll * 255);
    return [v, v, v];
  }
  const q = ll < 0.5 ? ll * (1 + ss) : ll + ss - ll * ss;
  const p = 2 * ll - q;
  const ch = (t: number): number => {
    let x = t;
    if (x < 0) x += 1;
    if (x > 1) x -= 1;
    let v: number;
    if (x < 1 / 6) v = p + (q - p) * 6 * x;
    else if (x < 1 / 2) v = q;
    else if (x < 2 / 3) v = p + (q - p) * (2 / 3 - x) * 6;
    else v = p;
    return Math.round(v * 255);
  };
  return [ch(hh + 1 / 3), ch(hh), ch(hh - 1 / 3)];
}

export function rgbHex(c: Rgb): string {
  return '#' + c.map((v) => clamp(Math.round(v), 0, 255).toString(16).padStart(2, '0')).join('');
}

export function hsl(h: number, s: number, l: number): string {
  return rgbHex(hslToRgb(h, s, l));
}

/** Linear (0..1) colour factor for glTF material factors, from an sRGB colour. */
export function srgbToLinear(c: Rgb): [number, number, number] {
  const f = (v: number): number => {
    const x = v / 255;
    return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
  };
  return [f(c[0]), f(c[1]), f(c[2])];
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

export interface Palette {
  /** Base hue in degrees. */
  hue: number;
  /** Background gradient stops. */
  bgA: string;
  bgB: string;
  /** Accent colours for shapes. */
  accents: string[];
  /** A light colour (for glows, borders, text). */
  light: string;
  /** A dark colour (for ink, shadows). */
  dark: string;
}

/** A harmonious palette: analogous, complementary or triadic around a seeded hue. */
export function makePalette(rng: Rng): Palette {
  const hue = rng.range(0, 360);
  const scheme = rng.pick(['analogous', 'complementary', 'triadic'] as const);
  const offsets =
    scheme === 'analogous' ? [0, 25, -25, 50, -50] : scheme === 'complementary' ? [0, 180, 20, 200, -20] : [0, 120, 240, 60, 300];
  const dusk = rng.chance(0.5);
  const bgA = dusk ? hsl(hue + 200, 0.45, 0.14) : hsl(hue + 10, 0.55, 0.82);
  const bgB = dusk ? hsl(hue + 250, 0.5, 0.3) : hsl(hue + 60, 0.6, 0.62);
  const accents = offsets.map((o, i) => hsl(hue + o + rng.range(-8, 8), rng.range(0.55, 0.85), dusk ? 0.55 + i * 0.04 : 0.42 + i * 0.05));
  return { hue, bgA, bgB, accents, light: hsl(hue + 30, 0.6, 0.94), dark: hsl(hue + 200, 0.4, 0.12) };
}
