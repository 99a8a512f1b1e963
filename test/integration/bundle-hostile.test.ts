// Hostile archives handed to import (and verify): each is refused before anything is written,
// with a reason that names the entry, and the library it was meant for is exactly as before.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/api/backend.js';
import { DEFAULT_LIMITS } from '../../main/core/bundle/bag-source.js';
import { verifyBundle } from '../../main/core/bundle/verify-bundle.js';
import { writeRawZip, type RawEntry } from '../helpers/bundle.js';
import { seededBackend } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';

let backend: Backend;
let dir: string;

const bagit = { name: 'holdfast-bundle/bagit.txt', data: Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n') };

function snapshot(b: Backend) {
  const { db, dir: libDir } = b.ctx.library;
  return {
    items: db.prepare(`SELECT id, name FROM items ORDER BY id`).all(),
    files: db.prepare(`SELECT count(*) FROM media_files`).pluck().get(),
    evidence: db.prepare(`SELECT count(*) FROM evidence`).pluck().get(),
    blobs: readdirSync(join(libDir, 'blobs'), { recursive: true }).map(String).sort(),
  };
}

async function refused(entries: RawEntry[], reason: RegExp, verifyRefusesToo = true): Promise<void> {
  const zip = join(dir, 'hostile.zip');
  writeRawZip(zip, [bagit, ...entries]);
  const before = snapshot(backend);
  const imported = await backend.call('bundle.import', { path: zip });
  expect(imported.ok).toBe(false);
  expect(!imported.ok && imported.error.code).toBe('invalid_input');
  expect(!imported.ok && imported.error.message).toMatch(reason);
  expect(snapshot(backend)).toEqual(before);
  const verified = await backend.call('bundle.verify', { path: zip });
  if (verifyRefusesToo) expect(!verified.ok && verified.error.message).toMatch(reason);
  else expect(verified.ok && (verified.result as { ok: boolean }).ok).toBe(false);
}

beforeEach(async () => {
  ({ backend } = await seededBackend());
  // Two levels down, so a climbing entry would have somewhere inside the temp folder to land.
  dir = join(tempDir(), 'work', 'deeper');
  mkdirSync(dir, { recursive: true });
});

afterEach(async () => {
  await backend.close();
});

describe('hostile bundles are refused and the library is untouched', () => {
  it('zip-slip: an entry climbing out with ../', async () => {
    await refused([{ name: 'holdfast-bundle/../../evil.txt', data: Buffer.from('pwned') }], /refused .*hostile\.zip: entry "holdfast-bundle\/\.\.\/\.\.\/evil\.txt" climbs out of the folder with "\.\." \(zip-slip\)/);
    expect(existsSync(join(dirname(dir), 'evil.txt'))).toBe(false);
    expect(existsSync(join(dirname(dirname(dir)), 'evil.txt'))).toBe(false);
  });

  it('an absolute path', async () => {
    const target = join(tempDir(), 'absolute-evil.txt');
    await refused([{ name: target, data: Buffer.from('pwned') }], new RegExp(`entry "${target.replaceAll('/', '\\/')}" has an absolute path`));
    expect(existsSync(target)).toBe(false);
  });

  it('a Windows drive path and a backslash path', async () => {
    await refused([{ name: 'C:/Windows/evil.dll', data: Buffer.from('x') }], /entry "C:\/Windows\/evil\.dll" has an absolute path/);
    await refused([{ name: 'holdfast-bundle\\..\\evil.txt', data: Buffer.from('x') }], /uses backslashes/);
  });

  it('a symbolic link entry', async () => {
    await refused(
      [{ name: 'holdfast-bundle/data/items/link.png', data: Buffer.from('/etc/passwd'), mode: 0o120777 }],
      /entry "holdfast-bundle\/data\/items\/link\.png" is a symbolic link; bundles never contain links/,
    );
  });

  it('a zip bomb: an entry that would expand a thousandfold', async () => {
    await refused(
      [{ name: 'holdfast-bundle/data/items/zeros.bin', data: Buffer.alloc(4 << 20), deflate: true }],
      /entry "holdfast-bundle\/data\/items\/zeros\.bin" would expand \d{3,}-fold \(\d+ → 4194304 bytes\): that compression ratio only a zip bomb has/,
    );
  });

  it('an entry whose header lies about its size', async () => {
    await refused(
      [
        { name: 'holdfast-bundle/data/holdings.json', data: Buffer.from('{"a":"'.padEnd(5000, 'b') + '"}'), deflate: true, claimedSize: 100 },
        { name: 'holdfast-bundle/manifest-sha256.txt', data: Buffer.from('') },
      ],
      /did not pass verification, so nothing was imported:[\s\S]*data\/holdings\.json: cannot be read \(.*\); the file is damaged or truncated/,
      false,
    );
  });

  it('something that is not a zip, and a zip that is not a bag', async () => {
    const notZip = join(dir, 'not.zip');
    writeFileSync(notZip, 'PK but not really a zip file at all');
    const r = await backend.call('bundle.import', { path: notZip });
    expect(!r.ok && r.error.message).toMatch(/not\.zip is not a readable zip file/);
    const notBag = join(dir, 'plain.zip');
    writeRawZip(notBag, [{ name: 'photo.jpg', data: Buffer.from('jpeg') }]);
    const r2 = await backend.call('bundle.import', { path: notBag });
    expect(!r2.ok && r2.error.message).toMatch(/it is not a BagIt bag \(no bagit\.txt/);
  });

  it('too many entries (limit lowered for the test)', async () => {
    const zip = join(dir, 'many.zip');
    writeRawZip(zip, [bagit, ...Array.from({ length: 10 }, (_, i) => ({ name: `holdfast-bundle/data/f${i}.txt`, data: Buffer.from(String(i)) }))]);
    await expect(verifyBundle(zip, { limits: { ...DEFAULT_LIMITS, maxEntries: 5 } })).rejects.toThrow(/it has 11 entries, more than the limit of 5/);
  });

  it('a relative path from a caller is refused (the API needs full paths)', async () => {
    const r = await backend.call('bundle.import', { path: 'bundle.zip' });
    expect(!r.ok && r.error.message).toMatch(/give a full path/);
  });
});
