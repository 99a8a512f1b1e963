// Helpers for the provenance-bundle tests: the offline viewer and the CLI built once, zips
// rewritten entry by entry (tampering), and a tiny zip writer that puts exactly the bytes we
// ask for into an archive — hostile names, link attributes, lying sizes — which no well-behaved
// zip library would write.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { build } from 'esbuild';
import yauzl from 'yauzl';
import { ZipArchive } from 'archiver';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { manifestText } from '../../main/core/export/bagit.js';

export const REPO = join(import.meta.dirname, '..', '..');

/** out/viewer is made by `npm run build`; build just the viewer when running tests alone. */
export async function ensureViewerBuilt(): Promise<void> {
  if (existsSync(join(REPO, 'out', 'viewer', 'viewer.js'))) return;
  const { buildViewer } = (await import(join(REPO, 'assets', 'viewer', 'build.mjs'))) as { buildViewer(root: string): Promise<string> };
  await buildViewer(REPO);
}

/** The CLI bundled from the sources (as `npm run build` does, but never stale), under
 *  node_modules/.cache so that its packages resolve and nothing lands in out/ (which is packaged);
 *  removed after the test file. */
export async function buildCli(): Promise<(args: string[], env?: NodeJS.ProcessEnv) => { status: number | null; out: string; stdout: string }> {
  const dir = join(REPO, 'node_modules', '.cache', 'holdfast-bundle-tests');
  const outfile = join(dir, `holdfast-cli-${process.pid}-${Date.now()}.mjs`);
  mkdirSync(dir, { recursive: true });
  afterAll(() => rmSync(outfile, { force: true }));
  await build({
    entryPoints: [join(REPO, 'main', 'cli', 'holdfast.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  return (args, env = {}) => {
    const r = spawnSync(process.execPath, [outfile, ...args], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 120_000,
      // The bundled CLI finds the viewer through this, as out/cli finds out/viewer.
      env: { ...process.env, HOLDFAST_VIEWER_DIR: join(REPO, 'out', 'viewer'), ...env },
    });
    return { status: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
  };
}

export interface ZipItem {
  name: string;
  data: Buffer;
}

/** Every entry of a zip, in order, with its bytes. */
export async function readZip(path: string): Promise<Array<ZipItem & { method: number }>> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  const out: Array<ZipItem & { method: number }> = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      out.push({ name: entry.fileName, data: Buffer.concat(chunks), method: entry.compressionMethod });
    }
  } finally {
    zip.close();
  }
  return out;
}

/** Writes a zip with archiver (deflated), as a person re-zipping a bundle would. */
export async function writeZip(path: string, items: ZipItem[]): Promise<void> {
  const archive = new ZipArchive({ zlib: { level: 1 } });
  const out = createWriteStream(path);
  archive.pipe(out);
  for (const item of items) archive.append(item.data, { name: item.name, date: new Date('2024-01-01T00:00:00Z') });
  await archive.finalize();
  await finished(out);
}

export interface RawEntry {
  name: string;
  data: Buffer;
  /** Unix mode bits for the external attributes (e.g. 0o120777 for a symlink). */
  mode?: number;
  deflate?: boolean;
  /** Write this instead of the real uncompressed size (a lying header). */
  claimedSize?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A minimal zip writer (no zip64) for hostile archives. */
export function writeRawZip(path: string, entries: RawEntry[]): void {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const crc = crc32(e.data);
    const size = e.claimedSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE((3 << 8) | 20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(e.deflate ? 8 : 0, 10);
    cd.writeUInt32LE(0, 12);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    parts.push(local, name, body);
    offset += local.length + name.length + body.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...parts, cdBytes, end]));
}

/** `unzip -t`: Info-ZIP's own test of every entry's CRC. */
export function unzipTest(path: string): { status: number | null; out: string } {
  const r = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

export function unzipTo(path: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('unzip', ['-q', path, '-d', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`unzip failed: ${r.stderr}`);
}

/** Recomputes every manifest (what a forger who knows BagIt would do). */
export function rebag(entries: Array<{ name: string; data: Buffer }>): Array<{ name: string; data: Buffer }> {
  const prefix = 'holdfast-bundle/';
  const hash = (alg: string, data: Buffer) => createHash(alg).update(data).digest('hex');
  const payload = entries.filter((e) => e.name.startsWith(`${prefix}data/`));
  const manifests = new Map<string, Buffer>();
  for (const alg of ['sha256', 'sha512']) {
    manifests.set(`manifest-${alg}.txt`, Buffer.from(manifestText(new Map(payload.map((e) => [e.name.slice(prefix.length), hash(alg, e.data)])))));
  }
  const withManifests = entries.map((e) => {
    const name = e.name.slice(prefix.length);
    return manifests.has(name) ? { ...e, data: manifests.get(name)! } : e;
  });
  const tags = withManifests.filter((e) => /^(bagit|bag-info|manifest-sha\d+)\.txt$/.test(e.name.slice(prefix.length)));
  return withManifests.map((e) => {
    const m = /^tagmanifest-(sha\d+)\.txt$/.exec(e.name.slice(prefix.length));
    if (!m) return e;
    return { ...e, data: Buffer.from(manifestText(new Map(tags.map((t) => [t.name.slice(prefix.length), hash(m[1]!, t.data)])))) };
  });
}

/** A forger's edit of one payload file that also fixes holdings.json (the file's SHA-256 and
 *  size) and holdings.js, then re-bags: everything a checksum can see is consistent. */
export function forge(entries: ZipItem[], isTarget: (name: string) => boolean, change: (data: Buffer) => Buffer): { entries: ZipItem[]; target: string } {
  const prefix = 'holdfast-bundle/';
  const original = entries.find((e) => isTarget(e.name));
  if (!original) throw new Error('no such entry to forge');
  const forged = change(original.data);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const holdingsEntry = entries.find((e) => e.name === `${prefix}data/holdings.json`)!;
  // The file's entry in holdings.json: its sha256, then (a line later) its size.
  let text = holdingsEntry.data.toString().replaceAll(`"sha256": "${sha(original.data)}"`, `"sha256": "${sha(forged)}"`);
  const at = text.indexOf(`"sha256": "${sha(forged)}"`);
  text = text.slice(0, at) + text.slice(at).replace(`"size": ${original.data.length}`, `"size": ${forged.length}`);
  const holdings = Buffer.from(text);
  const changed = entries.map((e) => {
    if (e === original) return { ...e, data: forged };
    if (e === holdingsEntry) return { ...e, data: holdings };
    if (e.name === `${prefix}data/holdings.js`) return { ...e, data: Buffer.concat([Buffer.from('window.HOLDFAST_HOLDINGS = '), holdings, Buffer.from(';\n')]) };
    return e;
  });
  return { entries: rebag(changed), target: original.name.slice(prefix.length) };
}
