// A sync that is paused, cancelled or run again: pause stops the network at once and resume
// continues the partial downloads with Range; a cancelled sync leaves its queue and partial files
// for the next one, which resumes them; a second sync fetches only what changed; the API shows
// where every run stands (for a UI that opens mid-sync).
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../main/api/contract.js';
import { callOperation } from '../../main/api/dispatch.js';
import type { ApiContext } from '../../main/api/handlers.js';
import { makeCatalog, type CatalogItem } from '../fixtures/media-connector.js';
import { mediaFile, pseudoRandomBytes, startMediaServer, type MediaServer } from '../fixtures/media-server.js';
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

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await delay(10);
  }
}

async function call<T>(h: Harness, name: string, input?: unknown): Promise<T> {
  const ctx: ApiContext = { library: h.library, sync: h.engine, events: h.events, shell: 'http' };
  const r = await callOperation(ctx, name, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.result as T;
}

/** Slow downloads: 10 files of 120 kB at 150 kB/s each. */
async function slowSetup() {
  const { items, files } = makeCatalog({ items: 10, filesPerItem: 1, sizeOf: () => 120_000 });
  server = await startMediaServer(files, { bytesPerSecond: 150_000 });
  harness = openHarness(tempDir(), { baseUrl: server.url, items });
  return { server, harness };
}

const rangeStart = (range: string | null) => (range ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0);

describe('sync pause, resume, cancel, and the next sync', () => {
  it('pause stops the downloads at once; resume continues them from where they stopped', async () => {
    const { server, harness } = await slowSetup();
    const [runId] = harness.engine.start(harness.accountId);
    await until('some bytes arrived', () => harness.engine.status().runs[0]!.bytesDone > 100_000);

    expect(await call(harness, 'sync.pause', {})).toEqual({ paused: 1 });
    expect(harness.progress.at(-1)).toMatchObject({ phase: 'paused', bytesPerSecond: 0 });
    const status = await call<SyncStatus>(harness, 'sync.status');
    expect(status.runs).toEqual([expect.objectContaining({ runId, phase: 'paused' })]);
    // Requests already on their way when the pause came may still reach the server.
    await delay(150);
    const requests = server.log.length;
    const bytes = harness.engine.status().runs[0]!.bytesDone;
    await delay(500);
    expect(server.log.length).toBe(requests);
    expect(harness.engine.status().runs[0]!.bytesDone).toBe(bytes);

    expect(await call(harness, 'sync.resume', {})).toEqual({ resumed: 1 });
    const [final] = await harness.engine.wait([runId!]);
    expect(final).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, harness.catalog)).toEqual([]);
    const resumed = server.log.slice(requests).filter((r) => r.status === 206);
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.every((r) => rangeStart(r.range) > 0)).toBe(true);
    // Resuming did not fetch the bytes again: one copy of each file went over the wire, plus what
    // was in flight on the 8 connections when the pause came (the server writes 64 kB chunks).
    expect(server.log.reduce((sum, r) => sum + r.bytesSent, 0)).toBeLessThan(10 * 120_000 + 8 * 64 * 1024 + 50_000);
  });

  it('a cancelled sync keeps its partial downloads; the next sync resumes them with Range', async () => {
    const { server, harness } = await slowSetup();
    const [runId] = harness.engine.start(harness.accountId);
    await until('some bytes arrived', () => harness.engine.status().runs[0]!.bytesDone > 200_000);
    expect(await call(harness, 'sync.cancel', { runId })).toEqual({ cancelled: 1 });
    expect(await harness.engine.wait([runId!])).toEqual(['cancelled']);

    const status = await call<SyncStatus>(harness, 'sync.status');
    expect(status.runs).toEqual([]);
    expect(status.pending).toEqual([{ accountId: harness.accountId, queued: expect.any(Number), failed: 0, partialBytes: expect.any(Number) }]);
    expect(status.pending[0]!.partialBytes).toBeGreaterThan(100_000);
    const partials = leftovers(harness.library.blobs.root).filter((f) => f.startsWith('.partial/'));
    expect(partials.length).toBeGreaterThan(0);
    const resumable = harness.library.db.prepare(`SELECT count(*) FROM sync_jobs WHERE state = 'queued' AND partial_bytes > 0`).pluck().get();
    expect(resumable).toBeGreaterThan(0);

    server.configure({ bytesPerSecond: 0 });
    const before = server.log.length;
    const next = await harness.sync();
    expect(next.status).toBe('done');
    expect(storageProblems(harness.library, harness.accountId, harness.catalog)).toEqual([]);
    const resumed = server.log.slice(before).filter((r) => rangeStart(r.range) > 0);
    expect(resumed.length).toBe(resumable);
    expect(resumed.every((r) => r.status === 206)).toBe(true);
    expect(leftovers(harness.library.blobs.root)).toEqual([]);
    expect((await call<SyncStatus>(harness, 'sync.status')).pending).toEqual([]);
  });

  it('closing the app mid-sync records the run as interrupted; the next start continues it by itself', async () => {
    const { server, harness: first } = await slowSetup();
    const dir = first.library.dir;
    const [runId] = first.engine.start(first.accountId);
    await until('some bytes arrived', () => first.engine.status().runs[0]!.bytesDone > 200_000);
    await first.close(); // what the shells do when the app quits
    harness = null;

    const next = openHarness(dir, first.catalog);
    harness = next;
    const [run] = await call<Array<{ id: number; status: string }>>(next, 'sync.runs', { limit: 1 });
    expect(run).toMatchObject({ id: runId, status: 'interrupted' });
    server.configure({ bytesPerSecond: 0 });
    const before = server.log.length;
    const resumed = next.engine.resumeInterrupted();
    expect(resumed).toHaveLength(1);
    expect(await next.engine.wait(resumed)).toEqual(['done']);
    expect(storageProblems(next.library, next.accountId, next.catalog)).toEqual([]);
    expect(server.log.slice(before).some((r) => r.status === 206 && rangeStart(r.range) > 0)).toBe(true);
    // Nothing is left to continue; a run the user cancelled is not continued by itself either.
    expect(next.engine.resumeInterrupted()).toEqual([]);
    const [again] = next.engine.start(next.accountId);
    next.engine.cancel(again);
    await next.engine.wait([again!]);
    expect(next.engine.resumeInterrupted()).toEqual([]);
  });

  it('a second sync fetches only what changed', async () => {
    const { items, files } = makeCatalog({ items: 20, filesPerItem: 1 });
    server = await startMediaServer(files);
    harness = openHarness(tempDir(), { baseUrl: server.url, items });
    expect((await harness.sync()).status).toBe('done');
    expect(server.log.length).toBe(20);

    // The source changes: one item renamed, one item's picture replaced, two items new.
    const changed: CatalogItem[] = structuredClone(items);
    changed[3]!.name = '藏品 3（改名）';
    const replaced = mediaFile('/media/s/5/0-v2.bin', pseudoRandomBytes('v2', 9000));
    server.setFile(replaced);
    changed[5]!.files[0] = { ...changed[5]!.files[0]!, path: replaced.path, size: replaced.size, sha256: replaced.sha256 };
    const added = makeCatalog({ items: 2, filesPerItem: 1, seed: 'new' });
    for (const f of added.files) server.setFile(f);
    added.items.forEach((item, i) => changed.push({ ...item, externalId: `new-${i}` }));
    harness.catalog = { ...harness.catalog, items: changed };

    server.log.length = 0;
    const second = await harness.sync();
    expect(second.status).toBe('done');
    expect(server.log.map((r) => r.path).sort()).toEqual([replaced.path, ...added.files.map((f) => f.path)].sort());
    const [run] = await call<Array<Record<string, unknown>>>(harness, 'sync.runs', { limit: 1 });
    expect(run).toMatchObject({ id: second.runId, status: 'done', itemsSeen: 22, itemsAdded: 2, itemsUpdated: 1, filesAdded: 3, errors: [] });
    expect(storageProblems(harness.library, harness.accountId, harness.catalog)).toEqual([]);

    server.log.length = 0;
    expect((await harness.sync()).status).toBe('done');
    expect(server.log).toEqual([]);
  });

  it('lists failed files with their reasons through the API, and the next sync retries them', async () => {
    const { items, files } = makeCatalog({ items: 6, filesPerItem: 2 });
    const broken = new Set([files[1]!.path, files[6]!.path]);
    server = await startMediaServer(files, { fault: (ctx) => (broken.has(ctx.path) ? { kind: 'status', status: 404 } : null) });
    harness = openHarness(tempDir(), { baseUrl: server.url, items });
    expect((await harness.sync()).status).toBe('done');

    const failures = await call<{ total: number; files: Array<Record<string, unknown>> }>(harness, 'sync.failures', {});
    expect(failures.total).toBe(2);
    expect(failures.files).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ itemName: '藏品 0', sourceUrl: `test-media:${files[1]!.path}`, reason: expect.stringMatching(/HTTP 404/), attempts: 1 }),
        expect.objectContaining({ itemName: '藏品 3', sourceUrl: `test-media:${files[6]!.path}`, reason: expect.stringMatching(/HTTP 404/), attempts: 1 }),
      ]),
    );
    expect((await call<SyncStatus>(harness, 'sync.status')).pending).toEqual([{ accountId: harness.accountId, queued: 0, failed: 2, partialBytes: 0 }]);
    const item = await call<{ syncError: string | null }>(harness, 'items.get', { id: failures.files[0]!.itemId });
    expect(item.syncError).toMatch(/HTTP 404/);

    broken.clear();
    server.log.length = 0;
    expect((await harness.sync()).status).toBe('done');
    expect(server.log.map((r) => r.path).sort()).toEqual([files[1]!.path, files[6]!.path].sort());
    expect((await call<{ total: number }>(harness, 'sync.failures', {})).total).toBe(0);
    expect(storageProblems(harness.library, harness.accountId, harness.catalog)).toEqual([]);
    expect((await call<{ syncError: string | null }>(harness, 'items.get', { id: failures.files[0]!.itemId })).syncError).toBeNull();
  });
});
