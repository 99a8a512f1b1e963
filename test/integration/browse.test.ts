// The catalog behind the library's pages, on real SQLite files: listing with every filter, sort
// and search checked against a plain reference implementation (whichever way listItems reads a
// page, the answer is the same), storage and counts per account and collection, settings,
// revealing files, framed HTML artworks, and the upgrade of a library made before migration 4.
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ItemSummary, ListItemsInput, MediaType } from '../../main/api/contract.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { addEvidence, attachFile, listItems, setItemSyncError, upsertItem, type HoldingRecord } from '../../main/core/db/items.js';
import { migrations } from '../../main/core/db/migrations.js';
import { Library } from '../../main/core/library.js';
import { SETTINGS_FILE } from '../../main/core/settings/library-settings.js';
import { startServer, type RunningServer } from '../../main/http/server.js';
import { suiteTempDir, tempDir } from '../helpers/tmp.js';

// ── A library with many ties and gaps, and a reference of what every listing must return ──

interface Row {
  rowid: number;
  id: string;
  accountId: string;
  platform: string;
  record: HoldingRecord;
  held: boolean;
  level: number;
  syncFailed: boolean;
}

const WORDS = ['敦煌', '飞天', '龙', '青花', 'Harbor', 'lights', 'Dragon', 'jade', '#12', 'x·y', '山水'];
let library: Library;
let rows: Row[];

function seedRandom(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2 ** 31;
    return a / 2 ** 31;
  };
}

beforeAll(() => {
  library = Library.open(join(suiteTempDir(), 'lib'));
  const { db } = library;
  const random = seedRandom(7);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (const p of ['p-b', 'p-a', 'p-c']) upsertPlatform(db, { id: p, name: p, kind: 'custodial' });
  for (const a of ['acc1', 'acc2', 'acc3', 'acc4']) upsertAccount(db, { id: a, kind: 'platform', platformId: `p-${'abca'[Number(a.at(-1)) - 1]}`, name: a });
  rows = [];
  db.transaction(() => {
    for (let n = 0; n < 420; n++) {
      const accountId = `acc${1 + (n % 4)}`;
      const platform = `p-${'abca'[n % 4]}`;
      const record: HoldingRecord = {
        externalId: `e${n}`,
        name: `${pick(WORDS)}${random() < 0.5 ? ' ' : ''}${pick(WORDS)}`,
        creator: random() < 0.7 ? pick(WORDS) : null,
        collection: random() < 0.8 ? pick(['Alpha', 'beta', '器物之美', 'Gamma']) : null,
        description: random() < 0.5 ? `about ${pick(WORDS)} and ${pick(WORDS)}` : null,
        serial: random() < 0.5 ? `#${n % 17}/100` : null,
        chain: random() < 0.75 ? pick(['至信链', 'Ethereum', 'polygon']) : null,
        tokenId: String(n % 50),
        contract: random() < 0.3 ? '0xAbCd000000000000000000000000000000000001' : null,
        mediaType: pick<MediaType>(['image', 'model', 'video', 'audio', 'html']),
        // Few distinct dates: ties are the rule, so tie-breaks are checked too.
        acquiredAt: random() < 0.85 ? `2023-0${1 + Math.floor(random() * 4)}-01T00:00:00.000Z` : null,
      };
      const { id } = upsertItem(db, accountId, platform, record);
      const level = Math.floor(random() * 4);
      if (level > 0) addEvidence(db, id, { kind: `k${level}`, level, verified: level > 1 ? true : null });
      const syncFailed = random() < 0.1;
      if (syncFailed) setItemSyncError(db, id, 'HTTP 404');
      rows.push({ rowid: n + 1, id, accountId, platform, record, held: true, level, syncFailed });
    }
    for (const r of rows) {
      if (r.rowid % 9 === 0) {
        db.prepare('UPDATE items SET held = 0 WHERE id = ?').run(r.id);
        r.held = false;
      }
    }
  })();
});

const lower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const bytes = (s: string | null | undefined) => Buffer.from(s ?? '');

function textMatches(r: Row, term: string): boolean {
  const fields = [r.record.name, r.record.creator, r.record.issuer, r.record.collection, r.record.description, r.record.serial];
  return fields.some((f) => f != null && lower(f).includes(lower(term)));
}

