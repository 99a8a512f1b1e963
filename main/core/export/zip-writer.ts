// A zip written one entry at a time with archiver, so any number of files of any size pass
// through a fixed amount of memory and one open file at a time. Every entry gets the same
// timestamp and mode, and entries go in the order they are added: the same input gives the
// same bytes.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { ZipArchive } from 'archiver';
import crc32 from 'crc-32';

// archiver computes every entry's CRC-32 through the `crc-32` package, in JavaScript — the
// slowest step of writing a stored entry (about a tenth of the speed of Node's own zlib.crc32,
// which Node 22 and Electron 45 have). Same function, same results (unzip -t checks them in the
// tests): route it to the native one.
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
if (nativeCrc32) {
  // (An empty chunk must leave the running value alone; zlib answers 0 for no data.)
  (crc32 as { buf: (data: Uint8Array, seed?: number) => number }).buf = (data, seed = 0) => (data.length ? nativeCrc32(data, seed >>> 0) | 0 : seed | 0);
}

export interface ZipEntryOptions {
  /** Deflate the entry (text); otherwise it is stored as is (already-compressed media). */
  deflate: boolean;
}

export class ZipWriter {
  private readonly archive: ZipArchive;
  private readonly out: WriteStream;
  private failure: Error | null = null;
  private readonly closed: Promise<void>;
  private pending: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(
    readonly path: string,
    private readonly date: Date,
  ) {
    // forceZip64: the end records are zip64 from the start, so a bundle past 4 GB or 65,535
    // entries needs no different code path (every current unzip reads zip64).
    this.archive = new ZipArchive({ forceZip64: true, zlib: { level: 6 } });
    this.out = createWriteStream(path, { flags: 'wx', highWaterMark: 1 << 20 });
    this.closed = new Promise((resolve, reject) => {
      this.out.once('close', () => resolve());
      this.out.once('error', (error) => reject(error));
    });
    this.closed.catch((error: Error) => this.fail(error));
    this.archive.on('error', (error: Error) => this.fail(error));
    this.archive.on('warning', (error: Error) => this.fail(error));
    this.archive.on('entry', () => {
      const pending = this.pending;
      this.pending = null;
      pending?.resolve();
    });
    this.archive.pipe(this.out);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }

  /** Adds one entry and resolves once its bytes have gone through the archiver. */
  async add(name: string, source: Buffer | Readable, options: ZipEntryOptions): Promise<void> {
    if (this.failure) throw this.failure;
    const done = new Promise<void>((resolve, reject) => (this.pending = { resolve, reject }));
    if (typeof (source as Readable).on === 'function') {
      (source as Readable).once('error', (error: Error) => this.fail(error));
    }
    this.archive.append(source, { name, date: this.date, mode: 0o644, store: !options.deflate });
    await done;
  }

  /** Writes the central directory and closes the file; returns the zip's size in bytes. */
  async finish(): Promise<number> {
    if (this.failure) throw this.failure;
    await this.archive.finalize();
    await this.closed;
    if (this.failure) throw this.failure;
    return this.archive.pointer();
  }

  /** Stops writing (the caller removes the partial file). */
  async abort(): Promise<void> {
    this.fail(new Error('aborted'));
    this.archive.abort();
    this.out.destroy();
    await this.closed.catch(() => undefined);
  }
}
