// `npm run bench -- export [--gb 2] [--runs 2] [--keep]`: a generated library of about 2 GB
// (mostly incompressible media of mixed sizes: pictures, video, audio, 3D models, plus a small
// metadata JSON per item) exported by Holdfast (`holdfast export`, the built CLI) against
// Info-ZIP `zip -r -0` of the same media files (the library's blobs folder), timed in the same
// run, alternating, best of N each. Holdfast does more per byte than `zip -0`: SHA-256 and
// SHA-512 of every file (the BagIt manifests), a base64 copy of each 3D model for the offline
// viewer, holdings.json; the ratio shows what that costs. Peak RSS shows memory stays flat.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { measure, printTable, type Measured } from '../lib.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { attachFile, upsertItem } from '../../main/core/db/items.js';
import { Library } from '../../main/core/library.js';
import type { FileRole, MediaType } from '../../main/api/contract.js';

const REPO = join(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'out', 'cli', 'holdfast.js');

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
}

/** A deterministic PRNG (xorshift), so every run generates the same library. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

interface Kind {
  share: number;
  role: FileRole;
  mime: string;
  mediaType: MediaType;
  min: number;
  max: number;
}

// By count of items; sizes log-uniform between min and max.
const KINDS: Kind[] = [
  { share: 0.55, role: 'image', mime: 'image/jpeg', mediaType: 'image', min: 150e3, max: 4e6 },
  { share: 0.12, role: 'image', mime: 'image/png', mediaType: 'image', min: 300e3, max: 6e6 },
  { share: 0.1, role: 'video', mime: 'video/mp4', mediaType: 'video', min: 4e6, max: 60e6 },
  { share: 0.1, role: 'audio', mime: 'audio/mpeg', mediaType: 'audio', min: 1e6, max: 9e6 },
  { share: 0.13, role: 'model', mime: 'model/gltf-binary', mediaType: 'model', min: 400e3, max: 12e6 },
];

async function generate(dir: string, targetBytes: number): Promise<{ items: number; files: number; bytes: number }> {
  const library = Library.open(dir);
  const { db, blobs } = library;
  upsertPlatform(db, { id: 'bench', name: 'Bench platform', kind: 'custodial' });
  upsertAccount(db, { id: 'bench-account', kind: 'platform', platformId: 'bench', name: 'bench collector' });
  const random = prng(20240601);
  // Incompressible bytes: slices of one random pool at random offsets, each file made unique
  // by its own header (content-addressed storage would fold identical files into one).
  const pool = createHash('sha512').update('pool').digest();
  const poolBytes = Buffer.alloc(64 << 20);
  for (let i = 0; i < poolBytes.length; i += 64) createHash('sha512').update(pool).update(String(i)).digest().copy(poolBytes, i);
  let bytes = 0;
  let items = 0;
  let files = 0;
  while (bytes < targetBytes) {
    let pick = random();
    const kind = KINDS.find((k) => (pick -= k.share) < 0) ?? KINDS[0]!;
    const size = Math.round(Math.exp(Math.log(kind.min) + random() * (Math.log(kind.max) - Math.log(kind.min))));
    const header = Buffer.from(`holdfast bench file ${items} ${kind.mime}\n`);
    const start = Math.floor(random() * (poolBytes.length - (1 << 20)));
    const body = (async function* () {
      yield header;
      let left = size - header.length;
      let at = start;
      while (left > 0) {
        const n = Math.min(left, 1 << 20, poolBytes.length - at);
        yield poolBytes.subarray(at, at + n);
        left -= n;
        at = at + n >= poolBytes.length ? 0 : at + n;
      }
    })();
    const stored = await blobs.putStream(Readable.from(body));
    const { id } = upsertItem(db, 'bench-account', 'bench', {
      externalId: `bench-${items}`,
      name: `Bench item ${items}`,
      creator: 'Bench',
      collection: `Collection ${items % 17}`,
      serial: `#${items + 1}/100000`,
      mediaType: kind.mediaType,
      acquiredAt: new Date(Date.UTC(2023, 0, 1) + items * 3_600_000).toISOString(),
    });
    attachFile(db, id, { role: kind.role, sha256: stored.sha256, size: stored.size, mime: kind.mime, fileName: `media-${items}` });
    const metadata = Buffer.from(JSON.stringify({ name: `Bench item ${items}`, description: 'x'.repeat(200 + (items % 1000)), attributes: [{ trait_type: 'n', value: items }] }));
    const meta = await blobs.put(metadata);
    attachFile(db, id, { role: 'metadata', sha256: meta.sha256, size: meta.size, mime: 'application/json', fileName: 'metadata.json' });
    bytes += stored.size + meta.size;
    items++;
    files += 2;
  }
  library.close();
  return { items, files, bytes };
}

export async function run(args: string[]): Promise<void> {
  if (!existsSync(CLI) || !existsSync(join(REPO, 'out', 'viewer', 'viewer.js'))) {
    console.error('bench export: run `npm run build` first (it times the built `holdfast` command)');
    process.exit(2);
  }
  const gb = option(args, '--gb', 2);
  const runs = option(args, '--runs', 2);
  const root = mkdtempSync(join(tmpdir(), 'holdfast-bench-export-'));
  try {
    const libraryDir = join(root, 'library');
    const t0 = Date.now();
    const lib = await generate(libraryDir, gb * 2 ** 30);
    console.log(`generated ${lib.items} items, ${lib.files} files, ${(lib.bytes / 2 ** 30).toFixed(2)} GiB in ${((Date.now() - t0) / 1000).toFixed(1)} s (${libraryDir})`);

    const results: Array<{ tool: string; m: Measured; zipBytes: number }> = [];
    for (let r = 0; r < runs; r++) {
      const zipOut = join(root, `baseline-${r}.zip`);
      const zip = await measure('zip', ['-r', '-0', '-q', zipOut, 'blobs'], { cwd: libraryDir });
      if (zip.status !== 0) throw new Error(`zip failed: ${zip.stderr}`);
      results.push({ tool: 'zip -r -0 (Info-ZIP)', m: zip, zipBytes: statSync(zipOut).size });
      rmSync(zipOut);

      const out = join(root, `holdfast-${r}.zip`);
      const hf = await measure(process.execPath, [CLI, 'export', out, '--library', libraryDir]);
      if (hf.status !== 0) throw new Error(`holdfast export failed: ${hf.stderr}`);
      results.push({ tool: 'holdfast export', m: hf, zipBytes: statSync(out).size });
      rmSync(out);
    }

    printTable(
      results.map(({ tool, m, zipBytes }, i) => ({
        tool,
        run: Math.floor(i / 2) + 1,
        seconds: m.ms / 1000,
        'MB/s': lib.bytes / 1e6 / (m.ms / 1000),
        'peak RSS MB': m.peakRssMb,
        'zip MB': zipBytes / 1e6,
      })),
    );
    const best = (tool: string) => results.filter((r) => r.tool === tool).reduce((a, b) => (b.m.ms < a.m.ms ? b : a));
    const zipBest = best('zip -r -0 (Info-ZIP)');
    const hfBest = best('holdfast export');
    const peak = Math.max(...results.filter((r) => r.tool === 'holdfast export').map((r) => r.m.peakRssMb));
    console.log('');
    console.log(`best of ${runs}: holdfast ${(hfBest.m.ms / 1000).toFixed(2)} s vs zip -r -0 ${(zipBest.m.ms / 1000).toFixed(2)} s (goal: ratio ≤ 1.2, peak RSS < 250 MB)`);
    console.log(
      `export: ratio=${(hfBest.m.ms / zipBest.m.ms).toFixed(2)} rss_mb=${peak.toFixed(0)} holdfast_s=${(hfBest.m.ms / 1000).toFixed(2)} zip_s=${(zipBest.m.ms / 1000).toFixed(2)} gib=${(lib.bytes / 2 ** 30).toFixed(2)} files=${lib.files} items=${lib.items}`,
    );
  } finally {
    if (args.includes('--keep')) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}
