// Base-colour textures for the demo 3D models, drawn as SVG and rasterised with sharp.
// Lathe-mapped models wrap the texture once around their circumference (u) and along their
// profile (v), so their title is drawn twice (front and back, each half as wide).

import { displayTitle, fittedText, num, textEm, wavePath } from './svg.js';
import { hsl, Rng } from './prng.js';
import type { ModelKind } from './model.js';

export const TEXTURE_SIZE = 512;

function svgDoc(body: string[]): string {
  const S = TEXTURE_SIZE;
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}" viewBox="0 0 ${S} ${S}">`, ...body, '</svg>'].join('\n');
}

/** The title twice, centred at u = 0.25 and u = 0.75, so a lathe shows it front and back. */
function twiceAround(title: string, y: number, fill: string, maxSize: number, extra?: string, widthFrac = 0.44): string[] {
  const S = TEXTURE_SIZE;
  return [0.25, 0.75].map((u) => fittedText(title, { x: S * u, y, maxWidth: S * widthFrac, maxSize, fill, ...(extra ? { extra } : {}) }));
}

function vase(rng: Rng, title: string): string {
  const S = TEXTURE_SIZE;
  const hue = rng.pick([215, 220, 205, 350, 160, 28]);
  const ink = hsl(hue, 0.7, 0.32);
  const inkSoft = hsl(hue, 0.55, 0.55);
  const glaze = hsl(hue + 30, 0.3, 0.95);
  const b: string[] = [`<rect width="${S}" height="${S}" fill="${glaze}"/>`];
  // Top: a key-fret (meander) band. The texture's top is the vase's lip.
  const fret = 32;
  b.push(`<rect x="0" y="40" width="${S}" height="6" fill="${ink}"/><rect x="0" y="86" width="${S}" height="6" fill="${ink}"/>`);
  for (let x = 0; x < S; x += fret) {
    b.push(`<path d="M${x + 4} 80 V54 H${x + 26} V74 H${x + 12} V62 H${x + 20}" fill="none" stroke="${ink}" stroke-width="4"/>`);
  }
  // Middle: scrolling clouds.
  const n = rng.int(5, 8);
  for (let i = 0; i < n; i++) {
    const cx = (S * (i + 0.5)) / n;
    const cy = 150 + rng.range(-12, 12);
    const r = rng.range(14, 22);
    b.push(
      `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="none" stroke="${inkSoft}" stroke-width="5"/>` +
        `<circle cx="${num(cx + r * 1.1)}" cy="${num(cy + r * 0.5)}" r="${num(r * 0.6)}" fill="none" stroke="${inkSoft}" stroke-width="4"/>`,
    );
  }
  b.push(`<rect x="0" y="204" width="${S}" height="96" fill="${ink}" opacity="0.9"/>`);
  b.push(...twiceAround(title, 266, glaze, 40));
  // Lower body: waves.
  for (let i = 0; i < 4; i++) {
    b.push(`<path d="${wavePath(S, 330 + i * 30, 8, S / 8, i * 0.25, 340 + i * 30 + 14)}" fill="none" stroke="${ink}" stroke-width="4" opacity="${num(0.9 - i * 0.15)}"/>`);
  }
  // Foot: lotus petals.
  const petals = 16;
  for (let i = 0; i < petals; i++) {
    const x = (S * i) / petals;
    const w = S / petals;
    b.push(`<path d="M${num(x)} 500 Q${num(x + w / 2)} 400 ${num(x + w)} 500 Z" fill="${inkSoft}" stroke="${ink}" stroke-width="3"/>`);
  }
  return svgDoc(b);
}

