// A short procedural H.264 MP4 for the demo library, encoded in-process with the wasm
// h264-mp4-encoder. Frames are drawn by hand into RGBA buffers; the title is rendered once with
// sharp (SVG) and composited on every frame.

import type { H264MP4Encoder } from 'h264-mp4-encoder';
import sharp from 'sharp';
import { clamp, makePalette, Rng } from './prng.js';
import { displayTitle, fittedText } from './svg.js';

export const VIDEO_WIDTH = 320;
export const VIDEO_HEIGHT = 240;
export const VIDEO_FPS = 20;

type EncoderModule = { createH264MP4Encoder: () => Promise<H264MP4Encoder> };

let encoderModule: Promise<EncoderModule> | null = null;

/** Load the encoder once. Its Emscripten runtime registers process-wide 'uncaughtException'
 *  (rethrow) and 'unhandledRejection' (abort) handlers when it loads; those would change how the
 *  whole app reacts to unrelated errors, so they are removed again. */
function loadEncoder(): Promise<EncoderModule> {
  encoderModule ??= (async () => {
    const exceptionBefore = new Set(process.listeners('uncaughtException'));
    const rejectionBefore = new Set(process.listeners('unhandledRejection'));
    try {
      const mod = (await import('h264-mp4-encoder')) as unknown as EncoderModule & { default?: EncoderModule };
      return mod.default ?? mod;
    } finally {
      for (const l of process.listeners('uncaughtException')) {
        if (!exceptionBefore.has(l)) process.removeListener('uncaughtException', l);
      }
      for (const l of process.listeners('unhandledRejection')) {
        if (!rejectionBefore.has(l)) process.removeListener('unhandledRejection', l);
      }
    }
  })();
  encoderModule.catch(() => {
    encoderModule = null;
  });
  return encoderModule;
}

type Rgb3 = [number, number, number];

function hexRgb(hex: string): Rgb3 {
  const v = parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

class Canvas {
  readonly data: Uint8Array;
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    this.data = new Uint8Array(w * h * 4);
  }

  blend(i: number, c: Rgb3, a: number): void {
    const d = this.data;
    d[i] = (d[i] ?? 0) + (c[0] - (d[i] ?? 0)) * a;
    d[i + 1] = (d[i + 1] ?? 0) + (c[1] - (d[i + 1] ?? 0)) * a;
    d[i + 2] = (d[i + 2] ?? 0) + (c[2] - (d[i + 2] ?? 0)) * a;
    d[i + 3] = 255;
  }

  /** Anti-aliased filled disc. */
  disc(cx: number, cy: number, r: number, c: Rgb3, alpha: number): void {
    const x0 = Math.max(0, Math.floor(cx - r - 1));
    const x1 = Math.min(this.w - 1, Math.ceil(cx + r + 1));
    const y0 = Math.max(0, Math.floor(cy - r - 1));
    const y1 = Math.min(this.h - 1, Math.ceil(cy + r + 1));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        const cov = clamp(r + 0.5 - d, 0, 1);
        if (cov > 0) this.blend((y * this.w + x) * 4, c, alpha * cov);
      }
    }
  }

  /** Soft glow: alpha falls off with distance. */
  glow(cx: number, cy: number, r: number, c: Rgb3, alpha: number): void {
    const x0 = Math.max(0, Math.floor(cx - r));
    const x1 = Math.min(this.w - 1, Math.ceil(cx + r));
    const y0 = Math.max(0, Math.floor(cy - r));
    const y1 = Math.min(this.h - 1, Math.ceil(cy + r));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) / r;
        if (d < 1) this.blend((y * this.w + x) * 4, c, alpha * (1 - d) * (1 - d));
      }
    }
  }

  /** Composite a straight-alpha RGBA overlay of the same size. */
  over(rgba: Uint8Array): void {
    for (let i = 0; i < this.data.length; i += 4) {
      const a = (rgba[i + 3] ?? 0) / 255;
      if (a > 0) this.blend(i, [rgba[i] ?? 0, rgba[i + 1] ?? 0, rgba[i + 2] ?? 0], a);
    }
  }
}

