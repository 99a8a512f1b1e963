// Fault injection: a real media server misbehaves in every way the issue names (429 storms with
// Retry-After, 5xx, resets, stalls, truncated bodies, wrong lengths, Range on and off, expired
// signed links), and the sync still ends with every item stored whole. One bad file never stops
// the rest; it is listed with its reason and fetched by the next sync.
import { afterEach, describe, expect, it } from 'vitest';
import { makeCatalog, type MediaCatalog } from '../fixtures/media-connector.js';
import { startMediaServer, type Fault, type FaultContext, type MediaServer, type MediaServerOptions } from '../fixtures/media-server.js';
import { leftovers, openHarness, storageProblems, type Harness } from '../fixtures/sync-harness.js';
import { tempDir } from '../helpers/tmp.js';

let server: MediaServer | null = null;
let harness: Harness | null = null;

afterEach(async () => {
  await harness?.close();
  await server?.close();
  harness = null;
  server = null;
});

async function syncThrough(options: MediaServerOptions, spec: Parameters<typeof makeCatalog>[0] = { items: 12, filesPerItem: 2 }) {
  const { items, files } = makeCatalog(spec);
  server = await startMediaServer(files, options);
  const catalog: MediaCatalog = { baseUrl: server.url, items };
  harness = openHarness(tempDir(), catalog);
  const { status, runId } = await harness.sync();
  return { status, runId, catalog, server, harness };
}

/** The first request for each of the files picked by `which` meets the fault. */
const firstTry =
  (fault: Fault, which: (ctx: FaultContext) => boolean = () => true) =>
  (ctx: FaultContext): Fault | null =>
    ctx.n === 0 && which(ctx) ? fault : null;

