// The sync engine's downloader: HTTP GETs streamed to a partial file on disk (memory does not
// grow with file size), hashed on the way, under per-host and overall connection limits, with
// retries (exponential backoff with jitter, the server's Retry-After), connect/answer/stall
// timeouts, resume with Range + If-Range, and checks of Content-Length, Content-Range and of any
// digest the source or the server gives. The caller owns where the partial file lives and
// persists its progress (onCheckpoint), so a resumed download can continue after a crash.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher, request as UndiciRequest } from 'undici';
import type { DownloadSpec } from '../connectors/connector.js';
import { backoffDelay, parseRetryAfter, sleep } from './backoff.js';
import { representationSha256 } from './digest.js';
import { HostScheduler, type Outcome } from './host-scheduler.js';

export interface DownloaderOptions {
  /** Downloads running at once, over all hosts. */
  maxConnections: number;
  /** Downloads running at once against one host (lowered by the scheduler while it throttles). */
  maxPerHost: number;
  connectTimeoutMs: number;
  /** Longest wait for the response headers. */
  headersTimeoutMs: number;
  /** Longest silence while a body is arriving: a stalled download is cut and resumed. */
  stallTimeoutMs: number;
  /** Tries of one file (throttling answers that carry a Retry-After do not count). */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** A Retry-After longer than this fails the file for this sync instead of holding it up. */
  maxRetryAfterMs: number;
  /** Bytes between fsynced checkpoints of a partial file (what survives a crash). */
  checkpointBytes: number;
  userAgent: string;
}

export const DEFAULT_DOWNLOADER_OPTIONS: DownloaderOptions = {
  maxConnections: 16,
  maxPerHost: 8,
  connectTimeoutMs: 15_000,
  headersTimeoutMs: 60_000,
  stallTimeoutMs: 30_000,
  maxAttempts: 8,
  backoffBaseMs: 500,
  backoffCapMs: 60_000,
  maxRetryAfterMs: 5 * 60_000,
  checkpointBytes: 4 * 1024 * 1024,
  userAgent: 'Holdfast',
};

/** Where a download stands; the downloader updates it as bytes land, the caller persists it. */
export interface PartialState {
  /** The partial file (created if missing). */
  path: string;
  /** Bytes at the start of `path` that are good; a resume continues from here. */
  bytes: number;
  /** Strong ETag or Last-Modified of what `path` holds, sent as If-Range when resuming. */
  validator: string | null;
  /** Size of the whole file, when the server said. */
  totalSize: number | null;
  /** SHA-256 of the whole file as a digest header published it. */
  digestSha256: string | null;
}

export interface DownloadRequest {
  spec: DownloadSpec;
  partial: PartialState;
  /** A digest the source published; wins over digest headers. */
  expectedSha256?: string | null;
  expectedSize?: number | null;
  signal: AbortSignal;
  /** Bytes received (negative when a partial file had to be started over). */
  onProgress?(delta: number): void;
  /** `partial` was fsynced up to partial.bytes: persist it. */
  onCheckpoint?(partial: PartialState): void;
}

export interface Downloaded {
  sha256: string;
  size: number;
  /** The first bytes, for sniffing the type without reading the file again. */
  head: Buffer;
  /** The partial file was fsynced whole (no need to do it again before moving it). */
  synced: boolean;
}

/** A file that could not be downloaded in this sync; `permanent` when trying again will not help
 *  (404, refused, …) until the source changes. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

const HEAD_BYTES = 4100;
const FLUSH_BYTES = 256 * 1024;
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const THROTTLE_STATUS = new Set([429, 503]);
const REFRESH_STATUS = new Set([401, 403, 410]);
const MAX_REFRESHES = 2;
/** Throttling answers with a Retry-After one file waits through before it is left for later. */
const MAX_THROTTLED_TRIES = 50;

