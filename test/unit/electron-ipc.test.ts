// The IPC call handler against a real backend on a temp library: only the app's own top-level
// frame may call; names and inputs are validated by the table; events reach open windows.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../main/electron/channels.js';
import { createCallHandler, forwardEvents, isAppUrl, registerIpc, UNTRUSTED_SENDER_MESSAGE } from '../../main/electron/ipc.js';
import { tempDir } from '../helpers/tmp.js';
import { FakeWebContents, ipcEvent } from './electron-stand-in.js';

let backend: Backend;
let libraryDir: string;

beforeEach(() => {
  libraryDir = join(tempDir(), 'library');
  backend = openBackend(libraryDir, 'electron');
});
afterEach(async () => {
  await backend.close();
});

describe('holdfast:call', () => {
  const APP = 'holdfast-app://app/index.html#/item/1';

  it('returns real results for app.info from the app window', async () => {
    const call = createCallHandler(() => backend);
    const answer = await call(ipcEvent(APP), 'app.info', undefined);
    expect(answer).toMatchObject({ ok: true, result: { name: 'Holdfast', shell: 'electron', libraryDir, itemCount: 0 } });
  });

  it.each([
    ['another web origin', ipcEvent('https://evil.example/index.html')],
    ['a file: page', ipcEvent('file:///tmp/index.html')],
    ['a look-alike host', ipcEvent('holdfast-app://app.evil/index.html')],
    ['another host of the scheme', ipcEvent('holdfast-app://evil/index.html')],
    ['a port on the app origin', ipcEvent('holdfast-app://app:8080/index.html')],
    ['the media scheme', ipcEvent('holdfast-media://blob/index.html')],
    ['an about:blank frame', ipcEvent('about:blank')],
    ['a sub-frame of the app', ipcEvent(APP, { parent: { url: APP } })],
    ['a frame that is gone', ipcEvent(null)],
    ['an empty URL', ipcEvent('')],
  ])('rejects %s with an ApiResult error and never calls the backend', async (_label, event) => {
    let called = false;
    const call = createCallHandler(() => ({ ...backend, call: async () => ((called = true), { ok: true as const, result: null }) }));
    const answer = await call(event, 'app.info', undefined);
    expect(answer).toEqual({ ok: false, error: { code: 'forbidden', message: UNTRUSTED_SENDER_MESSAGE } });
    expect(called).toBe(false);
  });

  it('rejects a sender whose frame getter throws (frame destroyed)', async () => {
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    const answer = await createCallHandler(() => backend)(event, 'app.info', undefined);
    expect(answer.ok).toBe(false);
  });

  it('answers invalid_input for bad input', async () => {
    const call = createCallHandler(() => backend);
    const answers = await Promise.all([
      call(ipcEvent(APP), 'items.get', { id: 5 }),
      call(ipcEvent(APP), 'items.get', {}),
      call(ipcEvent(APP), 'items.list', { limit: 100_000 }),
      call(ipcEvent(APP), 'app.info', { extra: true }),
    ]);
    for (const answer of answers) {
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('invalid_input');
    }
  });

  it('answers unknown_operation for names outside the table', async () => {
    const call = createCallHandler(() => backend);
    for (const name of ['nope.op', '__proto__', 'constructor', 42, null, { toString: () => 'app.info' }]) {
      const answer = await call(ipcEvent(APP), name, undefined);
      expect(answer.ok).toBe(false);
      if (!answer.ok) {
        expect(answer.error.code).toBe('unknown_operation');
        expect(answer.error.message).not.toBe(UNTRUSTED_SENDER_MESSAGE);
      }
    }
  });

  it('answers not_found through the table for a missing item', async () => {
    const answer = await createCallHandler(() => backend)(ipcEvent(APP), 'items.get', { id: 'missing' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('answers an error while no library is open', async () => {
    const answer = await createCallHandler(() => null)(ipcEvent(APP), 'app.info', undefined);
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('registers exactly one channel and removes it again', () => {
    const handlers = new Map<string, unknown>();
    const dispose = registerIpc(
      { handle: (channel, handler) => void handlers.set(channel, handler), removeHandler: (channel) => void handlers.delete(channel) },
      () => backend,
    );
    expect([...handlers.keys()]).toEqual([CALL_CHANNEL]);
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('recognises app URLs by scheme and host', () => {
    expect(isAppUrl('holdfast-app://app/index.html')).toBe(true);
    expect(isAppUrl('holdfast-app://app/')).toBe(true);
    // Chromium canonicalises standard-scheme hosts to lower case; anything else is not ours.
    expect(isAppUrl('HOLDFAST-APP://app/index.html')).toBe(true);
    expect(isAppUrl('holdfast-app://APP/index.html')).toBe(false);
    expect(isAppUrl('holdfast-app://user@app/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('holdfast:event', () => {
  it('pushes backend events to live windows and stops on unsubscribe', () => {
    const live = { isDestroyed: () => false, webContents: new FakeWebContents() };
    const dead = { isDestroyed: () => true, webContents: new FakeWebContents() };
    const stop = forwardEvents(backend, () => [live, dead]);
    backend.ctx.events.emit({ type: 'library.changed' });
    expect(live.webContents.sent).toEqual([[EVENT_CHANNEL, { type: 'library.changed' }]]);
    expect(dead.webContents.sent).toEqual([]);
    stop();
    backend.ctx.events.emit({ type: 'library.changed' });
    expect(live.webContents.sent).toHaveLength(1);
  });
});
