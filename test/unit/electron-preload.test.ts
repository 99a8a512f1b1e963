// The preload, loaded against the stand-in `electron`: what it exposes as window.holdfast and
// how each piece talks to ipcRenderer.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { operationNames } from '../../main/api/contract.js';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../main/electron/channels.js';
import type * as PreloadModule from '../../preload/preload.js';
import { standIn } from './electron-stand-in.js';

vi.mock('electron', async () => (await import('./electron-stand-in.js')).electronModule);

type Exposed = Record<string, (...args: unknown[]) => Promise<unknown>> & { mediaUrl(sha: unknown): string; onEvent(listener: unknown): () => void };
let api: Exposed;
let preload: typeof PreloadModule;

beforeAll(async () => {
  standIn.reset();
  preload = await import('../../preload/preload.js');
  expect(standIn.electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  api = standIn.exposed.get('holdfast') as Exposed;
});

beforeEach(() => {
  standIn.electron.ipcRenderer.invoke.mockReset();
});

describe('window.holdfast', () => {
  it('is exposed under one key and nothing else is', () => {
    expect([...standIn.exposed.keys()]).toEqual(['holdfast']);
  });

  it('has exactly one function per operation, plus mediaUrl, onEvent and pathForFile', () => {
    expect(Object.keys(api).sort()).toEqual([...operationNames, 'mediaUrl', 'onEvent', 'pathForFile'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(preload.OPERATION_NAMES).toEqual(operationNames);
  });

  it('gives the path of a dropped folder (for Import folder), and null for anything else', () => {
    const pathForFile = (api as unknown as { pathForFile(file: unknown): string | null }).pathForFile;
    expect(pathForFile({ name: '幻核', path: '/home/me/幻核' })).toBe('/home/me/幻核');
    expect(pathForFile('not a file')).toBeNull();
    expect(pathForFile({ name: 'x', path: '' })).toBeNull();
  });

  it('exposes no part of Electron', () => {
    const values = Object.values(api) as unknown[];
    expect(values).not.toContain(standIn.electron.ipcRenderer);
    expect(values).not.toContain(standIn.electron.ipcRenderer.invoke);
    expect(Object.keys(api)).not.toContain('ipcRenderer');
  });

  it('invokes the call channel with the operation name and input, and resolves the result', async () => {
    standIn.electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: { total: 0, items: [] } });
    await expect(api['items.list']!({ query: '龙' })).resolves.toEqual({ total: 0, items: [] });
    expect(standIn.electron.ipcRenderer.invoke).toHaveBeenCalledWith(CALL_CHANNEL, 'items.list', { query: '龙' });
  });

  it('rejects with an Error whose message carries the code (custom props do not cross contextBridge)', async () => {
    standIn.electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'not_found', message: 'item "x" not found' } });
    const error = (await api['items.get']!({ id: 'x' }).catch((e: unknown) => e)) as Error & { code?: string };
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('[holdfast:not_found] item "x" not found');
    expect(error.name).toBe('not_found');
    expect(error.code).toBe('not_found');
    // What the renderer sees after contextBridge copied only the message:
    expect(preload.bridgeErrorCode(new Error(error.message))).toBe('not_found');
    expect(preload.bridgeErrorCode(new Error('plain'))).toBeNull();
  });

  it('rejects with an internal error when the answer is not an ApiResult', async () => {
    standIn.electron.ipcRenderer.invoke.mockResolvedValueOnce(undefined);
    await expect(api['app.info']!()).rejects.toThrow(/^\[holdfast:internal\] app\.info: no answer/);
  });

  it('turns a failed invoke (e.g. input that cannot be cloned) into an internal error', async () => {
    standIn.electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error('An object could not be cloned.'));
    await expect(api['items.list']!({ query: () => 1 })).rejects.toThrow('[holdfast:internal] items.list: An object could not be cloned.');
  });

  it('builds media URLs only for SHA-256 ids', () => {
    const sha = 'ab'.repeat(32);
    expect(api.mediaUrl(sha)).toBe(`holdfast-media://blob/${sha}`);
    expect(api.mediaUrl(sha.toUpperCase())).toBe(`holdfast-media://blob/${sha}`);
    for (const bad of ['', 'abc', '../../etc/passwd', `${sha}/x`, `${sha.slice(1)}g`, 42, null]) {
      expect(() => api.mediaUrl(bad)).toThrow(TypeError);
    }
  });

  it('subscribes to events with only the payload, and unsubscribes', () => {
    const received: unknown[] = [];
    const unsubscribe = api.onEvent((event: unknown) => void received.push(event));
    expect(standIn.electron.ipcRenderer.on).toHaveBeenCalledWith(EVENT_CHANNEL, expect.any(Function));
    standIn.pushToRenderer(EVENT_CHANNEL, { type: 'library.changed' });
    expect(received).toEqual([{ type: 'library.changed' }]);
    unsubscribe();
    unsubscribe();
    expect(standIn.electron.ipcRenderer.off).toHaveBeenCalledTimes(1);
    standIn.pushToRenderer(EVENT_CHANNEL, { type: 'library.changed' });
    expect(received).toHaveLength(1);
    expect(() => api.onEvent('not a function')).toThrow(TypeError);
  });
});