function reference(input: ListItemsInput): { total: number; ids: string[] } {
  const terms = [...(input.query ?? '').matchAll(/"([^"]+)"|(\S+)/g)].map((m) => (m[1] ?? m[2])!.trim()).filter(Boolean);
  const single = terms.length === 1 && /^(0x[0-9a-fA-F]+|\d+)$/.test(terms[0]!) ? terms[0]! : null;
  const hits = rows.filter((r) => {
    if (input.accountId !== undefined && r.accountId !== input.accountId) return false;
    if (input.platform !== undefined && r.platform !== input.platform) return false;
    if (input.chain !== undefined && r.record.chain !== input.chain) return false;
    if (input.collection !== undefined && r.record.collection !== input.collection) return false;
    if (input.mediaType !== undefined && r.record.mediaType !== input.mediaType) return false;
    if (input.evidenceLevel !== undefined && r.level !== input.evidenceLevel) return false;
    if (input.held !== undefined && r.held !== input.held) return false;
    if (input.syncFailed !== undefined && r.syncFailed !== input.syncFailed) return false;
    if (single !== null) {
      const id = lower(single);
      if (textMatches(r, single) || r.record.tokenId === single || lower(r.record.contract ?? '') === id) return true;
      return false;
    }
    return terms.every((t) => textMatches(r, t));
  });
  const desc = input.order === 'desc';
  const acquiredDesc = (a: Row, b: Row) => {
    const x = a.record.acquiredAt ?? null;
    const y = b.record.acquiredAt ?? null;
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? 1 : -1;
  };
  const cmp = (x: Buffer, y: Buffer) => Buffer.compare(x, y);
  const nullsLast = (x: string | null | undefined, y: string | null | undefined, dir: 1 | -1) =>
    x == null && y == null ? 0 : x == null ? 1 : y == null ? -1 : dir * cmp(bytes(x), bytes(y));
  const sorters: Record<string, (a: Row, b: Row) => number> = {
    acquired: desc
      ? (a, b) => acquiredDesc(a, b) || cmp(bytes(a.id), bytes(b.id))
      : (a, b) => nullsLast(a.record.acquiredAt, b.record.acquiredAt, 1) || a.rowid - b.rowid,
    name: desc
      ? (a, b) => cmp(bytes(lower(b.record.name)), bytes(lower(a.record.name))) || cmp(bytes(b.id), bytes(a.id))
      : (a, b) => cmp(bytes(lower(a.record.name)), bytes(lower(b.record.name))) || cmp(bytes(a.id), bytes(b.id)),
    platform: (a, b) => (desc ? -1 : 1) * cmp(bytes(a.platform), bytes(b.platform)) || acquiredDesc(a, b) || a.rowid - b.rowid,
    chain: (a, b) => nullsLast(a.record.chain, b.record.chain, desc ? -1 : 1) || acquiredDesc(a, b) || a.rowid - b.rowid,
  };
  const sorted = [...hits].sort(sorters[input.sort ?? 'acquired']);
  const offset = input.offset ?? 0;
  return { total: hits.length, ids: sorted.slice(offset, offset + (input.limit ?? 100)).map((r) => r.id) };
}

