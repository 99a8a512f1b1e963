// `npm run bench -- sync [--items N] [--mb TOTAL]`: a full sync of N items (default 2,000) with
// about TOTAL MB of media (default 1,000), generated into a temp folder and served by a local
// HTTP server, through Holdfast's sync engine (its own process: streaming, hashing, fsync,
// catalog writes), against aria2c -j 16 fetching the same URL list. Then Holdfast again with the
// media set doubled, to show its memory stays flat. Baseline: aria2c (Debian package `aria2`).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { startMediaServer, type MediaFile } from '../../test/fixtures/media-server.js';
import { measure, printTable, type Measured } from '../lib.js';

const REPO = join(import.meta.dirname, '..', '..');

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Sizes spread log-uniformly (many small pictures, some large videos), scaled to `totalBytes`. */
function sizes(count: number, totalBytes: number): number[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const raw = Array.from({ length: count }, () => Math.exp(Math.log(40_000) + random() * Math.log(60)));
  const scale = totalBytes / raw.reduce((a, b) => a + b, 0);
  return raw.map((s) => Math.max(1, Math.round(s * scale)));
}

/** Writes `count` files of random bytes (incompressible) under `dir`; returns them for the server. */
function generate(dir: string, count: number, totalBytes: number, prefix: string): MediaFile[] {
  mkdirSync(dir, { recursive: true });
  const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
  return sizes(count, totalBytes).map((size, i) => {
    const diskPath = join(dir, `${i}.bin`);
    const bytes = size <= chunk.length ? randomFillSync(chunk.subarray(0, size)) : randomFillSync(Buffer.allocUnsafe(size));
    writeFileSync(diskPath, bytes);
    return { path: `/${prefix}/${i}.bin`, size, sha256: createHash('sha256').update(bytes).digest('hex'), diskPath };
  });
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  return total;
}

