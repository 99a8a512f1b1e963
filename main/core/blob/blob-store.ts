// Content-addressed file store: every file is kept once, under its SHA-256, at
// blobs/ab/cd/abcd…. Bytes are streamed to a temp file, fsynced, then renamed into place, so a
// crash at any moment leaves either the whole file under its real name or nothing there.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HoldfastError } from '../errors.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface StoredBlob {
  sha256: string;
  size: number;
  /** False when the same bytes were already stored (nothing was written). */
  created: boolean;
}

export interface PutOptions {
  /** Reject the bytes unless they hash to this (e.g. a digest the source published). */
  expectedSha256?: string;
  /** Reject the bytes unless exactly this many arrive (a truncated download). */
  expectedSize?: number;
  /** Stop reading and fail once more than this many bytes arrived. */
  maxBytes?: number;
}

export function isSha256(value: string): boolean {
  return SHA256_HEX.test(value);
}

const PARTIAL_NAME = /^[\w-]{1,100}\.part$/;

export class BlobStore {
  readonly root: string;
  readonly tmpDir: string;
  /** Downloads in progress that a later sync may resume (blobs/.partial/<name>.part). Unlike
   *  .tmp, they outlive the process; the sync engine's job queue owns them and removes orphans. */
  readonly partialDir: string;

  constructor(root: string) {
    this.root = root;
    this.tmpDir = join(root, '.tmp');
    this.partialDir = join(root, '.partial');
    mkdirSync(this.tmpDir, { recursive: true });
    mkdirSync(this.partialDir, { recursive: true });
    this.removeAbandonedTempFiles();
  }