/** What one try ended with, when it did not end with the file. */
class AttemptFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'retry' | 'retry-now' | 'permanent' | 'refresh' | 'throttled',
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** In-memory state of one download across its tries. */
interface Session {
  url: string;
  headers: Record<string, string>;
  hash: Hash | null;
  /** Bytes of the partial file covered by `hash`. */
  hashed: number;
  head: Buffer;
  durable: number;
  /** Set after a server refused a range: the next try asks for the whole file. */
  noRange: boolean;
}

export class Downloader {
  readonly options: DownloaderOptions;
  private readonly scheduler: HostScheduler;
  /** undici and its connection pool, loaded by the first download: every command opens a
   *  library (and so a sync engine), most never download anything. */
  private client: Promise<{ dispatcher: Dispatcher; request: typeof UndiciRequest }> | null = null;

  constructor(options: Partial<DownloaderOptions> = {}) {
    this.options = { ...DEFAULT_DOWNLOADER_OPTIONS, ...options };
    const o = this.options;
    this.scheduler = new HostScheduler(o.maxConnections, o.maxPerHost, { baseMs: o.backoffBaseMs, capMs: o.backoffCapMs });
  }

  private connect() {
    const o = this.options;
    return (this.client ??= import('undici').then(({ Agent, interceptors, request }) => ({
      request,
      dispatcher: new Agent({
        connections: o.maxPerHost,
        connectTimeout: o.connectTimeoutMs,
        headersTimeout: o.headersTimeoutMs,
        bodyTimeout: o.stallTimeoutMs,
        keepAliveTimeout: 10_000,
      }).compose(interceptors.redirect({ maxRedirections: 5 })),
    })));
  }

  async close(): Promise<void> {
    if (this.client) await (await this.client).dispatcher.close();
  }

  /** Downloads `req.spec` into `req.partial.path` and returns its digest. Throws DownloadError
   *  when the file cannot be had in this sync, or the signal's reason when it is aborted; the
   *  partial file and `req.partial` are left ready for a later resume either way. */
  async download(req: DownloadRequest): Promise<Downloaded> {
    const { signal } = req;
    const session: Session = {
      url: req.spec.url,
      headers: { ...req.spec.headers },
      hash: null,
      hashed: 0,
      head: Buffer.alloc(0),
      durable: req.partial.bytes,
      noRange: false,
    };
    let attempts = 0;
    let refreshes = 0;
    let throttles = 0;
    for (;;) {
      signal.throwIfAborted();
      const host = hostOf(session.url);
      await this.scheduler.acquire(host, signal);
      let outcome: Outcome = 'failed';
      let retryAfter: number | null = null;
      let failure: AttemptFailure;
      try {
        const result = await this.attempt(req, session);
        outcome = 'ok';
        return result;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        failure = error instanceof AttemptFailure ? error : classify(error, this.options);
        if (failure.kind === 'throttled') {
          outcome = 'throttled';
          retryAfter = failure.retryAfterMs;
        }
      } finally {
        this.scheduler.release(host, outcome, retryAfter);
      }

      if (failure.kind === 'permanent') throw new DownloadError(failure.message, true);
      if (failure.kind === 'refresh') {
        if (!req.spec.refresh || refreshes >= MAX_REFRESHES) throw new DownloadError(failure.message, true);
        refreshes++;
        const fresh = await req.spec.refresh(signal);
        session.url = fresh.url;
        if (fresh.headers) session.headers = { ...fresh.headers };
        continue;
      }
      if (failure.kind === 'throttled' && failure.retryAfterMs !== null) {
        if (++throttles > MAX_THROTTLED_TRIES) throw new DownloadError(`${failure.message} (still throttled after ${throttles - 1} waits)`, false);
        if (failure.retryAfterMs > this.options.maxRetryAfterMs) {
          throw new DownloadError(`${failure.message}; the server asks to wait ${Math.ceil(failure.retryAfterMs / 1000)} s, so it is left for the next sync`, false);
        }
        continue; // the scheduler holds the host until the Retry-After has passed
      }
      attempts++;
      if (attempts >= this.options.maxAttempts) {
        throw new DownloadError(`${failure.message} (gave up after ${attempts} tries)`, false);
      }
      if (failure.kind === 'retry') await sleep(backoffDelay(attempts, { baseMs: this.options.backoffBaseMs, capMs: this.options.backoffCapMs }), signal);
    }
  }

