import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/api/backend.js';
import { contract, operationNames } from '../../main/api/contract.js';
import { handlers } from '../../main/api/handlers.js';
import { seededBackend } from '../helpers/seed.js';

let backend: Backend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

describe('API table', () => {
  it('implements every operation of the contract, and nothing else', () => {
    expect(Object.keys(handlers).sort()).toEqual([...operationNames].sort());
    expect(operationNames.length).toBe(Object.keys(contract).length);
  });

  it('lists and searches items through the table', async () => {
    ({ backend } = await seededBackend());
    const r = await backend.call('items.list', { query: '飞天' });
    expect(r.ok && r.result).toMatchObject({ total: 1, items: [{ name: '敦煌飞天·其一', serial: '#12/10000', evidenceLevel: 0, held: true }] });
    const all = await backend.call('items.list', {});
    expect(all.ok && (all.result as { total: number }).total).toBe(2);
  });

  it('returns an item with its files and where they are stored', async () => {
    let itemId: string, blobSha: string;
    ({ backend, itemId, blobSha } = await seededBackend());
    const r = await backend.call('items.get', { id: itemId });
    expect(r.ok).toBe(true);
    const item = (r as { result: { files: Array<{ sha256: string; path: string }>; preview: { sha256: string } } }).result;
    expect(item.files[0]?.sha256).toBe(blobSha);
    expect(item.files[0]?.path).toContain(blobSha);
    expect(item.preview.sha256).toBe(blobSha);
  });

  it('rejects invalid input with a clear error naming the field, and never throws', async () => {
    ({ backend } = await seededBackend());
    const bad = await backend.call('items.list', { limit: 100000, sort: 'price' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe('invalid_input');
    expect(!bad.ok && bad.error.message).toMatch(/limit/);
    expect(!bad.ok && bad.error.message).toMatch(/sort/);

    const extra = await backend.call('items.get', { id: 'x', evil: true });
    expect(!extra.ok && extra.error.code).toBe('invalid_input');
    const wrongType = await backend.call('items.get', 'x');
    expect(!wrongType.ok && wrongType.error.code).toBe('invalid_input');
  });

  it('answers unknown operations and missing items with typed errors', async () => {
    ({ backend } = await seededBackend());
    const unknown = await backend.call('__proto__', {});
    expect(!unknown.ok && unknown.error.code).toBe('unknown_operation');
    const missing = await backend.call('items.get', { id: 'nope' });
    expect(!missing.ok && missing.error).toEqual({ code: 'not_found', message: 'item "nope" was not found' });
  });

  it('reports the library in app.info', async () => {
    ({ backend } = await seededBackend());
    const r = await backend.call('app.info', undefined);
    expect(r.ok && r.result).toMatchObject({ name: 'Holdfast', itemCount: 2, fileCount: 1, storageBytes: 1000, shell: 'http' });
  });

  it('keeps a server on the library it was started with: library.choose answers native: false', async () => {
    ({ backend } = await seededBackend());
    const before = await backend.call('app.info', undefined);
    expect(await backend.call('library.choose', {})).toEqual({ ok: true, result: { switched: false, native: false } });
    expect(await backend.call('app.info', undefined)).toEqual(before);
  });
});
