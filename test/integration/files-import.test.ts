// Importing a folder of saved holdings into a real library: grouping by base name and by
// folder, sidecars (JSON with Chinese keys, a CSV manifest), duplicates stored once, broken files
// recorded without stopping the import, names in Chinese, re-import, cancel.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listPlatforms } from '../../main/core/db/accounts.js';
import { getItem, listItems } from '../../main/core/db/items.js';
import { listRuns } from '../../main/core/db/sync-runs.js';
import { importFolder, type FolderImportProgress } from '../../main/core/connectors/files/import-folder.js';
import { Library } from '../../main/core/library.js';
import { readSidecar } from '../../main/core/connectors/files/sidecar.js';
import { typeItemFields } from '../../main/core/connectors/files/write-item.js';
import { tempDir } from '../helpers/tmp.js';

const TX = '0x9f2c4e8a1b3d5f7092a4c6e8f0b2d4f6a8c0e2f4b6d8fa1c3e5f7091b3d5f7a9';
let png: Buffer;
let png2: Buffer;
let jpeg: Buffer;
let webp: Buffer;
let certPng: Buffer;
let webp2: Buffer;

/** A minimal, valid GLB: header + a JSON chunk describing an empty scene. */
function glb(): Buffer {
  const json = Buffer.from(JSON.stringify({ asset: { version: '2.0' }, scenes: [{ nodes: [] }], scene: 0 }).padEnd(48, ' '));
  const header = Buffer.alloc(12);
  header.write('glTF', 0, 'ascii');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + 8 + json.length, 8);
  const chunk = Buffer.alloc(8);
  chunk.writeUInt32LE(json.length, 0);
  chunk.write('JSON', 4, 'ascii');
  return Buffer.concat([header, chunk, json]);
}

beforeAll(async () => {
  const picture = (r: number, g: number, b: number) => sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g, b } } });
  png = await picture(200, 40, 40).png().toBuffer();
  png2 = await picture(40, 200, 40).png().toBuffer();
  jpeg = await picture(40, 40, 200).jpeg().toBuffer();
  webp = await picture(90, 90, 20).webp().toBuffer();
  certPng = await picture(10, 10, 10).png().toBuffer();
  webp2 = await picture(20, 90, 90).webp().toBuffer();
});

function savedFolder(): string {
  const dir = tempDir('holdfast-saved-');
  const put = (rel: string, bytes: Buffer | string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), bytes);
  };
  // One item by base name: picture, certificate screenshot, sidecar with the certificate's Chinese labels.
  put('敦煌飞天.png', png);
  put('敦煌飞天-证书.jpg', jpeg);
  put('敦煌飞天.json', JSON.stringify({ 藏品名称: '敦煌飞天·其一', 发行方: '云藏数字文化', 藏品编号: '#0012/10000', 所属链: '至信链', 'Token ID': '1234567', 交易哈希: TX, 描述: '第 320 窟', 颜色: '红' }));
  // The same picture again in a folder of copies: stored once, and the same item.
  put('备份/敦煌飞天 (1).png', png);
  // One folder per item: a 3D model, its cover picture, and a certificate named only "证书".
  put('青花瓶/model.glb', glb());
  put('青花瓶/cover.png', png2);
  put('青花瓶/证书.png', certPng);
  put('青花瓶/model.json', JSON.stringify({ 藏品名称: '青花缠枝莲纹瓶', 藏品编号: '88/5000' }));
  // A CSV manifest naming files, in English columns; one row names a missing file, one has a bad serial.
  put('长卷/春.webp', webp);
  put('长卷/夏.webp', webp2);
  put('items.csv', ['file,name,serial,chain,collection', '长卷/春.webp,山水长卷·春,7/999,Wenchang Chain,四季山水', '长卷/夏.webp,山水长卷·夏,#1000/999,文昌链,四季山水', 'lost.png,Lost one,1/1,文昌链,'].join('\n'));
  // Broken things: a cut-off JPEG, a "video" that is text, a sidecar that is not JSON, a text file.
  put('破损.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  put('fake.mp4', 'this is not a video');
  put('bad.json', '{ "name": ');
  put('notes.txt', 'my notes');
  put('.DS_Store', 'x');
  return dir;
}

const opened: Library[] = [];
afterEach(() => {
  for (const l of opened.splice(0)) l.close();
});

