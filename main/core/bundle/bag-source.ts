// Reading a bundle: a zip (as exported) or an unzipped folder. Before anything is read, the
// archive's directory is checked, and a hostile or absurd one is refused with the reason:
// paths that would land outside the bag (zip-slip, absolute, drive letters), links, devices,
// encrypted or exotically compressed entries, too many entries, absurd sizes, compression
// ratios that only a zip bomb has, and entries whose data overlaps (the other kind of bomb).
import { lstatSync, readdirSync, statSync, createReadStream } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { HoldfastError } from '../errors.js';

export interface BagLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed beyond which a large entry is taken for a bomb. */
  maxRatio: number;
  /** Entries smaller than this are not held to maxRatio (tiny text compresses very well). */
  ratioFloorBytes: number;
}

export const DEFAULT_LIMITS: BagLimits = {
  maxEntries: 250_000,
  maxEntryBytes: 64 * 2 ** 30,
  maxTotalBytes: 2 ** 40,
  maxRatio: 200,
  ratioFloorBytes: 1 << 20,
};

export interface BagEntry {
  /** Path relative to the bag's base folder, with forward slashes. */
  path: string;
  size: number;
  /** Where the entry's data starts in the zip, to read in file order. */
  offset: number;
}

export interface BagSource {
  /** The zip or folder, for messages. */
  readonly label: string;
  readonly kind: 'zip' | 'folder';
  /** Files of the bag (directories left out), in the order they are stored. */
  readonly entries: BagEntry[];
  /** Files found outside the bag's base folder (e.g. __MACOSX/ junk), to report. */
  readonly outside: string[];
  /** Total bytes of the zip or folder. */
  readonly storedBytes: number;
  open(entry: BagEntry): Promise<Readable>;
  close(): void;
}

const refuse = (label: string, reason: string) => new HoldfastError('invalid_input', `refused ${label}: ${reason}`);

/** A path from an archive, checked before it is ever joined to a folder. */
function unsafePathReason(name: string): string | null {
  if (name.length === 0) return 'an entry has an empty name';
  if (name.length > 1024) return `an entry name is ${name.length} characters long`;
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return `entry ${JSON.stringify(name)} has control characters in its name`;
  if (name.includes('\\')) return `entry ${JSON.stringify(name)} uses backslashes (a Windows path that could escape the folder)`;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return `entry ${JSON.stringify(name)} has an absolute path`;
  if (name.split('/').some((part) => part === '..')) return `entry ${JSON.stringify(name)} climbs out of the folder with ".." (zip-slip)`;
  return null;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

function checkEntry(entry: Entry, name: string, label: string, limits: BagLimits): void {
  const unsafe = unsafePathReason(name);
  if (unsafe) throw refuse(label, unsafe);
  const madeByUnix = entry.versionMadeBy >> 8 === 3;
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (madeByUnix && mode === S_IFLNK) throw refuse(label, `entry ${JSON.stringify(name)} is a symbolic link; bundles never contain links`);
  if (madeByUnix && mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) {
    throw refuse(label, `entry ${JSON.stringify(name)} is a special file (mode ${mode.toString(8)}), not a regular file`);
  }
  if (entry.isEncrypted()) throw refuse(label, `entry ${JSON.stringify(name)} is encrypted`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw refuse(label, `entry ${JSON.stringify(name)} uses compression method ${entry.compressionMethod}; only stored and deflated entries are read`);
  }
  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw refuse(label, `entry ${JSON.stringify(name)} claims ${entry.uncompressedSize} bytes, more than the limit of ${limits.maxEntryBytes}`);
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
    throw refuse(
      label,
      `entry ${JSON.stringify(name)} would expand ${Math.round(ratio)}-fold (${entry.compressedSize} → ${entry.uncompressedSize} bytes): that compression ratio only a zip bomb has (limit ${limits.maxRatio})`,
    );
  }
}

/** The bag's base folder: the zip's single top-level folder holding bagit.txt, or its root. */
function findBase(paths: string[], label: string): string {
  if (paths.includes('bagit.txt')) return '';
  const tops = new Set(paths.map((p) => p.split('/')[0]!));
  const withBagit = [...tops].filter((top) => paths.includes(`${top}/bagit.txt`));
  if (withBagit.length === 1) return `${withBagit[0]}/`;
  if (withBagit.length > 1) throw refuse(label, `it holds several bags (${withBagit.join(', ')}); a bundle is one bag`);
  throw refuse(label, 'it is not a BagIt bag (no bagit.txt at its top or in a single top folder)');
}

