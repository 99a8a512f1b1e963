// Crash safety: a child process running a sync is SIGKILLed at 20 random moments (listing,
// downloading, storing, finishing…). After each kill the library is opened again and a resumed
// sync runs to the end; then the catalog passes `PRAGMA integrity_check`, every blob's bytes
// hash to its name, every item has all its files, no temp or partial file is left, and nothing
// that was already stored whole before the resume was requested again from the media server.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../main/core/library.js';
import { makeCatalog, type MediaCatalog } from '../fixtures/media-connector.js';
import { startMediaServer, type MediaFile, type MediaServer } from '../fixtures/media-server.js';
import { blobProblems, leftovers, openHarness, storageProblems } from '../fixtures/sync-harness.js';
import { suiteTempDir } from '../helpers/tmp.js';

const REPO = join(import.meta.dirname, '..', '..');
const KILLS = Number(process.env.SYNC_CRASH_KILLS ?? 20);

let server: MediaServer;
let files: MediaFile[];
let catalog: MediaCatalog;
let catalogPath: string;
let childScript: string;
let work: string;

beforeAll(async () => {
  work = suiteTempDir('holdfast-crash-');
  // 60 items, 2 files each: mostly small, every 6th one large enough to be cut mid-download.
  const made = makeCatalog({ items: 60, filesPerItem: 2, sizeOf: (i, j) => (i % 6 === 0 && j === 0 ? 150_000 : 2_000 + ((i * 977 + j * 131) % 16_000)) });
  files = made.files;
  // Paced, so a sync lasts long enough to be cut in every phase.
  server = await startMediaServer(files, { bytesPerSecond: 1_000_000 });
  catalog = { baseUrl: server.url, items: made.items };
  catalogPath = join(work, 'catalog.json');
  writeFileSync(catalogPath, JSON.stringify(catalog));
  // Bundled once, so each child starts in a blink (bare imports resolve from node_modules).
  const outDir = join(REPO, 'node_modules', '.cache', 'holdfast-tests');
  mkdirSync(outDir, { recursive: true });
  childScript = join(outDir, 'sync-crash-child.mjs');
  await build({
    entryPoints: [join(REPO, 'test', 'fixtures', 'sync-crash-child.ts')],
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
});

afterAll(async () => {
  await server?.close();
});

/** Runs the child; kills it `killAfterMs` after it started syncing (never, when null). */
function runChild(dir: string, killAfterMs: number | null): Promise<{ killed: boolean; out: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, dir, catalogPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // V8's code cache makes the 20 starts cheap.
      env: { ...process.env, NODE_COMPILE_CACHE: join(childScript, '..', 'compile-cache') },
    });
    let out = '';
    let started = 0;
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!started && out.includes('started')) {
        started = Date.now();
        if (killAfterMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', out, ms: started ? Date.now() - started : 0 });
    });
  });
}

describe('sync crash safety', () => {
  it(`survives SIGKILL at ${KILLS} random moments: resumed syncs complete, nothing is corrupt, nothing whole is fetched twice`, async () => {
    // How long an uninterrupted sync takes here, to spread the kills over all of it.
    const calibration = await runChild(join(work, 'calibration'), null);
    expect(calibration.out).toContain('done done');
    const span = Math.max(200, calibration.ms * 0.8);

    let seed = 20261122;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let killedMidSync = 0;
    let resumedRanges = 0;

    for (let round = 0; round < KILLS; round++) {
      const dir = join(work, `lib-${round}`);
      const killAt = Math.floor(random() * span);
      const began = Date.now();
      const child = await runChild(dir, killAt);
      const childMs = Date.now() - began;
      if (child.killed) killedMidSync++;

      // What the dead process left: the next open clears temp files and keeps the catalog whole.
      const library = Library.open(dir);
      expect(readdirSync(join(dir, 'blobs', '.tmp')), `round ${round}: temp files after reopening`).toEqual([]);
      expect(library.db.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
      expect(blobProblems(library.blobs.root), `round ${round}`).toEqual([]);
      const storedBefore = new Set(
        files.filter((f) => library.blobs.has(f.sha256)).map((f) => f.path),
      );
      library.close();

      server.log.length = 0;
      const harness = openHarness(dir, catalog);
      const resumed = await harness.sync();
      expect(resumed.status, `round ${round} (killed ${killAt} ms in)`).toBe('done');
      expect(storageProblems(harness.library, harness.accountId, catalog), `round ${round}`).toEqual([]);
      expect(harness.library.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(leftovers(harness.library.blobs.root), `round ${round}`).toEqual([]);
      const fetchedAgain = server.log.filter((r) => storedBefore.has(r.path)).map((r) => r.path);
      expect(fetchedAgain, `round ${round}: stored whole before the resume, yet requested again`).toEqual([]);
      resumedRanges += server.log.filter((r) => r.status === 206).length;
      const interrupted = harness.library.db.prepare(`SELECT count(*) FROM sync_runs WHERE status = 'running'`).pluck().get();
      expect(interrupted).toBe(0);
      await harness.close();
      if (process.env.SYNC_CRASH_VERBOSE) console.log(`round ${round}: child ${childMs} ms (killed ${child.killed} at ${killAt}), resume+checks ${Date.now() - began - childMs} ms`);
    }
    // The kills really landed mid-sync, and some partial downloads were continued with Range.
    expect(killedMidSync).toBeGreaterThanOrEqual(KILLS * 0.6);
    expect(resumedRanges).toBeGreaterThan(0);
  }, 300_000); // ~30 s on a quiet machine; the limit leaves room for a loaded one
});