function coin(rng: Rng, title: string): string {
  const S = TEXTURE_SIZE;
  const c = S / 2;
  const gold = rng.pick([
    ['#fff1b8', '#e0b040', '#8a6410'],
    ['#f6f1e8', '#c9c3b4', '#6e685c'],
    ['#ffd9b0', '#cf7f3f', '#6b3a12'],
  ] as const);
  const [hi, mid, lo] = gold;
  const b: string[] = [
    `<defs><radialGradient id="g" cx="0.4" cy="0.35" r="0.75"><stop offset="0" stop-color="${hi}"/><stop offset="0.6" stop-color="${mid}"/><stop offset="1" stop-color="${lo}"/></radialGradient></defs>`,
    `<rect width="${S}" height="${S}" fill="${mid}"/>`,
    `<circle cx="${c}" cy="${c}" r="${c}" fill="url(#g)"/>`,
  ];
  // Embossing: every relief is drawn as a light edge (upper left) and a dark edge (lower right).
  const emboss = (el: (dx: number, dy: number, color: string) => string): void => {
    b.push(el(2.5, 2.5, lo), el(-2, -2, hi), el(0, 0, mid));
  };
  emboss((dx, dy, col) => `<circle cx="${c + dx}" cy="${c + dy}" r="${c - 26}" fill="none" stroke="${col}" stroke-width="10"/>`);
  const beads = rng.int(36, 60);
  for (let i = 0; i < beads; i++) {
    const a = (i / beads) * Math.PI * 2;
    const x = c + Math.cos(a) * (c - 52);
    const y = c + Math.sin(a) * (c - 52);
    emboss((dx, dy, col) => `<circle cx="${num(x + dx * 0.6)}" cy="${num(y + dy * 0.6)}" r="5" fill="${col}"/>`);
  }
  // The square hole of a cash coin, in relief.
  const h = 46;
  emboss((dx, dy, col) => `<rect x="${c - h + dx}" y="${c - h + dy}" width="${2 * h}" height="${2 * h}" fill="none" stroke="${col}" stroke-width="9"/>`);
  b.push(`<rect x="${c - h + 8}" y="${c - h + 8}" width="${2 * h - 16}" height="${2 * h - 16}" fill="${lo}" opacity="0.55"/>`);
  const t = displayTitle(title, 24);
  for (const [dx, dy, col] of [
    [2, 2, lo],
    [-1.5, -1.5, hi],
    [0, 0, mid],
  ] as const) {
    b.push(fittedText(t, { x: c + dx, y: c - h - 34 + dy, maxWidth: S * 0.56, maxSize: 44, fill: col }));
  }
  const serial = `No.${String(rng.int(1, 9999)).padStart(4, '0')}`;
  for (const [dx, dy, col] of [
    [2, 2, lo],
    [-1.5, -1.5, hi],
    [0, 0, mid],
  ] as const) {
    b.push(fittedText(serial, { x: c + dx, y: c + h + 62 + dy, maxWidth: S * 0.4, maxSize: 38, fill: col }));
  }
  return svgDoc(b);
}

function lantern(rng: Rng, title: string): string {
  const S = TEXTURE_SIZE;
  const hue = rng.pick([0, 8, 352, 30, 45]);
  const red = hsl(hue, 0.85, 0.45);
  const deep = hsl(hue, 0.85, 0.28);
  const gold = hsl(44, 0.9, 0.6);
  const b: string[] = [
    `<defs><linearGradient id="r" x1="0" y1="0" x2="1" y2="0">` +
      Array.from({ length: 13 }, (_, i) => `<stop offset="${num(i / 12)}" stop-color="${i % 2 === 0 ? deep : red}"/>`).join('') +
      `</linearGradient></defs>`,
    `<rect width="${S}" height="${S}" fill="url(#r)"/>`,
  ];
  const ribs = 12;
  for (let i = 0; i <= ribs; i++) b.push(`<rect x="${num((S * i) / ribs - 2)}" y="0" width="4" height="${S}" fill="${gold}" opacity="0.7"/>`);
  b.push(`<rect x="0" y="0" width="${S}" height="46" fill="${gold}"/><rect x="0" y="${S - 46}" width="${S}" height="46" fill="${gold}"/>`);
  for (let x = 0; x < S; x += 32) {
    b.push(`<path d="M${x} 46 L${x + 16} 70 L${x + 32} 46" fill="${gold}"/><path d="M${x} ${S - 46} L${x + 16} ${S - 70} L${x + 32} ${S - 46}" fill="${gold}"/>`);
  }
  for (const u of [0.25, 0.75]) {
    b.push(`<circle cx="${S * u}" cy="${S / 2}" r="92" fill="${deep}" stroke="${gold}" stroke-width="8"/>`);
  }
  const glyph = rng.pick(['福', '春', '安', '喜']);
  for (const u of [0.25, 0.75]) {
    b.push(`<text x="${S * u}" y="${S / 2 + 40}" font-family="sans-serif" font-size="112" font-weight="bold" text-anchor="middle" fill="${gold}">${glyph}</text>`);
  }
  b.push(...twiceAround(title, S / 2 + 150, gold, 30));
  return svgDoc(b);
}

