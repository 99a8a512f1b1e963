// Uploads for the browser shell. A page cannot tell the server the path of a dropped folder or
// screenshot, so it sends the files: POST /api/upload?batch=<id>&path=<relative path> with the
// raw bytes. They land in <library>/.staging/<batch>/<path> (written to a temp name, then renamed:
// a cut-off upload never looks whole), and the page then names that folder or file to
// `files.import`, `certificates.extract` or `certificates.add`. The route sits behind the same
// token as the rest of the server; each file and each batch has a size limit; paths cannot leave
// the batch folder; batches older than a day are removed.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { safeJoin } from '../core/fs/safe-path.js';
import { STAGING_DIR } from '../core/connectors/files/staging.js';

export const MAX_UPLOAD_FILE_BYTES = 512 * 1024 * 1024;
export const MAX_UPLOAD_BATCH_BYTES = 8 * 1024 * 1024 * 1024;
const MAX_BATCH_FILES = 20_000;
const BATCH_ID = /^[A-Za-z0-9_-]{8,64}$/;
const STALE_MS = 24 * 60 * 60 * 1000;

const batches = new Map<string, { files: number; bytes: number }>();

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

const refuse = (res: ServerResponse, status: number, message: string) => reply(res, status, { ok: false, error: { code: 'invalid_input', message } });

async function removeStaleBatches(root: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(root, name);
    const s = await stat(dir).catch(() => null);
    if (s && Date.now() - s.mtimeMs > STALE_MS) {
      await rm(dir, { recursive: true, force: true });
      batches.delete(name);
    }
  }
}

export async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, libraryDir: string): Promise<void> {
  if (req.method !== 'POST') return refuse(res, 405, 'use POST');
  // A form on another site cannot send this type without the browser asking first (CORS).
  if (!/^application\/octet-stream\b/.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'send application/octet-stream');
  const batch = url.searchParams.get('batch') ?? '';
  const relPath = url.searchParams.get('path') ?? '';
  if (!BATCH_ID.test(batch)) return refuse(res, 400, 'batch: 8–64 letters, digits, "-" or "_"');
  if (!relPath || relPath.length > 1024) return refuse(res, 400, 'path: the file\'s path inside the dropped folder (at most 1024 characters)');
  const root = join(libraryDir, STAGING_DIR);
  const batchDir = join(root, batch);
  const target = safeJoin(batchDir, relPath.replaceAll('\\', '/'));
  if (!target || target === batchDir) return refuse(res, 400, `path ${JSON.stringify(relPath.slice(0, 100))} leaves the upload folder`);
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_UPLOAD_FILE_BYTES) return refuse(res, 413, `a file may be at most ${MAX_UPLOAD_FILE_BYTES / 1024 / 1024} MB`);

  let totals = batches.get(batch);
  if (!totals) {
    await removeStaleBatches(root);
    totals = { files: 0, bytes: 0 };
    batches.set(batch, totals);
  }
  if (totals.files >= MAX_BATCH_FILES) return refuse(res, 413, `an upload may hold at most ${MAX_BATCH_FILES} files`);

  await mkdir(dirname(target), { recursive: true });
  const part = `${target}.${randomBytes(6).toString('hex')}.part`;
  let size = 0;
  const batchTotals = totals;
  try {
    await pipeline(
      req,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > MAX_UPLOAD_FILE_BYTES) throw new Error(`a file may be at most ${MAX_UPLOAD_FILE_BYTES / 1024 / 1024} MB`);
          if (batchTotals.bytes + size > MAX_UPLOAD_BATCH_BYTES) throw new Error(`an upload may be at most ${MAX_UPLOAD_BATCH_BYTES / 1024 ** 3} GB`);
          yield chunk;
        }
      },
      createWriteStream(part, { flags: 'wx' }),
    );
    await rename(part, target);
  } catch (error) {
    await rm(part, { force: true });
    if (!res.headersSent) return refuse(res, 413, (error as Error).message);
    return;
  }
  batchTotals.files++;
  batchTotals.bytes += size;
  reply(res, 200, { ok: true, result: { dir: batchDir, path: target, size } });
}