describe('listing the library', () => {
  it('answers every combination of filter, search, sort and page like the reference', () => {
    const filters: Array<Partial<ListItemsInput>> = [
      {},
      { held: false },
      { held: true },
      { mediaType: 'model' },
      { evidenceLevel: 2 },
      { syncFailed: true },
      { accountId: 'acc2' },
      { platform: 'p-a' },
      { chain: '至信链' },
      { collection: '器物之美' },
      { collection: 'beta', held: true },
    ];
    const queries = [undefined, '龙', '飞天', '敦煌飞', 'harbor', 'DRAGON jade', 'x·y', '#12', '12', 'ab', '0xabcd000000000000000000000000000000000001', '山 lights', '"jade d"', 'zzz'];
    // Every query without filters; a few with each filter (a page is read either by walking a
    // sort index or by sorting the matches, depending on the counts: both ways occur here).
    const fewQueries = [undefined, '龙', 'harbor', '山 lights', '12'];
    let checked = 0;
    for (const filter of filters) {
      for (const query of Object.keys(filter).length ? fewQueries : queries) {
        for (const sort of ['acquired', 'name', 'platform', 'chain'] as const) {
          for (const order of ['asc', 'desc'] as const) {
            for (const [offset, limit] of [
              [0, 20],
              [150, 60],
            ] as const) {
              const input = { ...filter, ...(query ? { query } : {}), sort, order, offset, limit };
              const got = listItems(library.db, input);
              const want = reference(input);
              expect({ total: got.total, ids: got.items.map((i) => i.id) }, JSON.stringify(input)).toEqual(want);
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(((filters.length - 1) * fewQueries.length + queries.length) * 4 * 2 * 2);
  });

  it('finds one- and two-character terms through an index, punctuation included', () => {
    const names = (query: string) => listItems(library.db, { query, sort: 'name', order: 'asc', offset: 0, limit: 500 }).items.map((i) => i.name);
    // "x·y" is found as written; "xy" (no dot) is not text anywhere.
    expect(names('x·y').length).toBeGreaterThan(0);
    expect(names('xy')).toEqual([]);
    const plan = (sql: string) => (library.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((p) => p.detail).join(' | ');
    expect(plan(`SELECT rowid FROM items_chars WHERE items_chars MATCH '"飞 天"'`)).toMatch(/VIRTUAL TABLE INDEX/);
  });

  it('marks items whose last sync failed', () => {
    const failed = listItems(library.db, { syncFailed: true, sort: 'acquired', order: 'desc', offset: 0, limit: 500 });
    expect(failed.total).toBe(rows.filter((r) => r.syncFailed).length);
    expect(failed.items.every((i: ItemSummary) => i.syncFailed === true)).toBe(true);
  });
});

// ── Pages, settings and files over the API table ─────────────────────────────────────────

let backend: Backend | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  await backend?.close();
  server = backend = undefined;
});

async function call<T>(name: string, input?: unknown): Promise<T> {
  const result = await backend!.call(name, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.result as T;
}

async function smallLibrary() {
  backend = openBackend(tempDir(), 'http');
  const { db, blobs } = backend.ctx.library;
  upsertPlatform(db, { id: 'p1', name: 'One', kind: 'custodial' });
  upsertAccount(db, { id: 'a1', kind: 'platform', platformId: 'p1', name: 'first' });
  upsertAccount(db, { id: 'a2', kind: 'platform', platformId: 'p1', name: 'second' });
  const image = await blobs.put(Buffer.alloc(1000, 1));
  const model = await blobs.put(Buffer.alloc(5000, 2));
  const cert = await blobs.put(Buffer.alloc(300, 3));
  const add = (account: string, n: number, h: Partial<HoldingRecord>) => upsertItem(db, account, 'p1', { externalId: String(n), name: `item ${n}`, mediaType: 'image', ...h }).id;
  const i1 = add('a1', 1, { collection: '器物之美', chain: '至信链', acquiredAt: '2023-01-01T00:00:00Z' });
  const i2 = add('a1', 2, { collection: '器物之美', chain: '至信链', acquiredAt: '2024-01-01T00:00:00Z' });
  const i3 = add('a2', 3, { collection: 'Other', chain: 'Ethereum' });
  attachFile(db, i1, { role: 'image', ...image, mime: 'image/png' });
  attachFile(db, i2, { role: 'model', ...model, mime: 'model/gltf-binary' });
  attachFile(db, i2, { role: 'thumbnail', ...image, mime: 'image/webp' });
  addEvidence(db, i2, { kind: 'certificate', level: 1, file: { ...cert, mime: 'application/json' } });
  db.prepare('UPDATE items SET held = 0 WHERE id = ?').run(i3);
  return { i1, i2, i3, image, model, cert };
}

describe('library pages over the API', () => {
  it('counts items and storage per account and per collection, and lists chains', async () => {
    const { image } = await smallLibrary();
    const accounts = await call<Array<{ id: string; itemCount: number; heldCount: number; storageBytes: number }>>('accounts.list');
    expect(accounts.map((a) => [a.id, a.itemCount, a.heldCount, a.storageBytes])).toEqual([
      ['a1', 2, 2, 1000 + 5000 + 1000 + 300],
      ['a2', 1, 0, 0],
    ]);
    const { total, collections } = await call<{ total: number; collections: Array<Record<string, unknown>> }>('collections.list');
    expect(total).toBe(2);
    expect(collections[0]).toMatchObject({ name: '器物之美', platform: 'p1', itemCount: 2, heldCount: 2, storageBytes: 7300 });
    // The newest item's thumbnail stands for the collection.
    expect((collections[0]!.preview as { sha256: string }).sha256).toBe(image.sha256);
    expect(collections[1]).toMatchObject({ name: 'Other', itemCount: 1, heldCount: 0, storageBytes: 0, preview: null });
    expect((await call<{ total: number }>('collections.list', { query: '器物' })).total).toBe(1);
    expect(await call('chains.list')).toEqual([
      { chain: '至信链', itemCount: 2 },
      { chain: 'Ethereum', itemCount: 1 },
    ]);
    // Removing a file takes its bytes off.
    backend!.ctx.library.db.prepare(`DELETE FROM media_files WHERE role = 'model'`).run();
    expect((await call<Array<{ storageBytes: number }>>('accounts.list'))[0]!.storageBytes).toBe(2300);
  });

  it('keeps settings in the library folder, validates them, and survives a damaged file', async () => {
    await smallLibrary();
    const defaults = await call<{ language: string; ipfsGateways: string[] }>('settings.get');
    expect(defaults.language).toBe('auto');
    const changed = await call<{ language: string; maxFileMb: number }>('settings.set', { language: 'zh-CN', maxFileMb: 64 });
    expect(changed).toMatchObject({ language: 'zh-CN', maxFileMb: 64, ipfsGateways: defaults.ipfsGateways });
    expect(await call('settings.get')).toEqual(changed);
    await expect(call('settings.set', { ipfsGateways: ['ftp://nope'] })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call('settings.set', { language: 'fr' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call('settings.set', { theme: 'dark' })).rejects.toMatchObject({ code: 'invalid_input' });
    // One bad field in a hand-edited file costs only that field.
    writeFileSync(join(backend!.ctx.library.dir, SETTINGS_FILE), JSON.stringify({ language: 'en', maxFileMb: -3 }));
    expect(await call('settings.get')).toMatchObject({ language: 'en', maxFileMb: 2048 });
    writeFileSync(join(backend!.ctx.library.dir, SETTINGS_FILE), '{ not json');
    expect(await call('settings.get')).toMatchObject({ language: 'auto' });
  });

  it('answers files.reveal with the path in the browser shell, and only for files of the library', async () => {
    const { model } = await smallLibrary();
    expect(await call('files.reveal', { sha256: model.sha256 })).toEqual({ revealed: false, path: backend!.ctx.library.blobs.pathOf(model.sha256) });
    await expect(call('files.reveal', { sha256: 'a'.repeat(64) })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('files.reveal', { sha256: '../x' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('serves an HTML artwork to the app frame with scripts but no network, and never as a page', async () => {
    await smallLibrary();
    const { db, blobs } = backend!.ctx.library;
    const html = await blobs.put('<!doctype html><script>document.body.textContent = 1</script>');
    const id = upsertItem(db, 'a1', 'p1', { externalId: 'html', name: 'art', mediaType: 'html' }).id;
    attachFile(db, id, { role: 'animation', ...html, mime: 'text/html' });
    server = await startServer({ backend: backend!, rendererDir: tempDir() });
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${server!.port}${path}`, { headers: { Authorization: `Bearer ${server!.token}`, ...headers } });

    const framed = await get(`/media/${html.sha256}?frame=1`, { 'Sec-Fetch-Dest': 'iframe' });
    const csp = framed.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/sandbox allow-scripts(;|$)/);
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toMatch(/allow-same-origin|https?:/);

    for (const [path, headers] of [
      [`/media/${html.sha256}`, {}],
      [`/media/${html.sha256}?frame=1`, { 'Sec-Fetch-Dest': 'document' }],
    ] as const) {
      const plain = await get(path, headers);
      expect(plain.headers.get('content-security-policy')).toMatch(/; sandbox$/);
      expect(plain.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

describe('a library made before the browsing indexes', () => {
  it('gets its search index and storage figures on upgrade', () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'holdfast.sqlite'));
    for (const m of migrations.filter((m) => m.version < 4)) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    db.exec(`INSERT INTO platforms (id, name, kind) VALUES ('p', 'P', 'custodial');
      INSERT INTO accounts (id, kind, platform_id, name, created_at, updated_at) VALUES ('a', 'platform', 'p', 'A', 'now', 'now');
      INSERT INTO items (id, account_id, platform_id, external_id, name, media_type, first_seen_at, last_seen_at, updated_at)
        VALUES ('i1', 'a', 'p', '1', '敦煌飞天·其一', 'image', 'now', 'now', 'now');
      INSERT INTO media_files (item_id, role, sha256, mime, size, added_at) VALUES ('i1', 'image', '${'a'.repeat(64)}', 'image/png', 4242, 'now');`);
    db.close();
    const upgraded = Library.open(dir);
    try {
      expect(listItems(upgraded.db, { query: '飞天', sort: 'acquired', order: 'desc', offset: 0, limit: 10 }).total).toBe(1);
      expect(listItems(upgraded.db, { query: '敦', sort: 'acquired', order: 'desc', offset: 0, limit: 10 }).total).toBe(1);
      expect(upgraded.db.prepare(`SELECT storage_bytes FROM items WHERE id = 'i1'`).pluck().get()).toBe(4242);
    } finally {
      upgraded.close();
    }
  });
});