  /** One GET: appends to the partial file from where it stands, or starts it over. */
  private async attempt(req: DownloadRequest, session: Session): Promise<Downloaded> {
    const { partial, signal } = req;
    const expectedSha = req.expectedSha256?.toLowerCase() ?? null;
    let offset = await this.usableOffset(req, session);
    const headers: Record<string, string> = { 'accept-encoding': 'identity', 'user-agent': this.options.userAgent, ...session.headers };
    if (offset > 0) {
      headers.range = `bytes=${offset}-`;
      if (partial.validator) headers['if-range'] = partial.validator;
    }
    const { request, dispatcher } = await this.connect();
    const response = await request(session.url, {
      method: 'GET',
      headers,
      signal,
      dispatcher,
      headersTimeout: this.options.headersTimeoutMs,
      bodyTimeout: this.options.stallTimeoutMs,
    });
    const { statusCode: status, headers: rh, body } = response;
    const header = (name: string) => {
      const v = rh[name];
      return Array.isArray(v) ? v[0] : v;
    };

    if (status === 416 && offset > 0) {
      await body.dump();
      const total = parseContentRange(header('content-range'))?.total ?? null;
      if (total === offset && (await this.finishedPrefixMatches(req, session, offset))) {
        return this.finish(req, session, offset, expectedSha);
      }
      session.noRange = true;
      throw new AttemptFailure(`the server refused to resume at byte ${offset}`, 'retry-now');
    }
    if (status !== 200 && status !== 206) {
      await body.dump().catch(() => undefined);
      const what = `HTTP ${status} from ${describeUrl(session.url)}`;
      if (REFRESH_STATUS.has(status)) throw new AttemptFailure(what, 'refresh');
      if (THROTTLE_STATUS.has(status)) throw new AttemptFailure(what, 'throttled', parseRetryAfter(rh['retry-after']));
      if (RETRYABLE_STATUS.has(status)) throw new AttemptFailure(what, 'retry');
      throw new AttemptFailure(what, 'permanent');
    }

    const encoding = header('content-encoding')?.trim().toLowerCase();
    const encoded = Boolean(encoding && encoding !== 'identity');
    let total: number | null;
    if (status === 206) {
      const range = parseContentRange(header('content-range'));
      if (!range || range.start !== offset || encoded) {
        await body.dump().catch(() => undefined);
        session.noRange = true;
        throw new AttemptFailure(`the server sent a different range than asked (${header('content-range') ?? 'no Content-Range'})`, 'retry-now');
      }
      total = range.total;
    } else {
      if (offset > 0) req.onProgress?.(-offset); // it ignored the range: the whole file comes again
      offset = 0;
      session.hash = null;
      const length = header('content-length');
      total = !encoded && length !== undefined && /^\d+$/.test(length) ? Number(length) : null;
    }

    // A validator lets a later try resume safely; a weak ETag may not be used with If-Range.
    const etag = header('etag');
    partial.validator = encoded ? null : etag && !etag.startsWith('W/') ? etag : (header('last-modified') ?? null);
    partial.totalSize = total;
    const digest = representationSha256(rh, status === 206);
    if (status === 200) partial.digestSha256 = digest;
    else if (digest) {
      if (partial.digestSha256 && partial.digestSha256 !== digest) {
        await body.dump().catch(() => undefined);
        session.noRange = true;
        throw new AttemptFailure('the file changed at the source while it was being downloaded', 'retry-now');
      }
      partial.digestSha256 = digest;
    }

    const file = await open(partial.path, offset === 0 ? 'w' : 'r+');
    let position = offset;
    let synced = false;
    try {
      if (offset === 0) {
        session.hash = createHash('sha256');
        session.hashed = 0;
        session.head = Buffer.alloc(0);
        partial.bytes = 0;
        session.durable = 0;
      } else {
        await file.truncate(offset);
      }
      const hash = session.hash!;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        const chunks = pending;
        pending = [];
        const n = pendingBytes;
        pendingBytes = 0;
        await file.writev(chunks, position);
        position += n;
        partial.bytes = position;
      };
      const checkpoint = async () => {
        await flush();
        if (partial.bytes <= session.durable) return;
        await file.datasync();
        session.durable = partial.bytes;
        req.onCheckpoint?.({ ...partial });
      };
      try {
        const source: AsyncIterable<Buffer> = encoded ? decoded(body, encoding!) : body;
        for await (const chunk of source) {
          hash.update(chunk);
          session.hashed += chunk.length;
          if (session.head.length < HEAD_BYTES) session.head = Buffer.concat([session.head, chunk.subarray(0, HEAD_BYTES - session.head.length)]);
          pending.push(chunk);
          pendingBytes += chunk.length;
          req.onProgress?.(chunk.length);
          if (total !== null && position + pendingBytes > total) {
            throw new AttemptFailure(`the server sent more than the ${total} bytes it announced`, 'retry-now');
          }
          if (pendingBytes >= FLUSH_BYTES) await flush();
          if (position + pendingBytes - session.durable >= this.options.checkpointBytes) await checkpoint();
        }
        await flush();
        // Whole, as far as this try can tell: make it durable while the file is still open.
        if (total === null || position === total) {
          await file.datasync();
          session.durable = position;
          synced = true;
        }
      } catch (error) {
        // Keep what arrived (the hash covers exactly the bytes on disk), so the next try resumes.
        await flush().catch(() => undefined);
        await checkpoint().catch(() => undefined);
        if (error instanceof AttemptFailure && error.kind === 'retry-now') this.startOver(req, session);
        throw error;
      }
    } finally {
      await file.close();
    }