function library(): Library {
  const l = Library.open(join(tempDir('holdfast-lib-'), 'library'));
  opened.push(l);
  return l;
}

const all = (l: Library) => listItems(l.db, { sort: 'name', order: 'asc', offset: 0, limit: 100 }).items;
const blobCount = (l: Library) => readdirSync(l.blobs.root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.parentPath.includes('.tmp')).length;

describe('importing a folder', () => {
  it('turns media into items, groups what belongs together, reads sidecars, stores duplicates once, records broken files', async () => {
    const lib = library();
    const dir = savedFolder();
    const events: FolderImportProgress[] = [];
    const r = await importFolder(lib, { dir, platform: '幻核', platformStatus: { status: 'closed', exitDate: '2022-08-01' } }, (p) => events.push(p));

    expect(r.status).toBe('done');
    const items = all(lib);
    expect(items.map((i) => i.name).sort()).toEqual(['Lost one', '山水长卷·夏', '山水长卷·春', '敦煌飞天·其一', '青花缠枝莲纹瓶'].sort());

    // Grouped by base name, with the sidecar's fields and where each came from.
    const feitian = getItem(lib.db, items.find((i) => i.name === '敦煌飞天·其一')!.id, (s) => lib.blobs.pathOf(s))!;
    expect(feitian).toMatchObject({ serial: '#12/10000', chain: '至信链', tokenId: '1234567', txHash: TX, issuer: '云藏数字文化', description: '第 320 窟', mediaType: 'image', evidenceLevel: 1, platform: r.platformId });
    expect(feitian.files.map((f) => f.role).sort()).toEqual(['certificate', 'image']);
    const sources = feitian.metadata.fieldSources as Record<string, { kind: string; file?: string }>;
    expect(sources.serial).toMatchObject({ kind: 'sidecar', file: '敦煌飞天.json' });
    expect(feitian.creator).toBeNull(); // nothing invented
    expect(sources.creator).toBeUndefined();
    const capture = feitian.evidence.find((e) => e.kind === 'certificate-capture')!;
    expect(capture).toMatchObject({ level: 1, file: { mime: 'image/jpeg' } });
    expect(capture.summary.field_sources).toMatchObject({ serial: { kind: 'sidecar' } });
    expect(feitian.evidence.find((e) => e.kind === 'certificate-sidecar')).toMatchObject({ level: 0 });

    // One folder per item: model with its cover and certificate; a model item.
    const vase = getItem(lib.db, items.find((i) => i.name === '青花缠枝莲纹瓶')!.id, (s) => lib.blobs.pathOf(s))!;
    expect(vase).toMatchObject({ mediaType: 'model', serial: '#88/5000' });
    expect(vase.files.map((f) => f.role).sort()).toEqual(['certificate', 'image', 'model']);
    expect(vase.metadata.fieldSources).toMatchObject({ name: { kind: 'sidecar', file: '青花瓶/model.json' } });

    // The manifest: chain names normalized, a bad serial left out and reported, a missing file reported.
    const spring = items.find((i) => i.name === '山水长卷·春')!;
    expect(spring).toMatchObject({ serial: '#7/999', chain: '文昌链', collection: '四季山水', evidenceLevel: 0 });
    expect(items.find((i) => i.name === '山水长卷·夏')).toMatchObject({ serial: null, chain: '文昌链' });

    // Duplicates: the copy joined the same item and its bytes were stored once.
    expect(r.duplicateItems).toBe(1);
    expect(r.filesAlreadyStored).toBeGreaterThanOrEqual(1);
    // Every file's bytes once, plus the three sidecars kept as evidence (two JSON, one CSV).
    expect(blobCount(lib)).toBe(r.filesStored + 3);

    // Broken files: recorded by name, nothing fatal.
    const problem = (file: string) => r.problems.find((p) => p.file === file)?.message;
    expect(problem('破损.jpg')).toMatch(/damaged or cut short/);
    expect(problem('fake.mp4')).toMatch(/named as video/);
    expect(problem('bad.json')).toMatch(/not valid JSON/);
    expect(problem('notes.txt')).toMatch(/not a media file/);
    expect(r.problems.some((p) => p.file === 'items.csv' && /lost\.png/.test(p.message) === false && /1000/.test(p.message))).toBe(true);
    expect(r.problems.some((p) => p.file === '敦煌飞天.json' && /颜色/.test(p.message))).toBe(true);
    expect(r.problems.some((p) => p.file === '.DS_Store')).toBe(false);

    // The run is recorded like a sync, with its problems; the platform carries its exit.
    const [run] = listRuns(lib.db, r.accountId, 1);
    expect(run).toMatchObject({ status: 'done', itemsAdded: 5 });
    expect(run!.errors.length).toBe(r.problems.length);
    expect(listPlatforms(lib.db).find((p) => p.id === r.platformId)).toMatchObject({ name: '幻核', nameZh: '幻核', status: 'closed', exitDate: '2022-08-01', itemCount: 5 });

    // Progress: scanning, then importing with counts and bytes, then done.
    expect(events[0]!.phase).toBe('scanning');
    const last = events.at(-1)!;
    expect(last).toMatchObject({ phase: 'done', filesTotal: 15, filesDone: 15, itemsAdded: 5 });
    expect(last.bytesDone).toBe(last.bytesTotal);
  });

  it('imports the same folder again without duplicating anything, and keeps what the user typed', async () => {
    const lib = library();
    const dir = savedFolder();
    const first = await importFolder(lib, { dir, platform: '幻核' });
    const blobs = blobCount(lib);
    const feitian = all(lib).find((i) => i.name === '敦煌飞天·其一')!;
    typeItemFields(lib.db, feitian.id, { serial: '#13/10000', creator: '李青' });
    const again = await importFolder(lib, { dir, platform: '幻核' });
    expect(again).toMatchObject({ accountId: first.accountId, itemsAdded: 0, items: first.items, filesStored: 0 });
    expect(again.itemsUpdated).toBe(0);
    expect(blobCount(lib)).toBe(blobs);
    expect(all(lib)).toHaveLength(5);
    const after = getItem(lib.db, feitian.id, (s) => lib.blobs.pathOf(s))!;
    expect(after).toMatchObject({ serial: '#13/10000', creator: '李青', tokenId: '1234567' });
    expect((after.metadata.fieldSources as Record<string, unknown>).serial).toMatchObject({
      kind: 'user',
      previous: { value: '#12/10000', source: { kind: 'sidecar', file: '敦煌飞天.json' } },
    });
  });

  it('reads the shipped templates without a problem (the documented format and the reader agree)', async () => {
    const repo = join(import.meta.dirname, '..', '..');
    const one = await readSidecar(join(repo, 'assets', 'templates', 'holdfast-item.json'));
    expect(one.manifest).toBe(false);
    expect(one.records[0]).toMatchObject({ problems: {}, unknownKeys: [], fields: { serial: '#12/10000', chain: '至信链' } });
    const manifest = await readSidecar(join(repo, 'assets', 'templates', 'holdfast-items.csv'));
    expect(manifest.manifest).toBe(true);
    for (const r of manifest.records) expect(r).toMatchObject({ problems: {}, unknownKeys: [] });
    expect(manifest.records[0]!.files).toEqual(['敦煌飞天.png', '敦煌飞天-证书.jpg']);
  });

  it('refuses a folder that is not there, or the library itself', async () => {
    const lib = library();
    await expect(importFolder(lib, { dir: join(lib.dir, 'nope'), platform: 'x' })).rejects.toThrow(/was not found/);
    await expect(importFolder(lib, { dir: lib.dir, platform: 'x' })).rejects.toThrow(/inside the library/);
  });

  it('stops between items when cancelled, leaving every imported item whole', async () => {
    const lib = library();
    const dir = savedFolder();
    const controller = new AbortController();
    const r = await importFolder(lib, { dir, progressIntervalMs: 0 }, (p) => {
      if (p.phase === 'importing' && p.itemsAdded >= 1) controller.abort();
    }, controller.signal);
    expect(r.status).toBe('cancelled');
    const items = all(lib);
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items.length).toBeLessThan(5);
    for (const i of items) {
      const detail = getItem(lib.db, i.id, (s) => lib.blobs.pathOf(s))!;
      for (const f of detail.files) expect(lib.blobs.has(f.sha256)).toBe(true);
    }
    expect(listRuns(lib.db, r.accountId, 1)[0]!.status).toBe('cancelled');
    expect(listPlatforms(lib.db).find((p) => p.id === r.platformId)).toMatchObject({ name: 'Imported files', kind: 'files' });
  });
});
