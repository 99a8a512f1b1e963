// IPC is registered from the API table and nothing else: one invoke channel whose handler
// passes (name, input) to the backend's dispatcher, which validates both with zod and answers
// an ApiResult (never a throw). Before that, the calling frame must be a page of the app.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { ApiEvent, ApiResult } from '../api/contract.js';
import type { Backend } from '../api/backend.js';
import { APP_HOST, APP_SCHEME, CALL_CHANNEL, EVENT_CHANNEL } from './channels.js';

export const UNTRUSTED_SENDER_MESSAGE = 'Holdfast only answers calls from its own window (holdfast-app://app)';

/** True when `url` is a page of holdfast-app://app. `new URL().origin` is "null" for custom
 *  schemes in Node, so scheme and host are compared instead. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.hostname === APP_HOST && parsed.port === '' && parsed.username === '' && parsed.password === '';
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/** The sender must still exist, be a top-level frame and show a page of the app. */
export function isTrustedSender(event: SenderEvent): boolean {
  let frame: IpcMainInvokeEvent['senderFrame'];
  try {
    frame = event.senderFrame;
  } catch {
    return false;
  }
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url);
}

export function createCallHandler(getBackend: () => Backend | null) {
  return async (event: SenderEvent, name: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    // There is no "forbidden" code in the contract: to a caller that is not the app, no
    // operation exists.
    if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: UNTRUSTED_SENDER_MESSAGE } };
    const backend = getBackend();
    if (!backend) return { ok: false, error: { code: 'internal', message: 'no library is open' } };
    return backend.call(name, input);
  };
}

/** Registers the call channel; returns a function that removes it. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, getBackend: () => Backend | null): () => void {
  ipcMain.handle(CALL_CHANNEL, createCallHandler(getBackend));
  return () => ipcMain.removeHandler(CALL_CHANNEL);
}

export interface EventTarget {
  isDestroyed(): boolean;
  webContents: { send(channel: string, ...args: unknown[]): void; isDestroyed(): boolean };
}

/** Forwards every backend event to the open windows; returns the unsubscribe function. */
export function forwardEvents(backend: Pick<Backend, 'ctx'>, getWindows: () => readonly EventTarget[]): () => void {
  return backend.ctx.events.subscribe((event: ApiEvent) => {
    for (const win of getWindows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
      win.webContents.send(EVENT_CHANNEL, event);
    }
  });
}
