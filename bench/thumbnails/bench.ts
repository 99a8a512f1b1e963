// `npm run bench -- thumbnails [--count N] [--rounds N]`: Holdfast's thumbnails (256 + 768 px WebP and a
// 16 px placeholder per picture) against libvips' own `vipsthumbnail` making the same two sizes
// (Debian's libvips-tools), on the same generated JPEG/PNG pictures of mixed sizes up to
// 6000 px. Ratio = Holdfast wall time / vipsthumbnail wall time; goal ≤ 1.2.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { measure, printTable } from '../lib.js';

const INPUT_VERSION = 2;

/** Deterministic pseudo-random numbers, so every run measures the same pictures. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pictures with photo-like smooth areas and some grain: a small random image scaled up with a
 *  smooth kernel, plus noise. Kept in the temp folder between runs (same seed, same files). */
async function generate(dir: string, count: number): Promise<void> {
  const marker = join(dir, `.complete-v${INPUT_VERSION}-${count}`);
  if (existsSync(marker)) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const random = rng(20261122);
  const started = Date.now();
  // One tile of film grain, repeated over every picture (generating noise per picture at up to
  // 36 megapixels would make preparing the input take longer than the benchmark).
  const grain = await sharp({ create: { width: 128, height: 128, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 12 } } })
    .png()
    .toBuffer();
  for (let i = 0; i < count; i++) {
    const long = Math.round(400 + random() ** 1.6 * 5600); // more small pictures than huge ones
    const aspect = 0.5 + random() * 1.5;
    const width = aspect >= 1 ? long : Math.round(long * aspect);
    const height = aspect >= 1 ? Math.round(long / aspect) : long;
    const seedPixels = Buffer.from(Array.from({ length: 24 * 16 * 3 }, () => Math.floor(random() * 256)));
    const png = random() < 0.3;
    const smooth = await sharp(seedPixels, { raw: { width: 24, height: 16, channels: 3 } }).resize(width, height, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
    const composed = sharp(smooth, { raw: { width, height, channels: 3 } }).composite([{ input: grain, tile: true, blend: 'soft-light' }]);
    const name = `img-${String(i).padStart(4, '0')}-${width}x${height}`;
    if (png) await composed.png({ compressionLevel: 3 }).toFile(join(dir, `${name}.png`));
    else await composed.jpeg({ quality: 88 }).toFile(join(dir, `${name}.jpg`));
    if ((i + 1) % 25 === 0) console.log(`generating pictures: ${i + 1}/${count} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  execFileSync('touch', [marker]);
}

export async function run(args: string[]): Promise<void> {
  const countFlag = args.indexOf('--count');
  const count = countFlag >= 0 ? Number(args[countFlag + 1]) : 500;
  try {
    execFileSync('vipsthumbnail', ['--version'], { stdio: 'ignore' });
  } catch {
    console.error('thumbnails: vipsthumbnail is missing; install it with `apt-get install libvips-tools`');
    process.exit(2);
  }
  const root = join(tmpdir(), 'holdfast-bench-thumbnails');
  const input = join(root, 'input');
  await generate(input, count);
  const files = readdirSync(input).filter((n) => !n.startsWith('.'));
  const inputBytes = files.reduce((n, f) => n + statSync(join(input, f)).size, 0);
  const megapixels = files.reduce((n, f) => {
    const [w, h] = /-(\d+)x(\d+)\./.exec(f)!.slice(1).map(Number) as [number, number];
    return n + (w * h) / 1e6;
  }, 0);

  const outH = join(root, 'out-holdfast');
  const outV = join(root, 'out-vips');
  for (const d of [outH, outV]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }

  // Same sizes, same quality, never enlarged, EXIF orientation applied (vipsthumbnail's default).
  const vipsArgs = (size: number, q: number) => ['--size', `${size}x${size}>`, '-o', join(outV, `%s_${size}.webp[Q=${q},effort=2]`), ...files.map((f) => join(input, f))];
  const runVips = async () => {
    const a = await measure('vipsthumbnail', vipsArgs(768, 80));
    const b = await measure('vipsthumbnail', vipsArgs(256, 78));
    if (a.status !== 0 || b.status !== 0) throw new Error(`vipsthumbnail failed: ${a.stderr || b.stderr}`);
    return { ms: a.ms + b.ms, peakRssMb: Math.max(a.peakRssMb, b.peakRssMb) };
  };
  const runHoldfast = async () => {
    const r = await measure(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'holdfast-worker.ts'), input, outH]);
    if (r.status !== 0) throw new Error(`Holdfast worker failed: ${r.stderr}`);
    return { ms: r.ms, peakRssMb: r.peakRssMb };
  };
  // The machine is shared: rounds alternate which tool goes first, and each keeps its best time.
  const roundsFlag = args.indexOf('--rounds');
  const rounds = roundsFlag >= 0 ? Math.max(1, Number(args[roundsFlag + 1])) : 1;
  let vips = { ms: Infinity, peakRssMb: 0 };
  let holdfast = { ms: Infinity, peakRssMb: 0 };
  const load = loadavg()[0]!;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [runVips, runHoldfast] : [runHoldfast, runVips];
    for (const step of order) {
      const r = await step();
      if (step === runVips) vips = { ms: Math.min(vips.ms, r.ms), peakRssMb: Math.max(vips.peakRssMb, r.peakRssMb) };
      else holdfast = { ms: Math.min(holdfast.ms, r.ms), peakRssMb: Math.max(holdfast.peakRssMb, r.peakRssMb) };
    }
  }

  const made = (dir: string) => readdirSync(dir).length;
  const vipsMs = vips.ms;
  const rows = [
    { tool: 'holdfast (sharp, makeThumbnails)', pictures: files.length, files_out: made(outH), 'wall s': holdfast.ms / 1000, 'pictures/s': files.length / (holdfast.ms / 1000), 'peak RSS MB': holdfast.peakRssMb },
    { tool: 'vipsthumbnail 768 + 256', pictures: files.length, files_out: made(outV), 'wall s': vipsMs / 1000, 'pictures/s': files.length / (vipsMs / 1000), 'peak RSS MB': vips.peakRssMb },
  ];
  console.log(`\n${files.length} pictures (JPEG and PNG, ${Math.round(megapixels)} megapixels, ${(inputBytes / 1e6).toFixed(0)} MB), long side 400–6000 px`);
  printTable(rows);
  const ratio = holdfast.ms / vipsMs;
  console.log(
    `thumbnails: ratio=${ratio.toFixed(2)} rss_mb=${holdfast.peakRssMb.toFixed(0)} images=${files.length} holdfast_s=${(holdfast.ms / 1000).toFixed(1)} vips_s=${(vipsMs / 1000).toFixed(1)} vips_rss_mb=${vips.peakRssMb.toFixed(0)} rounds=${rounds} load=${load.toFixed(1)}`,
  );
}
