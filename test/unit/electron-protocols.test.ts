// The two custom schemes, driven directly: holdfast-app:// serves the built renderer and nothing
// outside it; holdfast-media:// serves blobs of a real library (with byte ranges) and nothing else.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import { BASIS_WORKER_CSP, BASIS_WORKER_PATH, appMetaContentSecurityPolicy } from '../../main/common/app-csp.js';
import { APP_CSP, appRelativePath, createAppProtocolHandler, createMediaProtocolHandler, PRIVILEGED_SCHEMES, registerPrivilegedSchemes } from '../../main/electron/protocols.js';
import { tempDir } from '../helpers/tmp.js';
import { schemeRequest } from './electron-stand-in.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { attachFile, upsertItem } from '../../main/core/db/items.js';

describe('scheme privileges', () => {
  it('registers holdfast-app as standard+secure+fetch and holdfast-media as secure+fetch+stream', () => {
    const recorded: unknown[] = [];
    registerPrivilegedSchemes({ registerSchemesAsPrivileged: (schemes) => void recorded.push(schemes) });
    expect(recorded).toEqual([PRIVILEGED_SCHEMES]);
    const app = PRIVILEGED_SCHEMES.find((s) => s.scheme === 'holdfast-app')!;
    const media = PRIVILEGED_SCHEMES.find((s) => s.scheme === 'holdfast-media')!;
    expect(app.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(app.privileges?.bypassCSP).toBeFalsy();
    expect(media.privileges).toMatchObject({ secure: true, supportFetchAPI: true, stream: true });
    expect(media.privileges?.bypassCSP).toBeFalsy();
    expect(media.privileges?.standard).toBeFalsy();
  });
});

describe('holdfast-app://', () => {
  let root: string;
  let rendererDir: string;
  const html = '<!doctype html><title>Holdfast</title><script type="module" src="./assets/index-abc.js"></script>';

  beforeEach(() => {
    root = tempDir();
    rendererDir = join(root, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), html);
    writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(rendererDir, 'assets', 'style.css'), 'body{}');
    writeFileSync(join(rendererDir, 'assets', 'font.woff2'), 'w2');
    writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
  });

  it('serves index.html with the CSP header and an HTML type', async () => {
    const handler = createAppProtocolHandler(rendererDir);
    const res = await handler(schemeRequest('holdfast-app://app/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(html);
  });

  it('has the exact policy the renderer expects', () => {
    expect(APP_CSP).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; frame-src holdfast-media:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: holdfast-media:; media-src 'self' blob: holdfast-media:; connect-src 'self' holdfast-media: blob: data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    );
    // index.html's <meta> copy serves both shells (frames from the app's origin over HTTP) and
    // leaves out frame-ancestors, which a meta tag cannot set.
    expect(appMetaContentSecurityPolicy('holdfast-media:')).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; frame-src 'self' holdfast-media:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: holdfast-media:; media-src 'self' blob: holdfast-media:; connect-src 'self' holdfast-media: blob: data:; object-src 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it('serves the Basis transcoder worker, and only it, with the policy that lets it generate code', async () => {
    mkdirSync(join(rendererDir, 'workers'), { recursive: true });
    writeFileSync(join(rendererDir, BASIS_WORKER_PATH), 'self.onmessage = null;');
    writeFileSync(join(rendererDir, 'workers', 'other.js'), 'x');
    const worker = await createAppProtocolHandler(rendererDir)(schemeRequest(`holdfast-app://app/${BASIS_WORKER_PATH}`));
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-security-policy')).toBe(BASIS_WORKER_CSP);
    expect(BASIS_WORKER_CSP).toMatch(/^default-src 'none'; /); // no network, no other sources
    const other = await createAppProtocolHandler(rendererDir)(schemeRequest('holdfast-app://app/workers/other.js'));
    expect(other.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(APP_CSP).not.toContain("'unsafe-eval'");
  });

  it('serves the root as index.html and assets with their MIME types', async () => {
    const handler = createAppProtocolHandler(rendererDir);
    expect(await (await handler(schemeRequest('holdfast-app://app/'))).text()).toBe(html);
    const js = await handler(schemeRequest('holdfast-app://app/assets/index-abc.js?v=1#x'));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(APP_CSP);
    expect((await handler(schemeRequest('holdfast-app://app/assets/style.css'))).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await handler(schemeRequest('holdfast-app://app/assets/font.woff2'))).headers.get('content-type')).toBe('font/woff2');
  });

  it.each([
    'holdfast-app://app/../secret.txt',
    'holdfast-app://app/assets/../../secret.txt',
    'holdfast-app://app/%2e%2e%2fsecret.txt',
    'holdfast-app://app/%2E%2E%2Fsecret.txt',
    'holdfast-app://app/%2e%2e/secret.txt',
    'holdfast-app://app/assets/..%2f..%2fsecret.txt',
    'holdfast-app://app/..%5csecret.txt',
    'holdfast-app://app/%252e%252e%252fsecret.txt',
    'holdfast-app://app/%00index.html',
    'holdfast-app://app/%zz',
  ])('refuses %s with 404', async (url) => {
    const handler = createAppProtocolHandler(rendererDir);
    const res = await handler(schemeRequest(url));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('SECRET');
  });

  it('refuses an absolute path to a file outside the folder', async () => {
    const handler = createAppProtocolHandler(rendererDir);
    const res = await handler(schemeRequest('holdfast-app://app/' + encodeURIComponent(join(root, 'secret.txt'))));
    expect(res.status).toBe(404);
  });

  it('answers 404 for missing files, folders and other hosts, 405 for other methods', async () => {
    const handler = createAppProtocolHandler(rendererDir);
    expect((await handler(schemeRequest('holdfast-app://app/missing.js'))).status).toBe(404);
    expect((await handler(schemeRequest('holdfast-app://app/assets'))).status).toBe(404);
    expect((await handler(schemeRequest('holdfast-app://evil/index.html'))).status).toBe(404);
    expect((await handler(schemeRequest('holdfast-media://app/index.html'))).status).toBe(404);
    expect((await handler(schemeRequest('holdfast-app://app/index.html', { method: 'POST' }))).status).toBe(405);
    const head = await handler(schemeRequest('holdfast-app://app/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(html)));
  });

  it('reads the raw path so dot segments cannot hide behind URL normalisation', () => {
    expect(appRelativePath('holdfast-app://app/a/b.js')).toBe('a/b.js');
    expect(appRelativePath('holdfast-app://app/')).toBe('');
    expect(appRelativePath('holdfast-app://app/a/./b.js')).toBeNull();
    expect(appRelativePath('holdfast-app://app/a/%2e/b.js')).toBeNull();
    expect(appRelativePath('https://app/index.html')).toBeNull();
  });
});

describe('holdfast-media://', () => {
  let backend: Backend;
  let sha: string;
  const bytes = 'hello world, this is a video';

  beforeEach(async () => {
    backend = openBackend(join(tempDir(), 'library'), 'electron');
    sha = (await backend.ctx.library.blobs.put(bytes)).sha256;
  });
  afterEach(async () => {
    await backend.close();
  });

  const handler = () => createMediaProtocolHandler(() => backend.ctx.library);

  it('serves a blob of the open library with safe headers', async () => {
    const res = await handler()(schemeRequest(`holdfast-media://blob/${sha}`, { initiatorOrigin: 'holdfast-app://app' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(bytes);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.headers.get('access-control-allow-origin')).toBe('holdfast-app://app');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('frames an HTML artwork for the app only: scripts, no network, never as a page', async () => {
    const { db } = backend.ctx.library;
    const html = await backend.ctx.library.blobs.put('<!doctype html><script>1</script>');
    upsertPlatform(db, { id: 'p', name: 'P', kind: 'custodial' });
    upsertAccount(db, { id: 'a', kind: 'platform', platformId: 'p', name: 'a' });
    const { id } = upsertItem(db, 'a', 'p', { externalId: '1', name: 'art', mediaType: 'html' });
    attachFile(db, id, { role: 'animation', ...html, mime: 'text/html' });
    const framed = await handler()(schemeRequest(`holdfast-media://blob/${html.sha256}?frame=1`, { initiatorOrigin: 'holdfast-app://app', headers: { 'Sec-Fetch-Dest': 'iframe' } }));
    const csp = framed.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/sandbox allow-scripts$/);
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain('frame-ancestors holdfast-app://app');
    for (const headers of [{}, { 'Sec-Fetch-Dest': 'document' }] as Array<Record<string, string>>) {
      const url = `holdfast-media://blob/${html.sha256}${'Sec-Fetch-Dest' in headers ? '?frame=1' : ''}`;
      const plain = await handler()(schemeRequest(url, { initiatorOrigin: 'holdfast-app://app', headers }));
      expect(plain.headers.get('content-security-policy')).toMatch(/; sandbox$/);
    }
  });

  it('answers a Range request with 206 and Content-Range (video seeking)', async () => {
    const res = await handler()(schemeRequest(`holdfast-media://blob/${sha}`, { headers: { Range: 'bytes=6-10' } }));
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 6-10/${bytes.length}`);
    expect(res.headers.get('content-length')).toBe('5');
    expect(await res.text()).toBe('world');

    const tail = await handler()(schemeRequest(`holdfast-media://blob/${sha}`, { headers: { Range: 'bytes=-5' } }));
    expect(tail.status).toBe(206);
    expect(await tail.text()).toBe('video');

    const bad = await handler()(schemeRequest(`holdfast-media://blob/${sha}`, { headers: { Range: 'bytes=999-' } }));
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('answers HEAD without a body', async () => {
    const res = await handler()(schemeRequest(`holdfast-media://blob/${sha}`, { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(await res.text()).toBe('');
  });

  it('refuses anything that is not a blob id', async () => {
    const h = handler();
    expect((await h(schemeRequest('holdfast-media://blob/not-a-hash'))).status).toBe(400);
    expect((await h(schemeRequest(`holdfast-media://blob/${sha.toUpperCase()}`))).status).toBe(400);
    expect((await h(schemeRequest('holdfast-media://blob/..%2f..%2fholdfast.sqlite'))).status).toBe(400);
    expect((await h(schemeRequest('holdfast-media://blob/../../holdfast.sqlite'))).status).toBe(404);
    expect((await h(schemeRequest(`holdfast-media://blob/ab/cd/${sha}`))).status).toBe(404);
    expect((await h(schemeRequest(`holdfast-media://other/${sha}`))).status).toBe(404);
    expect((await h(schemeRequest(`holdfast-app://blob/${sha}`))).status).toBe(404);
    expect((await h(schemeRequest(`holdfast-media://blob/${'0'.repeat(64)}`))).status).toBe(404);
    expect((await h(schemeRequest(`holdfast-media://blob/${sha}`, { method: 'PUT' }))).status).toBe(405);
  });

  it('refuses loads started by another origin', async () => {
    const res = await handler()(schemeRequest(`holdfast-media://blob/${sha}`, { initiatorOrigin: 'https://evil.example' }));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(bytes);
  });

  it('answers 503 while no library is open', async () => {
    const res = await createMediaProtocolHandler(() => null)(schemeRequest(`holdfast-media://blob/${sha}`));
    expect(res.status).toBe(503);
  });
});