export async function run(): Promise<void> {
  const count = arg('items', 2_000);
  const totalMb = arg('mb', 1_000);
  if (spawnSync('aria2c', ['--version']).status !== 0) {
    console.error('sync bench: aria2c is missing; install it with `apt-get install aria2`');
    process.exit(1);
  }
  const work = mkdtempSync(join(tmpdir(), 'holdfast-bench-sync-'));
  try {
    process.stdout.write(`generating ${count} files (${totalMb} MB) and ${count * 2} files (${totalMb * 2} MB) of media…\n`);
    const single = generate(join(work, 'media-1x'), count, totalMb * 1e6, 'x1');
    const double = generate(join(work, 'media-2x'), count * 2, totalMb * 2e6, 'x2');
    const server = await startMediaServer([...single, ...double], { digest: 'none' });

    const childScript = join(REPO, 'node_modules', '.cache', 'holdfast-bench', 'sync-child.mjs');
    await build({
      entryPoints: [join(import.meta.dirname, 'sync-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      // Split like the real build (scripts/build.mjs): what loads on first use stays out of startup.
      splitting: true,
      outdir: join(childScript, '..'),
      entryNames: '[name]',
      outExtension: { '.js': '.mjs' },
      logLevel: 'warning',
    });

    const catalogFor = (files: MediaFile[], name: string) => {
      const path = join(work, `${name}.json`);
      writeFileSync(path, JSON.stringify({ urls: files.map((f) => `${server.url}${f.path}`) }));
      const list = join(work, `${name}.aria2`);
      writeFileSync(list, files.map((f, i) => `${server.url}${f.path}\n  out=${i}.bin\n`).join(''));
      return { catalog: path, ariaList: list, bytes: files.reduce((a, f) => a + f.size, 0) };
    };
    const one = catalogFor(single, 'x1');
    const two = catalogFor(double, 'x2');

    type SyncMeasured = Measured & { syncMs: number; syncPeakRssMb: number };
    const holdfast = async (catalog: string, expectFiles: number, expectBytes: number): Promise<SyncMeasured> => {
      const lib = join(work, 'library');
      rmSync(lib, { recursive: true, force: true });
      execFileSync('sync'); // start each run with clean dirty pages
      const m = await measure(process.execPath, [childScript, lib, catalog]);
      const out = JSON.parse(m.stdout.trim().split('\n').at(-1) ?? '{}') as {
        status?: string;
        files?: number;
        bytes?: number;
        syncMs?: number;
        syncPeakRssMb?: number;
      };
      if (m.status !== 0 || out.status !== 'done' || out.files !== expectFiles || out.bytes !== expectBytes) {
        throw new Error(`holdfast sync did not store everything: ${m.stdout} ${m.stderr}`);
      }
      rmSync(lib, { recursive: true, force: true });
      return { ...m, syncMs: out.syncMs ?? m.ms, syncPeakRssMb: out.syncPeakRssMb ?? m.peakRssMb };
    };
    const aria2c = async (list: string, expectBytes: number): Promise<Measured> => {
      const out = join(work, 'aria2c-out');
      rmSync(out, { recursive: true, force: true });
      execFileSync('sync');
      const m = await measure('aria2c', ['-j', '16', '-i', list, '-d', out, '--console-log-level=warn', '--summary-interval=0', '--download-result=hide']);
      const got = folderBytes(out);
      if (m.status !== 0 || got !== expectBytes) throw new Error(`aria2c did not fetch everything (${got} of ${expectBytes} bytes): ${m.stderr}`);
      rmSync(out, { recursive: true, force: true });
      return m;
    };

    // Alternate, twice each, and keep the faster run of each: the machine is shared.
    const runs: Array<{ tool: string; m: Measured | SyncMeasured }> = [];
    for (let round = 0; round < 2; round++) {
      runs.push({ tool: 'aria2c -j 16', m: await aria2c(one.ariaList, one.bytes) });
      runs.push({ tool: 'holdfast', m: await holdfast(one.catalog, count, one.bytes) });
    }
    const doubled = await holdfast(two.catalog, count * 2, two.bytes);
    await server.close();

    // "sync s" and "sync RSS": from process start until every file is stored and attached
    // (what aria2c's numbers cover); "process": until the process ends, including the previews a
    // done sync builds afterwards (thumbnails and AR files, with sharp/libvips loaded).
    const syncTime = (m: Measured | SyncMeasured) => ('syncMs' in m ? m.syncMs : m.ms);
    const syncRss = (m: Measured | SyncMeasured) => ('syncPeakRssMb' in m ? m.syncPeakRssMb : m.peakRssMb);
    const best = (tool: string) => runs.filter((r) => r.tool === tool).reduce((a, b) => (syncTime(b.m) < syncTime(a.m) ? b : a)).m;
    const baseline = best('aria2c -j 16');
    const ours = best('holdfast');
    const ourRuns = runs.filter((r) => r.tool === 'holdfast').map((r) => r.m);
    const row = (tool: string, items: number, bytes: number, m: Measured | SyncMeasured) => ({
      tool,
      items,
      MB: Math.round(bytes / 1e6),
      'sync s': syncTime(m) / 1000,
      'MB/s': bytes / 1e6 / (syncTime(m) / 1000),
      'sync RSS MB': Math.round(syncRss(m)),
      'process s': m.ms / 1000,
      'process RSS MB': Math.round(m.peakRssMb),
    });
    printTable([...runs.map((r) => row(r.tool, count, one.bytes, r.m)), row('holdfast (2x media)', count * 2, two.bytes, doubled)]);
    const ratio = syncTime(ours) / syncTime(baseline);
    const rss = Math.max(...ourRuns.map(syncRss));
    console.log(
      `sync: ratio=${ratio.toFixed(2)} rss_mb=${Math.round(rss)} rss_mb_2x=${Math.round(syncRss(doubled))} ratio_with_previews=${(ours.ms / baseline.ms).toFixed(2)} process_rss_mb=${Math.round(Math.max(...ourRuns.map((m) => m.peakRssMb)))} process_rss_mb_2x=${Math.round(doubled.peakRssMb)} holdfast_s=${(syncTime(ours) / 1000).toFixed(2)} aria2c_s=${(baseline.ms / 1000).toFixed(2)} items=${count} mb=${Math.round(one.bytes / 1e6)} load=${loadavg()[0]!.toFixed(1)}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
