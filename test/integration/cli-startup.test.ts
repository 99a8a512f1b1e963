// What each command loads. The built `holdfast` runs with a hook that records every module it
// resolves; the packages among them are compared with what the command needs. Start-up stays
// cheap (issue 8: `holdfast export` under 250 MB) only while the heavy parts — sharp and the 3D
// tools, viem, archiver, undici, OCR, the browser driver — are imported where they are used;
// one eager import on the way from the entry brings them back into every command. Not a timing
// test: it names the packages that were loaded. Needs `npm run build`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { attachFile, upsertItem } from '../../main/core/db/items.js';
import { Library } from '../../main/core/library.js';
import { REPO } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const BIN = join(REPO, 'bin', 'holdfast.js');
const HOOK = pathToFileURL(join(REPO, 'test', 'helpers', 'record-modules.mjs')).href;

/** Needed only by some operations: previews and AR, wallets and proofs, zips, downloads, OCR, the renderer. */
const HEAVY = ['sharp', '@gltf-transform/core', '@gltf-transform/functions', 'meshoptimizer', 'viem', 'archiver', 'undici', 'tesseract.js', 'playwright-core', 'three'];

let dir: string;
let library: string;

/** Runs the built CLI and returns its exit status, output and the packages it loaded. */
function run(name: string, ...args: string[]) {
  const record = join(dir, `${name}.modules`);
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOLDFAST_RECORD_MODULES: record },
    timeout: 60_000,
  });
  const urls = existsSync(record) ? readFileSync(record, 'utf8').split('\n') : [];
  const packages = new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => Boolean(p)));
  return { status: r.status, out: `${r.stdout}${r.stderr}`, packages: [...packages].sort() };
}

/** Starts `holdfast serve` with the hook, waits until it prints its address, stops it. */
async function serveOnce() {
  const record = join(dir, 'serve.modules');
  const child = spawn(process.execPath, ['--import', HOOK, BIN, 'serve', '--library', library, '--port', '0'], {
    env: { ...process.env, HOLDFAST_RECORD_MODULES: record },
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (/http:\/\/127\.0\.0\.1:\d+/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => reject(new Error(`serve exited: ${out}`)));
  });
  child.kill();
  await new Promise((resolve) => child.once('close', resolve));
  const urls = existsSync(record) ? readFileSync(record, 'utf8').split('\n') : [];
  return [...new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => Boolean(p)))].sort();
}

beforeAll(async () => {
  if (!existsSync(join(REPO, 'out', 'cli', 'holdfast.js'))) throw new Error('build the app first: npm run build');
  dir = suiteTempDir('holdfast-cli-startup-');
  library = join(dir, 'library');
  const lib = Library.open(library);
  upsertPlatform(lib.db, { id: 'p1', name: 'Platform One', kind: 'custodial' });
  upsertAccount(lib.db, { id: 'a1', kind: 'platform', platformId: 'p1', name: 'me' });
  const { id } = upsertItem(lib.db, 'a1', 'p1', { externalId: '1', name: '敦煌飞天·其一', mediaType: 'image' });
  const stored = await lib.blobs.put(Buffer.from('not really a picture'));
  attachFile(lib.db, id, { role: 'image', sha256: stored.sha256, size: stored.size, mime: 'image/png' });
  lib.close();
});

describe('what the holdfast command loads', () => {
  it('--version and --help load neither a heavy package nor the API table', () => {
    for (const args of [['--version'], ['--help']]) {
      const r = run(args[0]!.slice(2), ...args);
      expect(r.status, r.out).toBe(0);
      expect(r.packages).toContain('commander'); // the hook saw the process load its packages
      expect(r.packages.filter((p) => HEAVY.includes(p) || p === 'zod')).toEqual([]);
    }
  });

  it('list opens the library and the table without loading a heavy package', () => {
    const r = run('list', 'list', '--library', library);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('敦煌飞天·其一');
    expect(r.packages).toEqual(expect.arrayContaining(['better-sqlite3', 'zod']));
    expect(r.packages.filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('serve starts without loading a heavy package (each loads when its operation is first used)', async () => {
    const packages = await serveOnce();
    expect(packages).toEqual(expect.arrayContaining(['better-sqlite3', 'zod']));
    expect(packages.filter((p) => HEAVY.includes(p))).toEqual([]);
  });

  it('export loads the zip writer, and nothing for previews, wallets, downloads or OCR', () => {
    const r = run('export', 'export', join(dir, 'out.zip'), '--library', library);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('exported 1 items');
    expect(r.packages).toContain('archiver');
    expect(r.packages.filter((p) => HEAVY.includes(p) && p !== 'archiver')).toEqual([]);
  });
});
