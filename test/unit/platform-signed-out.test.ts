// How a platform says "signed out", beyond HTTP 401: a redirect to a login page (even on another
// origin), or an ordinary answer whose JSON carries a code or a message. Capture mode learns the
// rule from an answer recorded while signed out, else falls back to the usual signals; the
// client turns a matching answer from a real HTTP server into "sign in again".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionExpiredError } from '../../main/core/connectors/account-status.js';
import { PlatformClient } from '../../main/core/connectors/platform/platform-client.js';
import { parseProfile } from '../../main/core/connectors/platform/profile.js';
import { LOGIN_URL, signedOutRules } from '../../main/core/capture/signed-out.js';
import type { RecordedResponse } from '../../main/core/capture/recorded.js';

const recorded = (status: number, body: unknown, path = '/api/me'): RecordedResponse => ({
  url: `https://platform.example${path}`,
  method: 'GET',
  status,
  mimeType: 'application/json',
  body: JSON.stringify(body),
});
const good = [recorded(200, { code: 0, msg: 'success', data: { list: [] } }, '/api/list'), recorded(200, { code: 0, msg: 'success', data: {} }, '/api/detail')];

describe('signed-out rules of a captured profile', () => {
  it('learns the code of an answer recorded while signed out (HTTP 200 with an error body)', () => {
    const rules = signedOutRules([recorded(200, { status: 'error', error: { code: 'AUTH_REQUIRED', message: 'Please sign in again' } }), ...good], { path: '$.status', equals: 'success' });
    expect(rules).toEqual([{ status: [401] }, { redirect: LOGIN_URL }, { path: '$.error.code', equals: 'AUTH_REQUIRED' }]);
  });

  it('learns {"code": 401} from a 401 answer, and a message when the code says nothing', () => {
    expect(signedOutRules([recorded(401, { code: 401, msg: '登录已过期，请重新登录' }), ...good], { path: '$.code', equals: 0 })).toContainEqual({ path: '$.code', equals: 401 });
    const byMessage = signedOutRules([recorded(200, { code: 1001, msg: '用户未登录' }), ...good], { path: '$.code', equals: 0 });
    expect(byMessage).toContainEqual({ path: '$.msg', contains: ['未登录'] });
    expect(byMessage.some((r) => r.path === '$.code' && r.equals === 1001)).toBe(false); // 1001 means nothing by itself
  });

  it('without a signed-out answer: 401, a login redirect, the 401 code beside the ok code, the usual messages', () => {
    const rules = signedOutRules(good, { path: '$.code', equals: 0 });
    expect(rules.slice(0, 3)).toEqual([{ status: [401] }, { redirect: LOGIN_URL }, { path: '$.code', equals: 401 }]);
    expect(rules[3]).toMatchObject({ path: '$.msg', contains: expect.arrayContaining(['未登录', '登录已过期', 'not logged in']) });
  });
});

describe('the client against a platform that signals signed-out in many ways', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/api/redirect') return void res.writeHead(302, { location: 'https://passport.platform.example/login?back=%2Fmy' }).end();
      if (req.url === '/api/elsewhere') return void res.writeHead(302, { location: '/api/v2/list' }).end();
      if (req.url === '/api/message') return json(200, { code: 1001, msg: '用户未登录，请先登录', data: null });
      if (req.url === '/api/code') return json(200, { code: 401, msg: 'x', data: null });
      return json(200, { code: 0, msg: 'success', data: { list: [{ id: 1 }] } });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const profile = parseProfile({
    profileVersion: 1,
    id: 'signals',
    name: 'Signals',
    signIn: { loginPath: '/login', sessionCookies: ['sid'] },
    responses: { ok: { path: '$.code', equals: 0 }, sessionExpired: signedOutRules(good, { path: '$.code', equals: 0 }) },
    holdings: { request: { path: '/api/list' }, itemsPath: '$.data.list', idPath: '$.id', pagination: { style: 'none' } },
    fields: { name: '$.item.id' },
  });
  const ask = (path: string) => new PlatformClient(profile, base, null, { maxAttempts: 1 }).request({ method: 'GET', path }, AbortSignal.timeout(5000));

  it('a redirect to a login page on another origin, a code, a message: "sign in again"; a good answer and other redirects are not', async () => {
    await expect(ask('/api/redirect')).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(ask('/api/code')).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(ask('/api/message')).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(ask('/api/elsewhere')).rejects.toThrow(/unexpected redirect \(HTTP 302\)/);
    await expect(ask('/api/list')).resolves.toMatchObject({ status: 200, body: { code: 0 } });
  });

  it('a profile with a broken pattern or `contains` without a path is refused, naming the field', () => {
    const base = { profileVersion: 1, id: 'bad', name: 'Bad', signIn: { loginPath: '/login', sessionCookies: ['sid'] }, holdings: { request: { path: '/l' }, itemsPath: '$.l', idPath: '$.id', pagination: { style: 'none' } }, fields: { name: '$.item.n' } };
    expect(() => parseProfile({ ...base, responses: { sessionExpired: [{ redirect: '(' }] } })).toThrow(/responses\.sessionExpired\.0\.redirect: not a valid regular expression/);
    expect(() => parseProfile({ ...base, responses: { sessionExpired: [{ status: [200], contains: ['未登录'] }] } })).toThrow(/contains needs a path/);
  });
});
