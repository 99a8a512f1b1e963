// `npm run bench -- files-import [--count N]`: `holdfast import-files` on a generated folder of
// saved holdings (N pictures, JPEG and PNG up to 2000 px, a sidecar for every third, a copy of
// every tenth in a sub-folder, a few broken files), first into an empty library and then again
// (everything already there). Baseline: what any import must at least do — read every byte,
// hash it and write a copy (`cp -r` + `sha256sum` of every file). Ratio = Holdfast / baseline.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { measure, printTable } from '../lib.js';

const INPUT_VERSION = 1;

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

async function generate(dir: string, count: number): Promise<void> {
  const marker = join(dir, `.complete-v${INPUT_VERSION}-${count}`);
  if (existsSync(marker)) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, '备份'), { recursive: true });
  const random = rng(9);
  const grain = await sharp({ create: { width: 96, height: 96, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 14 } } }).png().toBuffer();
  for (let i = 0; i < count; i++) {
    const width = Math.round(600 + random() * 1400);
    const height = Math.round(width * (0.6 + random() * 0.8));
    const seed = Buffer.from(Array.from({ length: 12 * 8 * 3 }, () => Math.floor(random() * 256)));
    const picture = sharp(seed, { raw: { width: 12, height: 8, channels: 3 } })
      .resize(width, height, { fit: 'fill', kernel: 'cubic' })
      .composite([{ input: grain, tile: true, blend: 'soft-light' }]);
    const name = `藏品-${String(i).padStart(4, '0')}`;
    const file = join(dir, `${name}.${i % 4 === 0 ? 'png' : 'jpg'}`);
    await (i % 4 === 0 ? picture.png({ compressionLevel: 3 }) : picture.jpeg({ quality: 85 })).toFile(file);
    if (i % 3 === 0) writeFileSync(join(dir, `${name}.json`), JSON.stringify({ 藏品名称: `数字藏品 ${i}`, 藏品编号: `#${i + 1}/${count}`, 所属链: '至信链' }));
    if (i % 10 === 0) copyFileSync(file, join(dir, '备份', `${name} (1).${i % 4 === 0 ? 'png' : 'jpg'}`));
  }
  writeFileSync(join(dir, '坏掉的.jpg'), Buffer.alloc(5000, 0xff));
  execFileSync('touch', [marker]);
}

export async function run(args: string[]): Promise<void> {
  const countFlag = args.indexOf('--count');
  const count = countFlag >= 0 ? Number(args[countFlag + 1]) : 400;
  const input = join(tmpdir(), `holdfast-bench-files-${count}`);
  console.log(`preparing ${count} pictures in ${input} …`);
  await generate(input, count);
  const bytes = Number(execFileSync('du', ['-sb', input]).toString().split('\t')[0]);
  const files = Number(execFileSync('sh', ['-c', `find "${input}" -type f ! -name '.*' | wc -l`]).toString().trim());
  const work = join(tmpdir(), `holdfast-bench-files-work-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  try {
    const copy = join(work, 'copy');
    const baseline = await measure('sh', ['-c', `cp -r "${input}" "${copy}" && sync && find "${copy}" -type f -print0 | xargs -0 sha256sum > /dev/null`]);
    const library = join(work, 'library');
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'holdfast.js');
    const first = await measure(process.execPath, [bin, 'import-files', input, '--library', library, '--platform', '幻核', '--json']);
    if (first.status !== 0) throw new Error(`import failed: ${first.stderr}`);
    const summary = JSON.parse(first.stdout) as { items: number; filesStored: number; filesAlreadyStored: number; problems: unknown[] };
    const again = await measure(process.execPath, [bin, 'import-files', input, '--library', library, '--platform', '幻核', '--json']);
    const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
    console.log(`\n${files} files, ${(bytes / 1e6).toFixed(1)} MB → ${summary.items} items, ${summary.filesStored} files stored, ${summary.filesAlreadyStored} duplicates stored once, ${summary.problems.length} problems\n`);
    printTable([
      { run: 'baseline: cp -r + sha256sum', seconds: baseline.ms / 1000, 'MB/s': mbps(baseline.ms), 'files/s': files / (baseline.ms / 1000), 'peak RSS MB': baseline.peakRssMb, ratio: 1 },
      { run: 'holdfast import-files (new library)', seconds: first.ms / 1000, 'MB/s': mbps(first.ms), 'files/s': files / (first.ms / 1000), 'peak RSS MB': first.peakRssMb, ratio: first.ms / baseline.ms },
      { run: 'holdfast import-files (again, nothing new)', seconds: again.ms / 1000, 'MB/s': mbps(again.ms), 'files/s': files / (again.ms / 1000), 'peak RSS MB': again.peakRssMb, ratio: again.ms / baseline.ms },
    ]);
    console.log(`files-import: files=${files} mb=${(bytes / 1e6).toFixed(1)} seconds=${(first.ms / 1000).toFixed(2)} again_seconds=${(again.ms / 1000).toFixed(2)} ratio=${(first.ms / baseline.ms).toFixed(2)} peak_rss_mb=${first.peakRssMb.toFixed(0)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
