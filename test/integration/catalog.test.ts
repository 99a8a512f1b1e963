import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { openCatalogDb, schemaVersion } from '../../main/core/db/catalog.js';
import { addEvidence, getItem, listItems, markNotHeldExcept, upsertItem, type HoldingRecord } from '../../main/core/db/items.js';
import { latestSchemaVersion } from '../../main/core/db/migrations.js';
import { HoldfastError } from '../../main/core/errors.js';
import { Library } from '../../main/core/library.js';
import { tempDir } from '../helpers/tmp.js';

const holding = (externalId: string, name: string, extra: Partial<HoldingRecord> = {}): HoldingRecord => ({
  externalId,
  name,
  mediaType: 'image',
  ...extra,
});

function seeded() {
  const library = Library.open(tempDir());
  upsertPlatform(library.db, { id: 'p1', name: 'Platform One', kind: 'custodial' });
  upsertAccount(library.db, { id: 'a1', kind: 'platform', platformId: 'p1', name: 'me' });
  const add = (h: HoldingRecord) => upsertItem(library.db, 'a1', 'p1', h).id;
  return { library, add };
}

const page = { sort: 'name', order: 'asc', offset: 0, limit: 100 } as const;

describe('catalog', () => {
  it('migrates an empty file to the latest schema in WAL mode', () => {
    const path = join(tempDir(), 'c.sqlite');
    writeFileSync(path, '');
    const db = openCatalogDb(path);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'items', 'media_files', 'evidence', 'sync_runs', 'items_fts']));
    db.close();
    // Re-opening applies nothing twice.
    const again = openCatalogDb(path);
    expect(schemaVersion(again)).toBe(latestSchemaVersion);
    again.close();
  });

  it('refuses a file that is not a catalog, without touching it', () => {
    const path = join(tempDir(), 'notes.sqlite');
    writeFileSync(path, 'my precious notes');
    expect(() => openCatalogDb(path)).toThrow(/not a Holdfast catalog/);
    expect(() => openCatalogDb(path)).toThrow(HoldfastError);
  });

  it('refuses a catalog written by a newer version', () => {
    const path = join(tempDir(), 'c.sqlite');
    const db = openCatalogDb(path);
    db.pragma(`user_version = ${latestSchemaVersion + 5}`);
    db.close();
    expect(() => openCatalogDb(path)).toThrow(/newer Holdfast/);
  });

  it('refuses to turn a non-empty folder into a library', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'thesis.docx'), 'x');
    expect(() => Library.open(dir)).toThrow(/not empty and is not a Holdfast library/);
  });

  it('finds Chinese and English text, by substring, in any searchable field', () => {
    const { library, add } = seeded();
    const feitian = add(holding('1', '敦煌飞天·其一', { creator: '李青', collection: '敦煌印象' }));
    const vase = add(holding('2', '青花缠枝莲纹瓶', { creator: '景德镇数字工坊', description: 'Ming dynasty blue and white vase' }));
    const harbor = add(holding('3', 'Harbor Lights #88', { creator: 'harbor.eth', serial: '#88/512' }));
    const ids = (query: string) => listItems(library.db, { ...page, query }).items.map((i) => i.id).sort();

    expect(ids('飞天')).toEqual([feitian]); // two characters: below the trigram size
    expect(ids('敦煌印象')).toEqual([feitian]); // collection, four characters, via FTS
    expect(ids('缠枝莲')).toEqual([vase]);
    expect(ids('景德镇')).toEqual([vase]);
    expect(ids('harbor')).toEqual([harbor]);
    expect(ids('HARBOR lights')).toEqual([harbor]); // case-insensitive, every term must match
    expect(ids('vase')).toEqual([vase]); // description
    expect(ids('#88')).toEqual([harbor]);
    expect(ids('飞天 harbor')).toEqual([]);
    expect(ids('100%_"')).toEqual([]); // special characters are text, not syntax
    expect(listItems(library.db, { ...page }).total).toBe(3);
  });

  it('updates search when an item is renamed', () => {
    const { library, add } = seeded();
    add(holding('1', '旧名字测试'));
    add(holding('1', '新名字测试'));
    expect(listItems(library.db, { ...page, query: '旧名字' }).total).toBe(0);
    expect(listItems(library.db, { ...page, query: '新名字' }).total).toBe(1);
  });

  it('never deletes an item that is no longer held; marks it and keeps it findable', () => {
    const { library, add } = seeded();
    const keep = add(holding('1', 'kept'));
    const gone = add(holding('2', 'sold'));
    expect(markNotHeldExcept(library.db, 'a1', new Set([keep]))).toBe(1);
    const all = listItems(library.db, { ...page });
    expect(all.total).toBe(2);
    expect(all.items.find((i) => i.id === gone)?.held).toBe(false);
    expect(listItems(library.db, { ...page, held: true }).items.map((i) => i.id)).toEqual([keep]);
    // Seen again later: held again.
    add(holding('2', 'sold'));
    expect(listItems(library.db, { ...page, held: true }).total).toBe(2);
  });

  it('reports added, updated and unchanged so a re-sync knows what changed', () => {
    const { library } = seeded();
    expect(upsertItem(library.db, 'a1', 'p1', holding('1', 'a')).outcome).toBe('added');
    expect(upsertItem(library.db, 'a1', 'p1', holding('1', 'a')).outcome).toBe('unchanged');
    expect(upsertItem(library.db, 'a1', 'p1', holding('1', 'a', { serial: '#1/2' })).outcome).toBe('updated');
  });

  it('raises the evidence level to the best evidence that is not known bad', () => {
    const { library, add } = seeded();
    const id = add(holding('1', 'x'));
    addEvidence(library.db, id, { kind: 'certificate', level: 1 });
    expect(getItem(library.db, id, (s) => s)?.evidenceLevel).toBe(1);
    addEvidence(library.db, id, { kind: 'receipt-proof', level: 2, verified: false });
    expect(getItem(library.db, id, (s) => s)?.evidenceLevel).toBe(1);
    addEvidence(library.db, id, { kind: 'storage-proof', level: 3, verified: true });
    const item = getItem(library.db, id, (s) => s);
    expect(item?.evidenceLevel).toBe(3);
    expect(item?.evidence.map((e) => e.kind)).toEqual(['storage-proof', 'receipt-proof', 'certificate']);
  });

  it('filters by platform, media type and evidence level, and sorts', () => {
    const { library, add } = seeded();
    add(holding('1', 'b', { mediaType: 'model', acquiredAt: '2022-01-01T00:00:00Z' }));
    add(holding('2', 'a', { mediaType: 'image', acquiredAt: '2023-01-01T00:00:00Z' }));
    add(holding('3', 'c', { mediaType: 'image' }));
    expect(listItems(library.db, { ...page, mediaType: 'model' }).items.map((i) => i.name)).toEqual(['b']);
    expect(listItems(library.db, { ...page, sort: 'acquired', order: 'desc' }).items.map((i) => i.name)).toEqual(['a', 'b', 'c']);
    expect(listItems(library.db, { ...page, evidenceLevel: 1 }).total).toBe(0);
    expect(listItems(library.db, { ...page, platform: 'nope' }).total).toBe(0);
    expect(listItems(library.db, { ...page, offset: 1, limit: 1 }).items.map((i) => i.name)).toEqual(['b']);
  });
});