async function titleOverlay(title: string, w: number, h: number, light: string): Promise<Uint8Array> {
  const t = displayTitle(title, 40);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<rect x="0" y="${h - 46}" width="${w}" height="46" fill="#000000" fill-opacity="0.4"/>` +
    (t ? fittedText(t, { x: w / 2, y: h - 17, maxWidth: w * 0.9, maxSize: 20, fill: light }) : '') +
    `</svg>`;
  const raw = await sharp(Buffer.from(svg, 'utf8'), { density: 72 }).ensureAlpha().raw().toBuffer();
  if (raw.length !== w * h * 4) throw new Error(`title overlay has ${raw.length} bytes, wanted ${w * h * 4}`);
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

interface Ball {
  x: number;
  y: number;
  r: number;
  ax: number;
  ay: number;
  fx: number;
  fy: number;
  ph: number;
  c: Rgb3;
  a: number;
}

/** Draw every frame of the clip (RGBA, width × height). Pure and deterministic. */
async function drawFrames(seed: number, title: string, frames: number, w: number, h: number, onFrame: (rgba: Uint8Array) => void): Promise<void> {
  const rng = new Rng(seed, 'video');
  const pal = makePalette(rng);
  const top = hexRgb(pal.bgA);
  const bottom = hexRgb(pal.bgB);
  const light = hexRgb(pal.light);
  const accents = pal.accents.map(hexRgb);
  const background = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    const t = y / (h - 1);
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const vignette = 1 - 0.25 * Math.pow(Math.abs(x / w - 0.5) * 2, 2);
      background[i] = (top[0] + (bottom[0] - top[0]) * t) * vignette;
      background[i + 1] = (top[1] + (bottom[1] - top[1]) * t) * vignette;
      background[i + 2] = (top[2] + (bottom[2] - top[2]) * t) * vignette;
      background[i + 3] = 255;
    }
  }
  // Whole numbers of cycles over the clip, so it loops cleanly.
  const balls: Ball[] = Array.from({ length: rng.int(5, 8) }, () => ({
    x: rng.range(0.15, 0.85) * w,
    y: rng.range(0.15, 0.65) * h,
    r: rng.range(8, 26),
    ax: rng.range(20, 70),
    ay: rng.range(10, 40),
    fx: rng.int(1, 2),
    fy: rng.int(1, 3),
    ph: rng.range(0, Math.PI * 2),
    c: rng.pick(accents),
    a: rng.range(0.55, 0.9),
  }));
  const waves = Array.from({ length: 3 }, (_, k) => ({
    base: h * (0.7 + k * 0.06),
    amp: rng.range(5, 12),
    len: w / rng.int(1, 3),
    dir: rng.pick([-1, 1]),
    c: accents[(k + 2) % accents.length] ?? light,
  }));
  const sun = { x: rng.range(0.3, 0.7) * w, y: h * 0.3, r: rng.range(28, 40) };
  const overlay = await titleOverlay(title, w, h, pal.light);

  const canvas = new Canvas(w, h);
  for (let f = 0; f < frames; f++) {
    const p = f / frames;
    const tt = p * Math.PI * 2;
    canvas.data.set(background);
    canvas.glow(sun.x, sun.y, sun.r * 2.6, light, 0.35 + 0.1 * Math.sin(tt * 2));
    canvas.disc(sun.x, sun.y, sun.r * (1 + 0.06 * Math.sin(tt * 2)), accents[0] ?? light, 0.95);
    for (const b of balls) {
      canvas.disc(b.x + b.ax * Math.sin(tt * b.fx + b.ph), b.y + b.ay * Math.cos(tt * b.fy + b.ph), b.r, b.c, b.a);
    }
    // Scrolling wave bands.
    for (const wv of waves) {
      for (let x = 0; x < w; x++) {
        const yy = wv.base + wv.amp * Math.sin(((x / wv.len) + wv.dir * p) * Math.PI * 2);
        const y0 = Math.max(0, Math.floor(yy));
        const cover = 1 - (yy - Math.floor(yy));
        if (y0 < h) canvas.blend((y0 * w + x) * 4, wv.c, 0.7 * cover);
        for (let y = y0 + 1; y < h; y++) canvas.blend((y * w + x) * 4, wv.c, 0.7);
      }
    }
    canvas.over(overlay);
    // Progress bar, so seeking and looping are visible.
    const barW = Math.round((w - 16) * ((f + 1) / frames));
    for (let y = h - 5; y < h - 3; y++) for (let x = 8; x < 8 + barW; x++) canvas.blend((y * w + x) * 4, light, 0.9);
    onFrame(canvas.data);
  }
}

/** MP4 stores creation/modification times (seconds since 1904) in mvhd, tkhd and mdhd; the
 *  encoder fills in "now". Zero them so the file depends only on its inputs. */
function zeroMp4Times(mp4: Uint8Array): void {
  const view = new DataView(mp4.buffer, mp4.byteOffset, mp4.byteLength);
  const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'udta', 'mvex']);
  const timed = new Set(['mvhd', 'tkhd', 'mdhd']);
  const walk = (start: number, end: number): void => {
    let pos = start;
    while (pos + 8 <= end) {
      let size = view.getUint32(pos);
      const type = String.fromCharCode(mp4[pos + 4] ?? 0, mp4[pos + 5] ?? 0, mp4[pos + 6] ?? 0, mp4[pos + 7] ?? 0);
      let header = 8;
      if (size === 1) {
        size = Number(view.getBigUint64(pos + 8));
        header = 16;
      } else if (size === 0) {
        size = end - pos;
      }
      if (size < header || pos + size > end) return;
      if (containers.has(type)) walk(pos + header, pos + size);
      else if (timed.has(type)) {
        const version = mp4[pos + header] ?? 0;
        const fieldLen = version === 1 ? 8 : 4;
        mp4.fill(0, pos + header + 4, pos + header + 4 + 2 * fieldLen);
      }
      pos += size;
    }
  };
  walk(0, mp4.length);
}

let outputCounter = 0;

/** An H.264 (yuv420p) MP4 of moving shapes and the title: 320×240, 20 fps, `seconds` long
 *  (default 3, at most 20). Deterministic: same inputs, same bytes. */
export async function makeVideoMp4(opts: { seed: number; title: string; seconds?: number }): Promise<Uint8Array> {
  const seconds = opts.seconds ?? 3;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 20) throw new RangeError(`seconds must be in (0, 20], got ${seconds}`);
  const frames = Math.max(1, Math.round(seconds * VIDEO_FPS));
  const { createH264MP4Encoder } = await loadEncoder();
  const encoder = await createH264MP4Encoder();
  // The encoder's in-memory file system is shared by all encoders: use a unique name.
  const name = `holdfast-demo-${process.pid}-${++outputCounter}.mp4`;
  try {
    encoder.outputFilename = name;
    encoder.width = VIDEO_WIDTH;
    encoder.height = VIDEO_HEIGHT;
    encoder.frameRate = VIDEO_FPS;
    encoder.quantizationParameter = 28;
    encoder.groupOfPictures = VIDEO_FPS; // a keyframe every second keeps seeking snappy
    encoder.speed = 4;
    encoder.initialize();
    await drawFrames(opts.seed, opts.title, frames, VIDEO_WIDTH, VIDEO_HEIGHT, (rgba) => encoder.addFrameRgba(rgba));
    encoder.finalize();
    const out = encoder.FS.readFile(name);
    const mp4 = new Uint8Array(out.length);
    mp4.set(out);
    zeroMp4Times(mp4);
    return mp4;
  } finally {
    try {
      encoder.FS.unlink(name);
    } catch {
      // not written (initialize or encoding failed)
    }
    encoder.delete();
  }
}
