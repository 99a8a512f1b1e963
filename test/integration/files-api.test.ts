// The files and certificate operations through the API table (validation, dispatch, events):
// a certificate screenshot read by OCR, one field corrected by the user, added as an item with
// each field's source; hand edits checked field by field; a folder import job with progress;
// a platform's exit recorded.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ApiEvent } from '../../main/api/contract.js';
import { stopOcr } from '../../main/core/ocr/tesseract.js';
import { renderCertificate } from '../fixtures/certificates/render.js';
import { zhSample } from '../fixtures/certificates/samples.js';
import { suiteTempDir } from '../helpers/tmp.js';

let backend: Backend;
let dir: string;
const events: ApiEvent[] = [];

beforeAll(() => {
  dir = suiteTempDir('holdfast-files-api-');
  backend = openBackend(join(dir, 'library'), 'http');
  backend.ctx.events.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await backend.close();
  await stopOcr();
});

async function call(name: string, input: unknown) {
  return backend.call(name, input);
}

describe('certificates through the API', () => {
  let image: string;
  let itemId: string;

  it('reads a screenshot: every field with value, confidence and source', async () => {
    image = join(dir, '证书截图.png');
    writeFileSync(image, await renderCertificate(zhSample.text, { width: 1200 }));
    const r = await call('certificates.extract', { paths: [image, join(dir, 'missing.png')] });
    expect(r.ok).toBe(true);
    const [read, missing] = (r as { ok: true; result: Array<{ path: string; error: string | null; result: { sha256: string; fields: Record<string, { value: string | null; confidence: number; source: { kind: string; file: string } }> } | null }> }).result;
    expect(read!.error).toBeNull();
    expect(read!.result!.fields.txHash).toMatchObject({ value: zhSample.expected.txHash, source: { kind: 'ocr', file: '证书截图.png' } });
    expect(read!.result!.fields.serial!.value).toBe('#12/10000');
    expect(missing).toMatchObject({ result: null, error: expect.stringContaining('cannot read') });
  });

  it('refuses fields that do not check, naming each', async () => {
    const r = await call('certificates.add', { image, platform: '幻核', fields: { txHash: '0x1234', serial: '#5/4' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const message = (r as { error: { message: string } }).error.message;
    expect(message).toMatch(/txHash/);
    expect(message).toMatch(/serial/);
    const relative = await call('certificates.add', { image: 'x.png', platform: '幻核', fields: {} });
    expect(relative).toMatchObject({ ok: false, error: { message: expect.stringMatching(/full path/) } });
  });

  it('adds the item: OCR fields recorded as OCR of the file, a corrected one as typed by the user; the screenshot is L1 evidence', async () => {
    const r = await call('certificates.add', { image, platform: '幻核', fields: { name: '敦煌飞天·其一', creator: null } });
    expect(r.ok).toBe(true);
    const added = (r as { result: { itemId: string; outcome: string; fieldSources: Record<string, { kind: string; confidence?: number }> } }).result;
    itemId = added.itemId;
    expect(added.outcome).toBe('added');
    expect(added.fieldSources.txHash).toMatchObject({ kind: 'ocr', file: '证书截图.png' });
    expect(added.fieldSources.txHash!.confidence).toBeGreaterThan(0);
    expect(added.fieldSources.name).toMatchObject({ kind: 'user' });
    expect(added.fieldSources.creator).toBeUndefined();
    const item = await call('items.get', { id: itemId });
    const detail = (item as { result: { name: string; creator: string | null; txHash: string; evidenceLevel: number; evidence: Array<{ kind: string; level: number; file: { sha256: string } | null; summary: Record<string, unknown> }>; files: Array<{ role: string }> } }).result;
    expect(detail).toMatchObject({ name: '敦煌飞天·其一', creator: null, txHash: zhSample.expected.txHash, evidenceLevel: 1 });
    expect(detail.files.map((f) => f.role)).toEqual(['certificate']);
    const capture = detail.evidence.find((e) => e.kind === 'certificate-capture')!;
    expect(capture.file!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(capture.summary).toMatchObject({ captured: 'screenshot', field_sources: { serial: { kind: 'ocr' } } });
  });

  it('edits fields by hand with validation, recording the user as the source', async () => {
    const bad = await call('items.update', { id: itemId, fields: { tokenId: '令牌', serial: '12/10000' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/tokenId/) } });
    const ok = await call('items.update', { id: itemId, fields: { serial: '12 / 10000', issuer: '云藏数字文化（测试）' } });
    expect(ok).toMatchObject({ ok: true, result: { serial: '#12/10000', issuer: '云藏数字文化（测试）' } });
    const sources = (ok as { result: { metadata: { fieldSources: Record<string, { kind: string }> } } }).result.metadata.fieldSources;
    expect(sources.issuer).toMatchObject({ kind: 'user' });
    expect(sources.serial).toMatchObject({ kind: 'ocr' }); // unchanged value: still what OCR read
    expect(await call('items.update', { id: 'nope', fields: {} })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('records a platform exit and groups the items under it', async () => {
    const platforms = (await call('platforms.list', {})) as { result: Array<{ id: string; name: string; itemCount: number }> };
    const huanhe = platforms.result.find((p) => p.name === '幻核')!;
    expect(huanhe.itemCount).toBe(1);
    const r = await call('platforms.update', { id: huanhe.id, status: 'closed', exitDate: '2022-08-01', notice: '幻核停止发行' });
    expect(r).toMatchObject({ ok: true, result: { status: 'closed', exitDate: '2022-08-01' } });
    expect(await call('platforms.update', { id: huanhe.id, exitDate: '2022/08/01' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('folder import through the API', () => {
  it('runs as a job with progress events and answers with the summary', async () => {
    const folder = join(dir, '保存的藏品');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '龙.png'), await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a00' } }).png().toBuffer());
    writeFileSync(join(folder, '龙.json'), JSON.stringify({ 藏品编号: '3/100', 所属链: '蚂蚁链' }));
    writeFileSync(join(folder, '坏.png'), 'not a png');
    const r = await call('files.import', { dir: folder, platform: '鲸探', jobId: 'job-1' });
    expect(r).toMatchObject({ ok: true, result: { jobId: 'job-1', status: 'done', itemsAdded: 1, problems: [{ file: '坏.png' }] } });
    const progress = events.filter((e) => e.type === 'files.progress' && e.jobId === 'job-1');
    expect(progress.at(-1)).toMatchObject({ phase: 'done', filesDone: 3, filesTotal: 3 });
    expect(events.some((e) => e.type === 'library.changed')).toBe(true);
    expect(await call('files.import', { dir: 'relative/path' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('is not synced: "sync all" skips files accounts, and syncing one says why', async () => {
    const all = await call('sync.start', {});
    expect(all).toMatchObject({ ok: true, result: { runIds: [] } });
    const accounts = (await call('accounts.list', {})) as { result: Array<{ id: string; kind: string }> };
    const files = accounts.result.find((a) => a.kind === 'files')!;
    const one = await call('sync.start', { accountId: files.id });
    expect(one).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/imported files/) } });
  });
});
