// Bundles in browser mode, over the real HTTP shell: export without a path lands in the
// library's exports folder and downloads from a token-protected route; a bundle uploaded
// through the upload route imports into another library.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/api/backend.js';
import { openBackend } from '../../main/api/backend.js';
import { startServer, type RunningServer } from '../../main/http/server.js';
import { ensureViewerBuilt } from '../helpers/bundle.js';
import { seededBackend } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';

const servers: RunningServer[] = [];
const backends: Backend[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const b of backends.splice(0)) await b.close();
});
beforeAll(ensureViewerBuilt);

async function serve(backend: Backend) {
  const rendererDir = tempDir();
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Holdfast</title>');
  const server = await startServer({ backend, rendererDir });
  servers.push(server);
  backends.push(backend);
  const base = `http://127.0.0.1:${server.port}`;
  const auth = { Authorization: `Bearer ${server.token}` };
  const call = async (name: string, input: unknown) => {
    const r = await fetch(`${base}/api/call/${name}`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    return (await r.json()) as { ok: boolean; result?: Record<string, unknown>; error?: { code: string; message: string } };
  };
  return { base, auth, call };
}

describe('bundles in browser mode', () => {
  it('exports to the exports folder, downloads with the token only, and imports an uploaded bundle', async () => {
    const { backend } = await seededBackend();
    const { base, auth, call } = await serve(backend);

    const exported = await call('bundle.export', {});
    expect(exported.ok, exported.error?.message).toBe(true);
    const name = exported.result!.downloadName as string;
    expect(name).toMatch(/^holdfast-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(exported.result!.path).toBe(join(backend.ctx.library.dir, 'exports', name));

    expect((await fetch(`${base}/bundles/download/${name}`)).status).toBe(401);
    const download = await fetch(`${base}/bundles/download/${name}`, { headers: auth });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
    const zip = Buffer.from(await download.arrayBuffer());
    expect(zip.length).toBe(exported.result!.zipBytes);
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    for (const bad of ['..%2Fholdfast.sqlite', '%2Fetc%2Fpasswd', 'nothere.zip', 'x.txt']) {
      expect([400, 404], bad).toContain((await fetch(`${base}/bundles/download/${bad}`, { headers: auth })).status);
    }
    // A second export without a path does not overwrite the first.
    const second = await call('bundle.export', {});
    expect(second.result!.downloadName).not.toBe(name);

    // Another library, in another server: the zip arrives as an upload and is imported.
    const otherDir = join(tempDir(), 'other');
    mkdirSync(otherDir);
    const other = await serve(openBackend(otherDir, 'http'));
    const upload = await fetch(`${other.base}/api/upload?batch=bundle-${Date.now()}&path=holdings.zip`, {
      method: 'POST',
      headers: { ...other.auth, 'Content-Type': 'application/octet-stream' },
      body: zip,
    });
    const uploaded = (await upload.json()) as { result: { path: string } };
    const imported = await other.call('bundle.import', { path: uploaded.result.path });
    expect(imported.ok, imported.error?.message).toBe(true);
    expect(imported.result).toMatchObject({ items: 2, added: 2, files: 1 });
    const listed = await other.call('items.list', {});
    expect(listed.result!.total).toBe(2);
  });

  it('verifies through the API with a per-item table, and names a missing file', async () => {
    const { backend } = await seededBackend();
    const { call } = await serve(backend);
    const missing = await call('bundle.verify', { path: join(tempDir(), 'nothing.zip') });
    expect(missing.error).toMatchObject({ code: 'not_found' });
    expect(missing.error!.message).toMatch(/nothing\.zip was not found/);
    const exported = await call('bundle.export', { out: join(tempDir(), 'b.zip') });
    const verified = await call('bundle.verify', { path: exported.result!.path });
    expect(verified.result).toMatchObject({ ok: true, items: 2, intact: true, problems: [] });
    expect((verified.result!.rows as unknown[]).length).toBe(2);
  });
});
