// The built-in demo library, created through the real sync path into real folders, with its
// custodial-platform account made by signing in to the platform emulator (started and stopped
// in this process by the demo).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ItemDetail, ItemSummary } from '../../main/api/contract.js';
import { createDemoLibrary } from '../../main/core/demo/create-demo.js';
import { DEMO_PLATFORM_ACCOUNT_ID } from '../../main/core/demo/demo-platform.js';
import { suiteTempDir, tempDir } from '../helpers/tmp.js';
import { callOk as call } from '../helpers/seed.js';

let backend: Backend;
let items: ItemSummary[];

const blobNames = (dir: string) =>
  readdirSync(join(dir, 'blobs'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.includes('.tmp'))
    .map((e) => e.name)
    .sort();

const demo = (b: Backend) => createDemoLibrary(b.ctx.library, b.ctx.sync, { platform: true });

beforeAll(async () => {
  const root = suiteTempDir('holdfast-demo-');
  // The demo signs in to the emulator for real: its session goes to this app-data folder.
  process.env.HOLDFAST_DATA_DIR = join(root, 'app-data');
  backend = openBackend(join(root, 'lib'), 'http');
  const result = await demo(backend);
  expect(result.failed).toEqual([]);
  items = (await call<{ items: ItemSummary[] }>(backend, 'items.list', { limit: 500 })).items;
}, 120_000);

afterAll(() => backend?.close());

describe('demo library', () => {
  it('has at least 24 items across at least two platforms', async () => {
    expect(items.length).toBeGreaterThanOrEqual(24);
    const platforms = await call<Array<{ id: string; itemCount: number }>>(backend, 'platforms.list');
    expect(platforms.filter((p) => p.itemCount > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('has every kind of media a collector meets, stored with the right type', async () => {
    const details = await Promise.all(items.map((i) => call<ItemDetail>(backend, 'items.get', { id: i.id })));
    const mimes = new Set(details.flatMap((d) => d.files.map((f) => f.mime)));
    for (const mime of ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml', 'image/gif', 'model/gltf-binary', 'video/mp4']) {
      expect(mimes, mime).toContain(mime);
    }
    expect([...mimes].some((m) => m.startsWith('audio/'))).toBe(true);
    expect(details.filter((d) => d.mediaType === 'model' && d.files.some((f) => f.mime === 'model/gltf-binary')).length).toBeGreaterThanOrEqual(4);
    // Every item has something to show in the grid.
    expect(items.filter((i) => i.preview === null).map((i) => i.name)).toEqual([]);
  });

  it('carries realistic metadata in Chinese and English', async () => {
    const details = await Promise.all(items.map((i) => call<ItemDetail>(backend, 'items.get', { id: i.id })));
    expect(details.some((d) => /[\u4e00-\u9fff]/.test(d.name))).toBe(true);
    expect(details.some((d) => /^[\x20-\x7e]+$/.test(d.name))).toBe(true);
    for (const d of details) {
      expect(d.serial, d.name).toMatch(/^#\d+\/\d+$/);
      expect(d.contract, d.name).toMatch(/^0x[0-9a-f]{40}$/);
      expect(d.txHash, d.name).toMatch(/^0x[0-9a-f]{64}$/);
      expect(d.tokenId, d.name).toMatch(/^\d+$/);
      expect(d.chain, d.name).toBeTruthy();
      expect(d.creator && d.issuer, d.name).toBeTruthy();
    }
    // Custodial items carry their platform certificate (L1); nothing claims proofs it lacks.
    expect(details.filter((d) => d.evidence.some((e) => e.kind === 'certificate')).every((d) => d.evidenceLevel === 1)).toBe(true);
    expect(details.every((d) => d.evidenceLevel <= 1)).toBe(true);
  });

  it('has a custodial-platform account, signed in by SMS to the emulator, with items, certificates and media', async () => {
    const accounts = await call<Array<{ id: string; kind: string; status: string; heldCount: number; name: string }>>(backend, 'accounts.list');
    const platform = accounts.find((a) => a.id === DEMO_PLATFORM_ACCOUNT_ID);
    expect(platform).toMatchObject({ kind: 'platform', status: 'ok', heldCount: 7 });
    const mine = await Promise.all(items.filter((i) => i.accountId === DEMO_PLATFORM_ACCOUNT_ID).map((i) => call<ItemDetail>(backend, 'items.get', { id: i.id })));
    expect(mine).toHaveLength(7);
    expect(new Set(mine.map((d) => d.mediaType))).toEqual(new Set(['image', 'model', 'video', 'audio']));
    for (const d of mine) {
      const certificate = d.evidence.find((e) => e.kind === 'certificate');
      expect(certificate?.summary, d.name).toMatchObject({ certificateNo: expect.stringMatching(/^CERT-/), serial: d.serial, chain: d.chain, txHash: d.txHash, tokenId: d.tokenId });
      expect(d.evidenceLevel).toBe(1);
      // What the platform gave (previews may add thumbnails and AR files beside it).
      const fromPlatform = d.files.filter((f) => ['image', 'model', 'video', 'audio', 'poster'].includes(f.role));
      expect(fromPlatform.length, d.name).toBe(d.mediaType === 'image' ? 1 : 2);
    }
    expect(mine.flatMap((d) => d.files.map((f) => f.mime))).toEqual(expect.arrayContaining(['model/gltf-binary', 'video/mp4', 'image/jpeg']));
  });

  it("the platform's certificates name their media's SHA-256, and a bundle of the account verifies them", async () => {
    const mine = items.filter((i) => i.accountId === DEMO_PLATFORM_ACCOUNT_ID);
    for (const item of mine) {
      const detail = await call<ItemDetail>(backend, 'items.get', { id: item.id });
      expect(detail.evidence.filter((e) => e.kind === 'certificate'), item.name).toHaveLength(1);
      const fromPlatform = detail.files.filter((f) => ['image', 'model', 'video', 'audio', 'poster'].includes(f.role));
      const checked = await call<{ checks: Array<{ kind: string; ok: boolean | null; message: string }> }>(backend, 'evidence.verify', { itemId: item.id });
      expect(checked.checks.find((c) => c.kind === 'certificate'), item.name).toMatchObject({
        ok: true,
        message: expect.stringContaining(`certificate's ${fromPlatform.length} media hash${fromPlatform.length === 1 ? '' : 'es'} match`),
      });
    }
    const out = join(tempDir('holdfast-demo-bundle-'), 'platform.zip');
    await call(backend, 'bundle.export', { accountId: DEMO_PLATFORM_ACCOUNT_ID, out });
    const report = await call<{ ok: boolean; problems: string[]; rows: Array<{ evidence: Array<{ kind: string; outcome: string; detail: string }> }> }>(backend, 'bundle.verify', { path: out });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const certificates = report.rows.flatMap((r) => r.evidence.filter((e) => e.kind === 'certificate'));
    expect(certificates).toHaveLength(7);
    for (const c of certificates) expect(c).toMatchObject({ outcome: 'verified', detail: expect.stringMatching(/media hash(es)? match the item's files/) });
  });

  it('after the demo, a sync of the platform account says the emulator is gone and keeps its items', async () => {
    const [runId] = backend.ctx.sync.start(DEMO_PLATFORM_ACCOUNT_ID);
    expect(await backend.ctx.sync.wait([runId!])).toEqual(['failed']);
    const accounts = await call<Array<{ id: string; status: string; statusMessage: string | null; heldCount: number }>>(backend, 'accounts.list');
    expect(accounts.find((a) => a.id === DEMO_PLATFORM_ACCOUNT_ID)).toMatchObject({ status: 'error', statusMessage: expect.stringMatching(/run `holdfast demo` again/), heldCount: 7 });
  });

  it('is the same every time, and a second run adds and downloads nothing', async () => {
    const again = await demo(backend);
    expect(again.items).toBe(items.length);
    const accounts = await call<Array<{ id: string; status: string }>>(backend, 'accounts.list');
    expect(accounts.every((a) => a.status === 'ok')).toBe(true); // the demo signed the platform account in again
    const runs = await call<Array<{ itemsAdded: number; itemsUpdated: number; filesAdded: number; status: string }>>(backend, 'sync.runs', { limit: accounts.length });
    for (const run of runs) expect(run).toMatchObject({ status: 'done', itemsAdded: 0, itemsUpdated: 0, filesAdded: 0 });

    const other = openBackend(join(tempDir('holdfast-demo-'), 'lib'), 'http');
    try {
      expect((await demo(other)).failed).toEqual([]);
      expect(blobNames(other.ctx.library.dir)).toEqual(blobNames(backend.ctx.library.dir));
    } finally {
      await other.close();
    }
  }, 120_000);
});
