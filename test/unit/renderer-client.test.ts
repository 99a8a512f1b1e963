// The renderer's HTTP client (browser mode) against a real node:http server.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvent, HoldfastApi, ItemSummary } from '../../main/api/contract.js';
import { toApiCallError, wrapBridge } from '../../renderer/src/api/bridge.js';
import { ApiCallError, createHttpClient } from '../../renderer/src/api/http-client.js';
import type { EventSourceLike } from '../../renderer/src/api/http-client.js';
import { TOKEN_STORAGE_KEY, takeToken } from '../../renderer/src/api/token.js';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

const SHA = 'a'.repeat(64);
const item: ItemSummary = {
  id: 'huanhe:1',
  accountId: 'acc-1',
  platform: 'huanhe',
  name: '敦煌飞天',
  creator: '敦煌研究院',
  collection: null,
  serial: '#12/10000',
  chain: null,
  mediaType: 'image',
  evidenceLevel: 1,
  held: true,
  acquiredAt: '2022-05-20T04:00:00.000Z',
  preview: { sha256: SHA, mime: 'image/png', size: 1234 },
};

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      switch (req.url) {
        case '/api/call/items.list':
          return json(200, { ok: true, result: { total: 1, items: [item] } });
        case '/api/call/items.get':
          return json(404, { ok: false, error: { code: 'not_found', message: 'no item nope' } });
        case '/api/call/platforms.list':
          return json(200, { ok: true, result: [] });
        case '/api/call/app.info':
          res.writeHead(502, { 'Content-Type': 'text/html' });
          return res.end('<h1>Bad gateway</h1>');
        default:
          return json(404, { ok: false, error: { code: 'unknown_operation', message: `unknown ${req.url}` } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
});

describe('renderer HTTP client', () => {
  it('POSTs the input as JSON to /api/call/<operation> and returns the result', async () => {
    const api = createHttpClient({ baseUrl });
    const out = await api['items.list']({ query: '飞天', platform: 'huanhe', offset: 200, limit: 200 });
    expect(out).toEqual({ total: 1, items: [item] });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.url).toBe('/api/call/items.list');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0]!.body)).toEqual({ query: '飞天', platform: 'huanhe', offset: 200, limit: 200 });
  });

  it('sends {} when an operation is called without input', async () => {
    const api = createHttpClient({ baseUrl });
    await expect(api['platforms.list']()).resolves.toEqual([]);
    expect(seen[0]!.body).toBe('{}');
  });

  it('turns {ok:false} into an ApiCallError carrying the code and message', async () => {
    const api = createHttpClient({ baseUrl });
    const err = await api['items.get']({ id: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err).toBeInstanceOf(Error);
    expect((err as ApiCallError).code).toBe('not_found');
    expect((err as ApiCallError).message).toBe('no item nope');
    expect((err as ApiCallError).operation).toBe('items.get');
    expect((err as ApiCallError).status).toBe(404);
  });

  it('reports a non-JSON answer and an unreachable server as ApiCallErrors', async () => {
    const api = createHttpClient({ baseUrl });
    const bad = await api['app.info']().catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ApiCallError);
    expect((bad as ApiCallError).code).toBe('bad_response');
    expect((bad as ApiCallError).status).toBe(502);

    const closed = createHttpClient({ baseUrl: 'http://127.0.0.1:1' });
    const down = await closed['app.info']().catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ApiCallError);
    expect((down as ApiCallError).code).toBe('network');
  });

  it('sends Authorization: Bearer <token> only when a token is given', async () => {
    await createHttpClient({ baseUrl, token: 's3cret-token' })['platforms.list']();
    await createHttpClient({ baseUrl })['platforms.list']();
    expect(seen[0]!.headers.authorization).toBe('Bearer s3cret-token');
    expect(seen[1]!.headers.authorization).toBeUndefined();
  });

  it('uses same-origin credentials and the injected fetch', async () => {
    const inits: RequestInit[] = [];
    const api = createHttpClient({
      baseUrl,
      fetch: (input, init) => {
        inits.push(init ?? {});
        return fetch(input, init);
      },
    });
    await api['platforms.list']();
    expect(inits).toHaveLength(1);
    expect(inits[0]!.credentials).toBe('same-origin');
    expect(inits[0]!.method).toBe('POST');
  });

  it('builds media URLs as <baseUrl>/media/<sha256>', () => {
    expect(createHttpClient().mediaUrl(SHA)).toBe(`/media/${SHA}`);
    expect(createHttpClient({ baseUrl: 'http://127.0.0.1:8080/' }).mediaUrl(SHA)).toBe(`http://127.0.0.1:8080/media/${SHA}`);
  });

  it('offers every operation of the contract', async () => {
    const { operationNames } = await import('../../main/api/contract.js');
    const api = createHttpClient({ baseUrl }) as unknown as Record<string, unknown>;
    for (const op of operationNames) expect(typeof api[op], op).toBe('function');
  });

  it('shares one EventSource on /api/events, parses JSON events and closes after the last unsubscribe', () => {
    const opened: { url: string; source: EventSourceLike & { closed: boolean } }[] = [];
    const api = createHttpClient({
      baseUrl,
      eventSource: (url) => {
        const source = { onmessage: null, closed: false, close: () => (source.closed = true) } as EventSourceLike & { closed: boolean };
        opened.push({ url, source });
        return source;
      },
    });
    const a: ApiEvent[] = [];
    const b: ApiEvent[] = [];
    const offA = api.onEvent((e) => a.push(e));
    const offB = api.onEvent((e) => b.push(e));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.url).toBe(`${baseUrl}/api/events`);
    const source = opened[0]!.source;
    source.onmessage?.({ data: JSON.stringify({ type: 'library.changed' }) });
    source.onmessage?.({ data: 'not json' });
    expect(a).toEqual([{ type: 'library.changed' }]);
    expect(b).toEqual([{ type: 'library.changed' }]);
    offA();
    expect(source.closed).toBe(false);
    offB();
    expect(source.closed).toBe(true);
  });
});

