// The built-in demo library, created through the real sync path into real folders.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ItemDetail, ItemSummary } from '../../main/api/contract.js';
import { createDemoLibrary } from '../../main/core/demo/create-demo.js';
import { suiteTempDir, tempDir } from '../helpers/tmp.js';

let backend: Backend;
let items: ItemSummary[];

async function call<T>(b: Backend, name: string, input?: unknown): Promise<T> {
  const r = await b.call(name, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.result as T;
}

const blobNames = (dir: string) =>
  readdirSync(join(dir, 'blobs'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.parentPath.includes('.tmp'))
    .map((e) => e.name)
    .sort();

beforeAll(async () => {
  backend = openBackend(join(suiteTempDir('holdfast-demo-'), 'lib'), 'http');
  const result = await createDemoLibrary(backend.ctx.library, backend.ctx.sync);
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

  it('is the same every time, and a second run adds and downloads nothing', async () => {
    const again = await createDemoLibrary(backend.ctx.library, backend.ctx.sync);
    expect(again.items).toBe(items.length);
    const runs = await call<Array<{ itemsAdded: number; itemsUpdated: number; filesAdded: number; status: string }>>(backend, 'sync.runs', { limit: 3 });
    for (const run of runs) expect(run).toMatchObject({ status: 'done', itemsAdded: 0, itemsUpdated: 0, filesAdded: 0 });

    const other = openBackend(join(tempDir('holdfast-demo-'), 'lib'), 'http');
    try {
      await createDemoLibrary(other.ctx.library, other.ctx.sync);
      expect(blobNames(other.ctx.library.dir)).toEqual(blobNames(backend.ctx.library.dir));
    } finally {
      await other.close();
    }
  }, 120_000);
});
