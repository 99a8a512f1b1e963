// SHA-256 + SHA-512 of streamed files on a second thread. Hashing is the costliest part of a
// bundle (both manifests need every byte hashed twice), so it runs beside the thread that
// reads, zips and writes. Bytes reach the worker through a fixed ring of shared memory slots
// (no per-chunk allocation); when every slot is taken the stream waits, so memory stays flat
// when the worker is the slower. The worker's code is inline: it needs only node:crypto, and
// inline it survives bundling.
import { Transform, type TransformCallback } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { DigestTap, type Digests } from './digests.js';

const SLOT_BYTES = 256 << 10;
const SLOTS = 16;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const ring = workerData.ring;
const files = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'start') files.set(m.id, { h256: createHash('sha256'), h512: createHash('sha512'), size: 0 });
  else if (m.type === 'chunk') {
    const f = files.get(m.id);
    const bytes = new Uint8Array(ring, m.slot * ${SLOT_BYTES}, m.length);
    f.h256.update(bytes);
    f.h512.update(bytes);
    f.size += m.length;
    parentPort.postMessage({ type: 'free', slot: m.slot });
  } else if (m.type === 'end') {
    const f = files.get(m.id);
    files.delete(m.id);
    parentPort.postMessage({ type: 'digests', id: m.id, sha256: f.h256.digest('hex'), sha512: f.h512.digest('hex'), size: f.size });
  }
});
`;

export interface HashingTap {
  /** Pass the file's bytes through this; they come out unchanged. */
  stream: Transform;
  /** Resolves once the last byte is hashed (possibly after the stream ended). */
  digests: Promise<Digests>;
}

export interface Hasher {
  tap(onBytes?: (n: number) => void): HashingTap;
  close(): Promise<void>;
}

/** Hashes on the calling thread (small jobs, or where workers are unavailable). */
export function inlineHasher(): Hasher {
  return {
    tap(onBytes) {
      const stream = new DigestTap(onBytes);
      const digests = new Promise<Digests>((resolve, reject) => {
        stream.once('finish', () => resolve(stream.digests()));
        stream.once('error', reject);
      });
      return { stream, digests };
    },
    close: async () => undefined,
  };
}

export function workerHasher(): Hasher {
  const ring = new SharedArrayBuffer(SLOT_BYTES * SLOTS);
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ring } });
  } catch {
    return inlineHasher();
  }
  const view = new Uint8Array(ring);
  const free = Array.from({ length: SLOTS }, (_, i) => i);
  const waitingForSlot: Array<() => void> = [];
  let nextId = 0;
  const results = new Map<number, { resolve: (d: Digests) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const r of results.values()) r.reject(error);
    results.clear();
    for (const wake of waitingForSlot.splice(0)) wake();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => code !== 0 && fail(new Error(`the hashing thread stopped (exit code ${code})`)));
  worker.on('message', (m: { type: 'free'; slot: number } | ({ type: 'digests'; id: number } & Digests)) => {
    if (m.type === 'free') {
      free.push(m.slot);
      waitingForSlot.shift()?.();
    } else {
      const r = results.get(m.id);
      results.delete(m.id);
      r?.resolve({ sha256: m.sha256, sha512: m.sha512, size: m.size });
    }
  });
  const slot = (): Promise<number> =>
    free.length ? Promise.resolve(free.pop()!) : new Promise((resolve) => waitingForSlot.push(() => resolve(free.pop() ?? -1)));

  return {
    tap(onBytes) {
      const id = nextId++;
      const digests = new Promise<Digests>((resolve, reject) => results.set(id, { resolve, reject }));
      digests.catch(() => undefined);
      worker.postMessage({ type: 'start', id });
      const send = async (chunk: Buffer) => {
        for (let at = 0; at < chunk.length; at += SLOT_BYTES) {
          const n = await slot();
          if (failure || n < 0) throw failure ?? new Error('the hashing thread stopped');
          const part = chunk.subarray(at, at + SLOT_BYTES);
          view.set(part, n * SLOT_BYTES);
          worker.postMessage({ type: 'chunk', id, slot: n, length: part.length });
        }
      };
      const stream = new Transform({
        highWaterMark: 256 << 10,
        transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
          send(chunk).then(
            () => {
              onBytes?.(chunk.length);
              callback(null, chunk);
            },
            (error: Error) => callback(error),
          );
        },
        flush(callback: TransformCallback) {
          worker.postMessage({ type: 'end', id });
          callback();
        },
      });
      return { stream, digests };
    },
    async close() {
      await worker.terminate();
    },
  };
}