describe('token from the page URL', () => {
  function env(href: string, stored: Record<string, string> = {}) {
    const storage = new Map(Object.entries(stored));
    const replaced: string[] = [];
    return {
      replaced,
      storage,
      env: {
        location: { href },
        history: { state: null, replaceState: (_d: unknown, _u: string, url?: string | null) => void replaced.push(url ?? '') },
        storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
      },
    };
  }

  it('takes ?token=, keeps it in sessionStorage and removes it from the address bar', () => {
    const e = env('http://127.0.0.1:5180/?token=abc123&x=1#/item/huanhe%3A1');
    expect(takeToken(e.env)).toBe('abc123');
    expect(e.storage.get(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(e.replaced).toEqual(['/?x=1#/item/huanhe%3A1']);
  });

  it('falls back to the stored token, and to none', () => {
    const stored = env('http://127.0.0.1:5180/#/', { [TOKEN_STORAGE_KEY]: 'kept' });
    expect(takeToken(stored.env)).toBe('kept');
    expect(stored.replaced).toEqual([]);
    expect(takeToken(env('http://127.0.0.1:5180/').env)).toBeNull();
  });
});

describe('Electron bridge errors', () => {
  it('recovers the ApiErrorCode the preload puts in front of the message', () => {
    const err = toApiCallError(new Error('[holdfast:not_found] item "x" not found'), 'items.get');
    expect(err).toBeInstanceOf(ApiCallError);
    expect(err.code).toBe('not_found');
    expect(err.message).toBe('item "x" not found');
    const plain = toApiCallError(new Error('boom'), 'items.get');
    expect(plain.code).toBe('internal');
    expect(plain.message).toBe('boom');
  });

  it('wraps every operation of window.holdfast and passes media URLs and events through', async () => {
    const calls: unknown[] = [];
    const bridge = {
      mediaUrl: (sha: string) => `holdfast-media://blob/${sha}`,
      onEvent: () => () => undefined,
      'items.get': async (input: unknown) => {
        calls.push(input);
        throw new Error("Error invoking remote method: [holdfast:not_found] no item");
      },
      'platforms.list': async () => [],
    } as unknown as HoldfastApi;
    const api = wrapBridge(bridge);
    expect(api.mediaUrl(SHA)).toBe(`holdfast-media://blob/${SHA}`);
    await expect(api['platforms.list']()).resolves.toEqual([]);
    const err = await api['items.get']({ id: 'x' }).catch((e: unknown) => e);
    expect(calls).toEqual([{ id: 'x' }]);
    expect((err as ApiCallError).code).toBe('not_found');
    expect((err as ApiCallError).message).toBe('no item');
  });
});
