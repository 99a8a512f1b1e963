import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../../main/core/blob/blob-store.js';
import { tempDir } from '../helpers/tmp.js';

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe('blob store', () => {
  it('stores bytes under their SHA-256, once', async () => {
    const root = tempDir();
    const store = new BlobStore(root);
    const first = await store.put('hello 藏品');
    const second = await store.put(Buffer.from('hello 藏品'));
    expect(first).toEqual({ sha256: sha('hello 藏品'), size: Buffer.byteLength('hello 藏品'), created: true });
    expect(second.created).toBe(false);
    expect(readFileSync(store.pathOf(first.sha256), 'utf8')).toBe('hello 藏品');
    expect(filesUnder(root).filter((f) => !f.startsWith('.tmp'))).toEqual([join(first.sha256.slice(0, 2), first.sha256.slice(2, 4), first.sha256)]);
    expect(await store.verify(first.sha256)).toBe(true);
  });

  it('rejects bytes that do not match the expected digest or length, leaving nothing behind', async () => {
    const root = tempDir();
    const store = new BlobStore(root);
    await expect(store.put('abc', { expectedSha256: sha('abd') })).rejects.toThrow(/does not match/);
    await expect(store.put('abc', { expectedSize: 4 })).rejects.toThrow(/expected 4 bytes but received 3/);
    await expect(store.put('abcdef', { maxBytes: 3 })).rejects.toThrow(/larger than the limit/);
    expect(filesUnder(root)).toEqual([]);
  });

  it('a stream that fails midway leaves no file under a real name', async () => {
    const root = tempDir();
    const store = new BlobStore(root);
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('part one');
        throw new Error('connection reset');
      })(),
    );
    await expect(store.putStream(failing)).rejects.toThrow(/connection reset/);
    expect(filesUnder(root)).toEqual([]);
  });

  it('refuses ids that are not hashes, so no path can escape the store', () => {
    const store = new BlobStore(tempDir());
    expect(() => store.pathOf('../../etc/passwd')).toThrow(/not a blob id/);
    expect(() => store.pathOf('A'.repeat(64))).toThrow(/not a blob id/);
    expect(store.has('../x')).toBe(false);
  });

  it('a writer killed mid-write leaves no visible file, and the next open clears its temp file', async () => {
    const root = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../fixtures/write-blob-slowly.ts'), root], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('mid-write')) resolve();
        if (d.toString().includes('finished')) reject(new Error('writer finished before it was killed'));
      });
      child.on('error', reject);
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));

    const leftovers = filesUnder(root);
    expect(leftovers.length).toBe(1);
    expect(leftovers[0]).toMatch(/^\.tmp\/\d+-[0-9a-f]+\.part$/);
    expect(statSync(join(root, leftovers[0]!)).size).toBeGreaterThan(0);

    new BlobStore(root); // next open: the dead writer's temp file goes
    expect(filesUnder(root)).toEqual([]);
    expect(existsSync(join(root, '.tmp'))).toBe(true);
  });
});