    if (total !== null && position < total) {
      throw new AttemptFailure(`the download was cut short at ${position} of ${total} bytes`, 'retry');
    }
    const expectedSize = req.expectedSize ?? null;
    if (expectedSize !== null && position !== expectedSize) {
      if (position > expectedSize || total !== null) {
        this.startOver(req, session);
        throw new AttemptFailure(`expected ${expectedSize} bytes but the server sent ${position}`, 'retry');
      }
      throw new AttemptFailure(`the download was cut short at ${position} of ${expectedSize} bytes`, 'retry');
    }
    return this.finish(req, session, position, expectedSha, synced);
  }

  private finish(req: DownloadRequest, session: Session, size: number, expectedSha: string | null, synced = false): Downloaded {
    const sha256 = session.hash!.copy().digest('hex');
    const wanted = expectedSha ?? req.partial.digestSha256;
    if (wanted && wanted !== sha256) {
      this.startOver(req, session);
      const whose = expectedSha ? 'the source published' : 'the server announced';
      throw new AttemptFailure(`the downloaded bytes hash to ${sha256.slice(0, 12)}…, not the ${wanted.slice(0, 12)}… ${whose}`, 'retry');
    }
    return { sha256, size, head: session.head, synced };
  }

  /** Throws the partial file away: the next try fetches the whole file. */
  private startOver(req: DownloadRequest, session: Session): void {
    if (req.partial.bytes > 0) req.onProgress?.(-req.partial.bytes);
    req.partial.bytes = 0;
    req.partial.validator = null;
    req.partial.digestSha256 = null;
    session.hash = null;
    session.hashed = 0;
    session.durable = 0;
    session.noRange = true;
  }

  /** Where this try can continue from: the partial file's good prefix, hashed, or 0. */
  private async usableOffset(req: DownloadRequest, session: Session): Promise<number> {
    const { partial } = req;
    if (session.noRange) {
      session.noRange = false;
      if (partial.bytes > 0) req.onProgress?.(-partial.bytes);
      partial.bytes = 0;
      return 0;
    }
    if (partial.bytes === 0) return 0;
    // Resume only what can be checked: against a validator (If-Range) or a digest.
    const checkable = partial.validator !== null || Boolean(req.expectedSha256) || partial.digestSha256 !== null;
    const onDisk = (await stat(partial.path).catch(() => null))?.size ?? 0;
    if (!checkable || onDisk < partial.bytes) {
      if (partial.bytes > 0) req.onProgress?.(-partial.bytes);
      partial.bytes = 0;
      return 0;
    }
    if (!session.hash || session.hashed !== partial.bytes) {
      // Resuming from an earlier process: hash the good prefix again from disk.
      const hash = createHash('sha256');
      let head = Buffer.alloc(0);
      for await (const chunk of createReadStream(partial.path, { start: 0, end: partial.bytes - 1 }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      }
      session.hash = hash;
      session.hashed = partial.bytes;
      session.head = head;
    }
    return partial.bytes;
  }

  /** A 416 for a resume at the very end means the partial file is whole already. */
  private async finishedPrefixMatches(req: DownloadRequest, session: Session, offset: number): Promise<boolean> {
    return session.hash !== null && session.hashed === offset && (req.partial.validator !== null || Boolean(req.expectedSha256 ?? req.partial.digestSha256));
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    throw new DownloadError(`not a valid URL: ${JSON.stringify(url.slice(0, 200))}`, true);
  }
}

