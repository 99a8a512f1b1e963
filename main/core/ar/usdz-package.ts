// The USDZ container: a zip archive with no compression and no encryption in which every
// file's data starts at a multiple of 64 bytes from the start of the archive (so a phone can map
// it into memory as is), and whose first file is the root layer. Alignment is reached by
// padding the local header's extra field, as Pixar's own usdzip does (header id 0x1986).
// Spec: https://openusd.org/release/spec_usdz.html
import { crc32 } from 'node:zlib';

export interface PackageEntry {
  name: string;
  data: Uint8Array;
}

const ALIGN = 64;
const PAD_HEADER_ID = 0x1986;
// A fixed timestamp (1980-01-01 00:00) keeps the same input producing the same bytes.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function writeUsdzPackage(entries: readonly PackageEntry[]): Buffer {
  if (entries.length === 0) throw new Error('a USDZ package needs at least its root layer');
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (!/^[A-Za-z0-9._/-]+$/.test(entry.name) || entry.name.startsWith('/') || entry.name.split('/').includes('..')) {
      throw new Error(`unsafe file name in USDZ package: ${JSON.stringify(entry.name)}`);
    }
    if (seen.has(entry.name)) throw new Error(`duplicate file in USDZ package: ${entry.name}`);
    seen.add(entry.name);
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(entry.data);
    const size = entry.data.length;
    if (size >= 0xffffffff || offset >= 0xffffffff) throw new Error('USDZ packages over 4 GB are not supported');

    let pad = (ALIGN - ((offset + 30 + name.length) % ALIGN)) % ALIGN;
    if (pad > 0 && pad < 4) pad += ALIGN; // an extra block needs at least its 4-byte header
    const extra = Buffer.alloc(pad);
    if (pad) {
      extra.writeUInt16LE(PAD_HEADER_ID, 0);
      extra.writeUInt16LE(pad - 4, 2);
    }

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed: 1.0 (stored)
    local.writeUInt16LE(0, 6); // flags
    local.writeUInt16LE(0, 8); // method: stored
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);

    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by
    header.writeUInt16LE(10, 6);
    header.writeUInt16LE(0, 8);
    header.writeUInt16LE(0, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(size, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(0, 30); // extra
    header.writeUInt16LE(0, 32); // comment
    header.writeUInt16LE(0, 34); // disk
    header.writeUInt16LE(0, 36); // internal attributes
    header.writeUInt32LE(0, 38); // external attributes
    header.writeUInt32LE(offset, 42);
    central.push(header, name);

    parts.push(local, name, extra, Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength));
    offset += 30 + name.length + extra.length + size;
  }
  const centralStart = offset;
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralStart, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...parts, ...central, end]);
}