describe('sync against a misbehaving media server', () => {
  it('waits out a 429 storm as long as Retry-After says, then stores everything', async () => {
    // For the first 1.5 s every request is refused with "come back in a second".
    let stormEnds = 0;
    const { status, catalog, server, harness } = await syncThrough({
      fault: () => {
        stormEnds ||= Date.now() + 1500;
        return Date.now() < stormEnds ? { kind: 'status', status: 429, retryAfter: '1' } : null;
      },
    });
    expect(status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, catalog)).toEqual([]);
    const throttled = server.log.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    // Nothing was asked again until the second the server asked for had passed.
    const lastThrottle = throttled.at(-1)!.at;
    const firstAfter = server.log.find((r) => r.status !== 429)!.at;
    expect(firstAfter - lastThrottle).toBeGreaterThanOrEqual(900);
  });

  it('retries 500, 502, 503 and 504 with backoff', async () => {
    const statuses = [500, 502, 503, 504];
    const { status, catalog, server, harness } = await syncThrough({
      fault: (ctx) => (ctx.n < 2 ? { kind: 'status', status: statuses[(ctx.total + ctx.n) % 4]! } : null),
    });
    expect(status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, catalog)).toEqual([]);
    expect(new Set(server.log.filter((r) => r.fault).map((r) => r.status))).toEqual(new Set(statuses));
  });

  it('resumes after connection resets with a Range request from where the bytes stopped', async () => {
    const { status, catalog, server, harness } = await syncThrough(
      { fault: firstTry({ kind: 'reset', afterBytes: 10_000 }) },
      { items: 8, filesPerItem: 2, sizeOf: () => 200_000 },
    );
    expect(status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, catalog)).toEqual([]);
    const resumed = server.log.filter((r) => r.status === 206);
    expect(resumed.length).toBe(16);
    for (const r of resumed) expect(Number(/bytes=(\d+)-/.exec(r.range!)![1])).toBeGreaterThan(0);
    // Each file went over the wire about once, not twice.
    const sent = server.log.reduce((sum, r) => sum + r.bytesSent, 0);
    expect(sent).toBeLessThan(16 * 200_000 * 1.1);
  });

  it('cuts stalled bodies after the stall timeout and resumes them', async () => {
    const { status, catalog, server, harness } = await syncThrough(
      { fault: firstTry({ kind: 'stall', afterBytes: 5_000 }, (ctx) => ctx.path.endsWith('/0.bin')) },
      { items: 6, filesPerItem: 2, sizeOf: () => 50_000 },
    );
    expect(status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, catalog)).toEqual([]);
    expect(server.log.filter((r) => r.fault === 'stall').length).toBe(6);
    expect(server.log.filter((r) => r.status === 206).length).toBe(6);
  });

  it('notices truncated bodies (connection closed before Content-Length) and completes them', async () => {
    const { status, catalog, server, harness } = await syncThrough(
      { fault: firstTry({ kind: 'truncate', afterBytes: 7_000 }) },
      { items: 10, filesPerItem: 1, sizeOf: () => 40_000 },
    );
    expect(status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, catalog)).toEqual([]);
    expect(server.log.filter((r) => r.fault === 'truncate').length).toBe(10);
  });

  it('rejects bodies whose Content-Length lies, in either direction, and fetches them again', async () => {
    const { status, catalog, server, harness } = await syncThrough(
      {
        // A short Content-Length looks like a whole file; the server's digest header catches it
        // (the source publishes no digest for these files).
        digest: 'repr',
        fault: firstTry({ kind: 'length', delta: 500 }, (ctx) => Number(ctx.path.split('/')[3]) % 2 === 0),
      },
      { items: 10, filesPerItem: 1, sizeOf: () => 30_000, publishSha: () => false },
    );
    expect(status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, catalog)).toEqual([]);
    expect(server.log.filter((r) => r.fault === 'length').length).toBe(5);
  });

  it('catches a Content-Length that is too short by the digest and fetches the file again', async () => {
    const { status, catalog, server, harness } = await syncThrough(
      { digest: 'repr', fault: firstTry({ kind: 'length', delta: -500 }) },
      { items: 10, filesPerItem: 1, sizeOf: () => 30_000, publishSha: () => false },
    );
    expect(status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, catalog)).toEqual([]);
    expect(server.log.filter((r) => r.fault === 'length').length).toBe(10);
    expect(server.log.length).toBe(20);
  });

  it('restarts from the beginning when the server does not do ranges', async () => {
    const { status, catalog, server, harness } = await syncThrough(
      { range: false, fault: firstTry({ kind: 'reset', afterBytes: 20_000 }) },
      { items: 6, filesPerItem: 1, sizeOf: () => 60_000 },
    );
    expect(status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, catalog)).toEqual([]);
    expect(server.log.every((r) => r.status === 200)).toBe(true);
    expect(server.log.length).toBe(12);
  });

  it('gets a fresh link from the connector when a signed link has expired', async () => {
    const { items, files } = makeCatalog({ items: 5, filesPerItem: 1 });
    server = await startMediaServer(files, { signedTtlMs: 1 });
    harness = openHarness(tempDir(), { baseUrl: server.url, items, signedTtlMs: 60_000, listedTtlMs: -1000 });
    const { status } = await harness.sync();
    expect(status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, harness.catalog)).toEqual([]);
    expect(server.log.filter((r) => r.status === 403).length).toBe(5);
  });

  it('survives every fault at once, at random, and stores every item whole', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const faults: Fault[] = [
      { kind: 'status', status: 429, retryAfter: '0' },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 500 },
      { kind: 'reset', afterBytes: 3_000 },
      { kind: 'stall', afterBytes: 1_000 },
      { kind: 'truncate', afterBytes: 9_000 },
      { kind: 'length', delta: 200 },
      { kind: 'length', delta: -200 },
    ];
    const { status, catalog, server, harness } = await syncThrough(
      { fault: (ctx) => (ctx.n < 3 && random() < 0.5 ? faults[Math.floor(random() * faults.length)]! : null) },
      { items: 40, filesPerItem: 2, sizeOf: (i, j) => 12_000 + ((i * 31 + j * 7) % 20) * 1000 },
    );
    expect(status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, catalog)).toEqual([]);
    expect(new Set(server.log.map((r) => r.fault).filter(Boolean)).size).toBe(5);
    expect(leftovers(harness.library.blobs.root)).toEqual([]);
  });

  it('one file that cannot be had never stops the rest; it is listed with its reason and fetched next time', async () => {
    const spec = { items: 10, filesPerItem: 1 };
    const { items, files } = makeCatalog(spec);
    const missing = files[3]!;
    server = await startMediaServer(files.filter((f) => f !== missing));
    harness = openHarness(tempDir(), { baseUrl: server.url, items });
    const first = await harness.sync();
    expect(first.status).toBe('done');
    const problems = storageProblems(harness.library, harness.accountId, harness.catalog);
    expect(problems).toEqual([`${missing.path}: not attached`]);

    const failures = harness.library.db.prepare(`SELECT error FROM sync_jobs WHERE state = 'failed'`).pluck().all();
    expect(failures).toEqual([expect.stringContaining('HTTP 404')]);
    const run = harness.library.db.prepare(`SELECT errors FROM sync_runs WHERE id = ?`).pluck().get(first.runId) as string;
    expect(JSON.parse(run)).toEqual([{ item: '藏品 3', message: expect.stringContaining('HTTP 404') }]);
    expect(harness.progress.at(-1)).toMatchObject({ phase: 'done', itemsDone: 10, itemsFailed: 1, filesFailed: 1, filesDone: 9 });

    server.setFile(missing);
    server.log.length = 0;
    const second = await harness.sync();
    expect(second.status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, harness.catalog)).toEqual([]);
    expect(server.log.map((r) => r.path)).toEqual([missing.path]);
    expect(harness.library.db.prepare(`SELECT count(*) FROM sync_jobs`).pluck().get()).toBe(0);
  });
});