  /** Absolute path of a blob. Throws on anything that is not a SHA-256, so no caller can use it
   *  to reach outside the store. */
  pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new HoldfastError('invalid_input', `not a blob id: ${JSON.stringify(sha256.slice(0, 80))}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  has(sha256: string): boolean {
    return isSha256(sha256) && existsSync(this.pathOf(sha256));
  }

  size(sha256: string): number | null {
    try {
      return statSync(this.pathOf(sha256)).size;
    } catch {
      return null;
    }
  }

  async put(bytes: Uint8Array | string, options: PutOptions = {}): Promise<StoredBlob> {
    return this.putStream(Readable.from([typeof bytes === 'string' ? Buffer.from(bytes) : bytes]), options);
  }

  async putFile(path: string, options: PutOptions = {}): Promise<StoredBlob> {
    return this.putStream(createReadStream(path), options);
  }

  async putStream(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, options: PutOptions = {}): Promise<StoredBlob> {
    const tmp = join(this.tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    let out: WriteStream | undefined;
    try {
      out = createWriteStream(tmp, { flags: 'wx' });
      await pipeline(
        source as AsyncIterable<Uint8Array>,
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > maxBytes) throw new HoldfastError('invalid_input', `file is larger than the limit of ${maxBytes} bytes`);
            hash.update(chunk);
            yield chunk;
          }
        },
        out,
      );
      const sha256 = hash.digest('hex');
      if (options.expectedSize !== undefined && size !== options.expectedSize) {
        throw new HoldfastError('corrupt_blob', `expected ${options.expectedSize} bytes but received ${size}`);
      }
      if (options.expectedSha256 !== undefined && options.expectedSha256.toLowerCase() !== sha256) {
        throw new HoldfastError('corrupt_blob', `content hash ${sha256} does not match the expected ${options.expectedSha256}`);
      }
      const finalPath = this.pathOf(sha256);
      if (existsSync(finalPath)) {
        await rm(tmp, { force: true });
        return { sha256, size, created: false };
      }
      await fsyncPath(tmp);
      mkdirSync(join(finalPath, '..'), { recursive: true });
      await rename(tmp, finalPath);
      await fsyncPath(join(finalPath, '..'));
      return { sha256, size, created: true };
    } catch (error) {
      // A stream that fails early may still be opening its file: wait until it has closed, or
      // the file would appear after the removal and stay behind.
      const stream = out;
      if (stream && !stream.closed) await new Promise<void>((resolve) => stream.once('close', () => resolve()).destroy());
      await rm(tmp, { force: true });
      throw error;
    }
  }

  /** Path of a resumable partial download; `name` is a plain file name like `42.part`. */
  partialPath(name: string): string {
    if (!PARTIAL_NAME.test(name)) throw new HoldfastError('invalid_input', `not a partial file name: ${JSON.stringify(name.slice(0, 80))}`);
    return join(this.partialDir, name);
  }

  /** Names of the partial downloads present. */
  listPartials(): string[] {
    return readdirSync(this.partialDir).filter((n) => PARTIAL_NAME.test(n));
  }

  /**
   * Moves a finished file that the caller wrote and hashed (a partial download) into the store
   * under `sha256`: fsync, rename, fsync the folder, as put() does. The file must be inside this
   * store's .partial or .tmp folder and have `size` bytes; it is gone afterwards either way.
   * The hash is the caller's word (it hashed while writing); pass `verify` to re-hash first, and
   * `synced` when the caller fsynced the file already.
   */
  async adopt(path: string, expected: { sha256: string; size: number; verify?: boolean; synced?: boolean }): Promise<StoredBlob> {
    const from = resolve(path);
    if (dirname(from) !== resolve(this.partialDir) && dirname(from) !== resolve(this.tmpDir)) {
      throw new HoldfastError('invalid_input', `only files inside the store's own folders can be adopted, not ${path}`);
    }
    const finalPath = this.pathOf(expected.sha256);
    try {
      const size = (await stat(from)).size;
      if (size !== expected.size) throw new HoldfastError('corrupt_blob', `expected ${expected.size} bytes but the file has ${size}`);
      if (expected.verify) {
        const hash = createHash('sha256');
        await pipeline(createReadStream(from), hash);
        const actual = hash.digest('hex');
        if (actual !== expected.sha256) throw new HoldfastError('corrupt_blob', `content hash ${actual} does not match the expected ${expected.sha256}`);
      }
      if (existsSync(finalPath)) {
        await rm(from, { force: true });
        return { sha256: expected.sha256, size, created: false };
      }
      if (!expected.synced) await fsyncPath(from);
      this.ensureDir(dirname(finalPath));
      await rename(from, finalPath);
      await fsyncPath(dirname(finalPath));
      return { sha256: expected.sha256, size, created: true };
    } catch (error) {
      await rm(from, { force: true });
      throw error;
    }
  }

  private readonly knownDirs = new Set<string>();

  /** Creates a blob folder once per process (a sync moves thousands of files into place). */
  private ensureDir(dir: string): void {
    if (this.knownDirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.knownDirs.add(dir);
  }

  /** Re-hash a stored blob: true when its bytes still match its name. */
  async verify(sha256: string): Promise<boolean> {
    const hash = createHash('sha256');
    try {
      await pipeline(createReadStream(this.pathOf(sha256)), hash);
    } catch {
      return false;
    }
    return hash.digest('hex') === sha256;
  }

  async stat(sha256: string): Promise<{ size: number; mtimeMs: number } | null> {
    try {
      const s = await stat(this.pathOf(sha256));
      return { size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      return null;
    }
  }

  /** A temp file belongs to a writer process; one whose process is gone was cut off mid-write. */
  private removeAbandonedTempFiles(): void {
    for (const name of readdirSync(this.tmpDir)) {
      const pid = Number(name.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) continue;
      if (pid === process.pid) continue;
      rmSync(join(this.tmpDir, name), { force: true });
    }
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) refuse fsync on a directory; the rename is still atomic there.
    if ((error as NodeJS.ErrnoException).code !== 'EISDIR' && (error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  } finally {
    await handle.close();
  }
}