export async function openZipBag(path: string, limits: BagLimits = DEFAULT_LIMITS): Promise<BagSource> {
  const label = path;
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    throw new HoldfastError('invalid_input', `${label} is not a readable zip file: ${(error as Error).message}`);
  }
  try {
    if (zip.entryCount > limits.maxEntries) throw refuse(label, `it has ${zip.entryCount} entries, more than the limit of ${limits.maxEntries}`);
    const raw: Array<{ entry: Entry; name: string }> = [];
    let total = 0;
    try {
      for await (const entry of zip.eachEntry()) {
        // strictFileNames: keep backslashes as they are, so they are refused rather than turned into /.
        const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileName as unknown as Buffer, entry.extraFields, true);
        checkEntry(entry, name, label, limits);
        total += entry.uncompressedSize;
        if (total > limits.maxTotalBytes) throw refuse(label, `its entries add up to more than ${limits.maxTotalBytes} bytes`);
        raw.push({ entry, name });
      }
    } catch (error) {
      if (error instanceof HoldfastError) throw error;
      throw new HoldfastError('invalid_input', `${label} is a damaged zip: ${(error as Error).message}`);
    }
    const storedBytes = statSync(path).size;
    if (total > limits.ratioFloorBytes * 64 && total / Math.max(storedBytes, 1) > limits.maxRatio) {
      throw refuse(label, `it would expand ${Math.round(total / storedBytes)}-fold (${storedBytes} → ${total} bytes), a zip bomb's ratio`);
    }
    // Overlapping entries re-use the same compressed bytes many times (a bomb without nesting).
    const byOffset = [...raw].sort((a, b) => a.entry.relativeOffsetOfLocalHeader - b.entry.relativeOffsetOfLocalHeader);
    for (let i = 1; i < byOffset.length; i++) {
      const prev = byOffset[i - 1]!.entry;
      const cur = byOffset[i]!;
      if (cur.entry.relativeOffsetOfLocalHeader < prev.relativeOffsetOfLocalHeader + 30 + prev.fileNameLength + prev.compressedSize) {
        throw refuse(label, `entry ${JSON.stringify(cur.name)} overlaps the data of another entry (a zip bomb's trick)`);
      }
    }
    const seen = new Set<string>();
    for (const { name } of raw) {
      if (seen.has(name)) throw refuse(label, `entry ${JSON.stringify(name)} appears twice`);
      seen.add(name);
    }
    const files = raw.filter(({ name }) => !name.endsWith('/'));
    const base = findBase(
      files.map((f) => f.name),
      label,
    );
    const entries: Array<BagEntry & { zipEntry: Entry }> = [];
    const outside: string[] = [];
    for (const { entry, name } of byOffset) {
      if (name.endsWith('/')) continue;
      if (!name.startsWith(base)) {
        outside.push(name);
        continue;
      }
      entries.push({ path: name.slice(base.length), size: entry.uncompressedSize, offset: entry.relativeOffsetOfLocalHeader, zipEntry: entry });
    }
    return {
      label,
      kind: 'zip',
      entries,
      outside,
      storedBytes,
      open: (e) => zip.openReadStreamPromise((e as BagEntry & { zipEntry: Entry }).zipEntry),
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw error;
  }
}

export function openFolderBag(dir: string, limits: BagLimits = DEFAULT_LIMITS): BagSource {
  const label = dir;
  const files: BagEntry[] = [];
  let total = 0;
  const walk = (folder: string) => {
    for (const dirent of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, dirent.name);
      const rel = relative(dir, full).split(sep).join('/');
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) throw refuse(label, `${rel} is a symbolic link; bundles never contain links`);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) {
        files.push({ path: rel, size: stat.size, offset: files.length });
        total += stat.size;
        if (files.length > limits.maxEntries) throw refuse(label, `it has more than ${limits.maxEntries} files`);
      } else throw refuse(label, `${rel} is not a regular file`);
    }
  };
  walk(dir);
  const base = findBase(
    files.map((f) => f.path),
    label,
  );
  const entries = files.filter((f) => f.path.startsWith(base)).map((f) => ({ ...f, path: f.path.slice(base.length) }));
  const outside = files.filter((f) => !f.path.startsWith(base)).map((f) => f.path);
  return {
    label,
    kind: 'folder',
    entries,
    outside,
    storedBytes: total,
    open: async (e) => createReadStream(join(dir, base, ...e.path.split('/')), { highWaterMark: 1 << 20 }),
    close: () => undefined,
  };
}

export async function openBag(path: string, limits?: BagLimits): Promise<BagSource> {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new HoldfastError('not_found', `${path} was not found`);
  }
  return stat.isDirectory() ? openFolderBag(path, limits) : openZipBag(path, limits);
}