function crystal(rng: Rng, title: string): string {
  const S = TEXTURE_SIZE;
  const hue = rng.range(0, 360);
  const b: string[] = [
    `<defs><linearGradient id="c" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(hue, 0.8, 0.85)}"/><stop offset="0.5" stop-color="${hsl(hue + 20, 0.75, 0.55)}"/><stop offset="1" stop-color="${hsl(hue + 40, 0.8, 0.3)}"/></linearGradient></defs>`,
    `<rect width="${S}" height="${S}" fill="url(#c)"/>`,
  ];
  // Facet shimmer: a jittered triangle lattice with translucent fills.
  const n = 8;
  const step = S / n;
  const grid: [number, number][][] = [];
  for (let j = 0; j <= n; j++) {
    const row: [number, number][] = [];
    for (let i = 0; i <= n; i++) {
      const edge = i === 0 || i === n || j === 0 || j === n;
      row.push([i * step + (edge ? 0 : rng.range(-14, 14)), j * step + (edge ? 0 : rng.range(-14, 14))]);
    }
    grid.push(row);
  }
  const at = (i: number, j: number): [number, number] => grid[j]?.[i] ?? [0, 0];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const [a, bb, c, d] = [at(i, j), at(i + 1, j), at(i, j + 1), at(i + 1, j + 1)];
      for (const tri of [
        [a, bb, d],
        [a, d, c],
      ]) {
        const l = rng.range(0.5, 0.95);
        const pts = tri.map(([x, y]) => `${num(x)},${num(y)}`).join(' ');
        b.push(`<polygon points="${pts}" fill="${hsl(hue + rng.range(-25, 25), 0.7, l)}" opacity="${num(rng.range(0.15, 0.4))}" stroke="#ffffff" stroke-opacity="0.35" stroke-width="1.5"/>`);
      }
    }
  }
  for (let i = 0; i < 24; i++) {
    const x = rng.range(0, S);
    const y = rng.range(0, S);
    const r = rng.range(2, 6);
    b.push(`<path d="M${num(x - r * 3)} ${num(y)} L${num(x + r * 3)} ${num(y)} M${num(x)} ${num(y - r * 3)} L${num(x)} ${num(y + r * 3)}" stroke="#ffffff" stroke-width="2" opacity="0.8"/><circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" fill="#ffffff"/>`);
  }
  b.push(...twiceAround(title, S * 0.62, '#ffffff', 34, 'opacity="0.9"'));
  return svgDoc(b);
}

function pagoda(rng: Rng, title: string): string {
  // Mapped once per wall, so the whole texture (door, sign, title) shows on each side.
  const S = TEXTURE_SIZE;
  const wood = hsl(rng.pick([8, 14, 20, 350]), 0.65, 0.36);
  const dark = hsl(20, 0.5, 0.16);
  const plaster = hsl(40, 0.45, 0.86);
  const gold = hsl(44, 0.9, 0.58);
  const b: string[] = [`<rect width="${S}" height="${S}" fill="${plaster}"/>`];
  // Pillars and beams.
  for (const x of [0, 120, S - 150, S - 30]) b.push(`<rect x="${x}" y="0" width="30" height="${S}" fill="${wood}"/>`);
  b.push(`<rect x="0" y="0" width="${S}" height="44" fill="${wood}"/><rect x="0" y="${S - 36}" width="${S}" height="36" fill="${dark}"/>`);
  for (let x = 8; x < S; x += 28) b.push(`<rect x="${x}" y="10" width="14" height="24" fill="${gold}" opacity="0.8"/>`);
  // Lattice windows.
  for (const x0 of [36, S - 114]) {
    b.push(`<rect x="${x0}" y="150" width="78" height="140" fill="${dark}"/>`);
    for (let i = 1; i < 4; i++) b.push(`<rect x="${x0 + i * 19.5 - 2}" y="150" width="4" height="140" fill="${gold}"/>`);
    for (let j = 1; j < 6; j++) b.push(`<rect x="${x0}" y="${150 + j * 23.3 - 2}" width="78" height="4" fill="${gold}"/>`);
  }
  // Arched door.
  b.push(`<path d="M176 ${S - 36} V300 Q256 210 336 300 V${S - 36} Z" fill="${dark}" stroke="${gold}" stroke-width="6"/>`);
  b.push(`<rect x="254" y="300" width="4" height="${S - 336}" fill="${gold}"/>`);
  // Name board over the door.
  b.push(`<rect x="160" y="70" width="192" height="88" rx="8" fill="${dark}" stroke="${gold}" stroke-width="6"/>`);
  const lines = twoLines(title);
  if (lines.length === 1) b.push(fittedText(title, { x: 256, y: 128, maxWidth: 170, maxSize: 40, fill: gold }));
  else lines.forEach((line, i) => b.push(fittedText(line, { x: 256, y: 108 + i * 34, maxWidth: 172, maxSize: 28, fill: gold })));
  return svgDoc(b);
}

