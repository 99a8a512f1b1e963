// SVG building blocks shared by the artwork, texture and video generators.
// Output is plain SVG 1.1 with no scripts and no external references, so it renders the same in
// librsvg (sharp) and in browsers.

import { makePalette, Rng, type Palette } from './prng.js';

/** Compact, deterministic number formatting (two decimals, no "-0"). */
export function num(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) || r === 0 ? '0' : String(r);
}

/** Escape text for use in XML character data or attribute values, dropping characters that XML 1.0
 *  does not allow (control characters, lone surrogates). */
export function xmlText(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) continue;
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff) continue;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else out += ch;
  }
  return out;
}

/** Normalise a title for display: collapse whitespace, cap the length (by code points). */
export function displayTitle(title: string, max = 48): string {
  const t = title.replace(/\s+/g, ' ').trim();
  const chars = Array.from(t);
  if (chars.length <= max) return t;
  return chars.slice(0, max - 1).join('') + '…';
}

/** Rough width of a string in em units for a bold sans-serif face (DejaVu Sans Bold is among the
 *  widest): CJK and other wide characters are 1 em, Latin ~0.66 em. Errs wide, so text fits. */
export function textEm(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x1f300)) w += 1;
    else if (ch === ' ') w += 0.36;
    else if (/[MW@%—]/.test(ch)) w += 1.0;
    else if (/[A-Z0-9#&]/.test(ch)) w += 0.76;
    else if (/[iljtf.,:;'!|]/.test(ch)) w += 0.36;
    else w += 0.66;
  }
  return Math.max(w, 1);
}

export interface TextOpts {
  x: number;
  y: number;
  maxWidth: number;
  maxSize: number;
  fill: string;
  weight?: 'normal' | 'bold';
  anchor?: 'start' | 'middle' | 'end';
  extra?: string;
}

/** A <text> element sized to fit maxWidth (baseline at y). */
export function fittedText(text: string, o: TextOpts): string {
  const size = Math.max(6, Math.min(o.maxSize, o.maxWidth / textEm(text)));
  return (
    `<text x="${num(o.x)}" y="${num(o.y)}" font-family="sans-serif" font-size="${num(size)}"` +
    ` font-weight="${o.weight ?? 'bold'}" text-anchor="${o.anchor ?? 'middle'}" fill="${o.fill}"${o.extra ? ' ' + o.extra : ''}>` +
    `${xmlText(text)}</text>`
  );
}

/** A closed wave band from the left edge to the right edge down to `bottom`. `wavelength` should
 *  divide the width so that shifting by `shift` wavelengths loops seamlessly. */
export function wavePath(width: number, baseY: number, amp: number, wavelength: number, shift: number, bottom: number, steps = 48): string {
  const pts: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = (width * i) / steps;
    const y = baseY + amp * Math.sin(((x / wavelength) + shift) * Math.PI * 2) + amp * 0.35 * Math.sin(((x / wavelength) * 2 + shift * 2) * Math.PI * 2 + 1.3);
    pts.push(`${num(x)} ${num(y)}`);
  }
  return `M${pts.join(' L')} L${num(width)} ${num(bottom)} L0 ${num(bottom)} Z`;
}

// ---------------------------------------------------------------------------------------------
// Generative artwork

export interface ArtOpts {
  seed: number;
  width: number;
  height: number;
  title: string;
  /** Animation phase in [0, 1); the picture loops seamlessly as phase goes 0 → 1. */
  phase?: number;
  /** Draw the title band (default true). */
  withTitle?: boolean;
  /** A precomputed plan (from planArt(seed)), to avoid re-planning every animation frame. */
  plan?: ArtPlan;
}

export interface ArtPlan {
  pal: Palette;
  gradAngle: number;
  sun: { x: number; y: number; r: number; color: string };
  rings: { r: number; width: number; dash: number; color: string; speed: number }[];
  circles: { x: number; y: number; r: number; color: string; opacity: number; ampX: number; ampY: number; ph: number; ring: boolean }[];
  waves: { base: number; amp: number; cycles: number; color: string; opacity: number; dir: number }[];
  dots: { x: number; y: number; r: number; ph: number }[];
}

export function planArt(seed: number): ArtPlan {
  const rng = new Rng(seed, 'art');
  const pal = makePalette(rng);
  const accent = (): string => rng.pick(pal.accents);
  const sun = { x: rng.range(0.25, 0.75), y: rng.range(0.2, 0.42), r: rng.range(0.16, 0.26), color: accent() };
  const rings = Array.from({ length: rng.int(2, 3) }, (_, i) => ({
    r: sun.r * (1.25 + i * 0.28 + rng.range(0, 0.08)),
    width: rng.range(0.003, 0.008),
    dash: rng.range(0.01, 0.04),
    color: pal.light,
    speed: rng.pick([-1, 1]),
  }));
  const circles = Array.from({ length: rng.int(6, 10) }, () => ({
    x: rng.range(0.05, 0.95),
    y: rng.range(0.08, 0.7),
    r: rng.range(0.02, 0.11),
    color: accent(),
    opacity: rng.range(0.3, 0.7),
    ampX: rng.range(0.01, 0.04),
    ampY: rng.range(0.01, 0.04),
    ph: rng.range(0, Math.PI * 2),
    ring: rng.chance(0.3),
  }));
  const waves = Array.from({ length: rng.int(3, 5) }, (_, i) => ({
    base: 0.58 + i * 0.075 + rng.range(-0.02, 0.02),
    amp: rng.range(0.015, 0.04),
    cycles: rng.int(1, 3),
    color: pal.accents[(i + 1) % pal.accents.length] ?? pal.dark,
    opacity: 0.45 + i * 0.1,
    dir: rng.pick([-1, 1]),
  }));
  const dots = Array.from({ length: rng.int(18, 36) }, () => ({
    x: rng.range(0.04, 0.96),
    y: rng.range(0.04, 0.55),
    r: rng.range(0.002, 0.006),
    ph: rng.range(0, Math.PI * 2),
  }));
  return { pal, gradAngle: rng.range(0, 180), sun, rings, circles, waves, dots };
}

/** Generative art as an SVG document of the given pixel size. */
export function artSvg(o: ArtOpts): string {
  const W = o.width;
  const H = o.height;
  const m = Math.min(W, H);
  const p = o.plan ?? planArt(o.seed);
  const t = ((o.phase ?? 0) % 1) * Math.PI * 2;
  const { pal } = p;
  const rad = (p.gradAngle * Math.PI) / 180;
  const gx = Math.cos(rad) * 0.5;
  const gy = Math.sin(rad) * 0.5;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<title>${xmlText(displayTitle(o.title))}</title>`,
    '<defs>',
    `<linearGradient id="bg" x1="${num(0.5 - gx)}" y1="${num(0.5 - gy)}" x2="${num(0.5 + gx)}" y2="${num(0.5 + gy)}">` +
      `<stop offset="0" stop-color="${pal.bgA}"/><stop offset="1" stop-color="${pal.bgB}"/></linearGradient>`,
    `<radialGradient id="sun"><stop offset="0" stop-color="${pal.light}"/><stop offset="0.55" stop-color="${p.sun.color}"/>` +
      `<stop offset="1" stop-color="${p.sun.color}" stop-opacity="0"/></radialGradient>`,
    `<linearGradient id="band" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#000" stop-opacity="0"/>` +
      `<stop offset="1" stop-color="#000" stop-opacity="0.55"/></linearGradient>`,
    '</defs>',
    `<rect width="${W}" height="${H}" fill="url(#bg)"/>`,
  );
  for (const d of p.dots) {
    const tw = 0.45 + 0.45 * Math.sin(t + d.ph);
    out.push(`<circle cx="${num(d.x * W)}" cy="${num(d.y * H)}" r="${num(d.r * m)}" fill="${pal.light}" opacity="${num(tw)}"/>`);
  }
  const sx = p.sun.x * W;
  const sy = p.sun.y * H + Math.sin(t) * m * 0.015;
  out.push(`<circle cx="${num(sx)}" cy="${num(sy)}" r="${num(p.sun.r * m * 1.6)}" fill="url(#sun)"/>`);
  out.push(`<circle cx="${num(sx)}" cy="${num(sy)}" r="${num(p.sun.r * m * 0.7)}" fill="${p.sun.color}" opacity="0.9"/>`);
  for (const r of p.rings) {
    const dash = r.dash * m;
    const offset = r.speed * ((o.phase ?? 0) % 1) * dash * 2 * 4;
    out.push(
      `<circle cx="${num(sx)}" cy="${num(sy)}" r="${num(r.r * m)}" fill="none" stroke="${r.color}" stroke-opacity="0.6"` +
        ` stroke-width="${num(r.width * m)}" stroke-dasharray="${num(dash)} ${num(dash)}" stroke-dashoffset="${num(offset)}"/>`,
    );
  }
  for (const c of p.circles) {
    const cx = (c.x + c.ampX * Math.cos(t + c.ph)) * W;
    const cy = (c.y + c.ampY * Math.sin(t + c.ph)) * H;
    if (c.ring) {
      out.push(`<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(c.r * m)}" fill="none" stroke="${c.color}" stroke-width="${num(m * 0.008)}" opacity="${num(c.opacity)}"/>`);
    } else {
      out.push(`<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(c.r * m)}" fill="${c.color}" opacity="${num(c.opacity)}"/>`);
    }
  }
  for (const w of p.waves) {
    const shift = w.dir * ((o.phase ?? 0) % 1);
    out.push(`<path d="${wavePath(W, w.base * H, w.amp * H, W / w.cycles, shift, H)}" fill="${w.color}" opacity="${num(w.opacity)}"/>`);
  }
  if (o.withTitle !== false) {
    const title = displayTitle(o.title);
    const bandTop = H - m * 0.24;
    out.push(`<rect x="0" y="${num(bandTop)}" width="${W}" height="${num(H - bandTop)}" fill="url(#band)"/>`);
    if (title) {
      out.push(
        fittedText(title, { x: W / 2, y: H - m * 0.085, maxWidth: W * 0.82, maxSize: m * 0.085, fill: pal.light, extra: 'letter-spacing="0.5"' }),
      );
    }
  }
  const inset = m * 0.03;
  out.push(
    `<rect x="${num(inset)}" y="${num(inset)}" width="${num(W - 2 * inset)}" height="${num(H - 2 * inset)}" fill="none" stroke="${pal.light}" stroke-width="${num(m * 0.012)}" opacity="0.85"/>`,
    `<rect x="${num(inset * 1.8)}" y="${num(inset * 1.8)}" width="${num(W - 3.6 * inset)}" height="${num(H - 3.6 * inset)}" fill="none" stroke="${pal.light}" stroke-width="${num(m * 0.003)}" opacity="0.6"/>`,
    '</svg>',
  );
  return out.join('\n');
}