/** The URL without its query (signed URLs carry credentials there), for messages. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.slice(0, 200);
  }
}

function parseContentRange(value: string | undefined): { start: number; end: number | null; total: number | null } | null {
  if (!value) return null;
  const m = /^bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)$/i.exec(value.trim());
  if (!m) return null;
  const total = m[3] === '*' ? null : Number(m[3]);
  if (m[1] === undefined) return { start: -1, end: null, total };
  return { start: Number(m[1]), end: Number(m[2]), total };
}

/** The body decoded, for a server that compresses although it was asked not to. */
function decoded(body: NodeJS.ReadableStream, encoding: string): AsyncIterable<Buffer> {
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : null;
  if (!decoder) throw new AttemptFailure(`the server sent the file in an unknown encoding (${encoding})`, 'permanent');
  body.on('error', (error: Error) => decoder.destroy(error));
  return body.pipe(decoder);
}

const NETWORK_CODES: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'could not connect in time',
  UND_ERR_HEADERS_TIMEOUT: 'the server did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'the download stalled (no data for a while)',
  UND_ERR_SOCKET: 'the connection closed early',
  UND_ERR_RESPONSE_CONTENT_LENGTH_MISMATCH: 'the server sent a different length than it announced',
  ECONNRESET: 'the connection was reset',
  ECONNREFUSED: 'the server refused the connection',
  EPIPE: 'the connection broke',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'the host name was not found',
  EAI_AGAIN: 'the host name could not be looked up',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  Z_DATA_ERROR: 'the compressed data was corrupt',
  Z_BUF_ERROR: 'the compressed data was cut short',
};

function classify(error: unknown, options: DownloaderOptions): AttemptFailure {
  const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code;
  if (code && NETWORK_CODES[code]) {
    const detail = code === 'UND_ERR_BODY_TIMEOUT' ? ` ${options.stallTimeoutMs / 1000} s` : '';
    return new AttemptFailure(`${NETWORK_CODES[code]}${detail}`, 'retry');
  }
  if (error instanceof DownloadError) return new AttemptFailure(error.message, error.permanent ? 'permanent' : 'retry');
  if (code === 'ENOSPC') return new AttemptFailure('the disk is full', 'permanent');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new AttemptFailure(`cannot write to the library folder (${code})`, 'permanent');
  const message = error instanceof Error ? error.message : String(error);
  // Anything else on the way (a parser error on a broken response, …) is worth another try.
  return new AttemptFailure(message, 'retry');
}