/** Split a long title into two lines, at the space nearest the middle if there is one. */
function twoLines(title: string): string[] {
  const chars = Array.from(title);
  if (textEm(title) <= 7) return [title];
  const mid = chars.length / 2;
  let cut = Math.round(mid);
  let best = Infinity;
  chars.forEach((ch, i) => {
    if (ch === ' ' && Math.abs(i - mid) < best && i > 0) {
      best = Math.abs(i - mid);
      cut = i;
    }
  });
  if (best > chars.length / 4) cut = Math.round(mid);
  return [chars.slice(0, cut).join('').trim(), chars.slice(cut).join('').trim()].filter((l) => l.length > 0);
}

function rocket(rng: Rng, title: string): string {
  const S = TEXTURE_SIZE;
  const hue = rng.range(0, 360);
  const stripe = hsl(hue, 0.8, 0.5);
  const body = hsl(hue + 180, 0.08, 0.93);
  const b: string[] = [
    `<defs><linearGradient id="m" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${body}"/><stop offset="0.5" stop-color="#ffffff"/><stop offset="1" stop-color="${body}"/></linearGradient></defs>`,
    `<rect width="${S}" height="${S}" fill="url(#m)"/>`,
    // Nose (top of the texture) in the stripe colour, then a checker band, a stripe at the tail.
    `<rect x="0" y="0" width="${S}" height="120" fill="${stripe}"/>`,
    `<rect x="0" y="${S - 40}" width="${S}" height="40" fill="${stripe}"/>`,
    `<rect x="0" y="${S - 60}" width="${S}" height="8" fill="${stripe}"/>`,
  ];
  for (let x = 0; x < S; x += 32) {
    b.push(`<rect x="${x}" y="140" width="16" height="16" fill="#222222"/><rect x="${x + 16}" y="156" width="16" height="16" fill="#222222"/>`);
  }
  // Rivet lines.
  for (let y = 200; y < S - 80; y += 60) {
    for (let x = 8; x < S; x += 16) b.push(`<circle cx="${x}" cy="${y}" r="2" fill="#999999"/>`);
  }
  const callsign = `HF-${rng.int(1, 99)}`;
  // Low on the body, below the porthole.
  // A slim body: keep text within about a quarter turn so it reads from the front.
  b.push(...twiceAround(callsign, 372, stripe, 40, undefined, 0.24));
  b.push(...twiceAround(title, 420, '#333333', 28, undefined, 0.3));
  return svgDoc(b);
}

/** The base-colour texture of a model, as an SVG document (512×512). */
export function textureSvg(kind: ModelKind, seed: number, title: string): string {
  const rng = new Rng(seed, `texture:${kind}`);
  const t = displayTitle(title, 32);
  switch (kind) {
    case 'vase':
      return vase(rng, t);
    case 'coin':
      return coin(rng, t);
    case 'lantern':
      return lantern(rng, t);
    case 'crystal':
      return crystal(rng, t);
    case 'pagoda':
      return pagoda(rng, t);
    case 'rocket':
      return rocket(rng, t);
    default: {
      const never: never = kind;
      throw new RangeError(`unknown model kind ${String(never)}`);
    }
  }
}
