// The bridge between the sandboxed renderer and the main process: `window.holdfast`, which is
// exactly the API table (one async function per operation), `mediaUrl` and `onEvent`. Nothing
// of Electron (no ipcRenderer, no event objects) crosses into the page.
//
// Errors: the main process answers every call with an ApiResult. A failed call rejects with an
// Error. contextBridge copies only the *message* of an Error into the page (custom properties,
// and in practice the name, are lost), so the code travels inside the message:
//
//     "[holdfast:not_found] item \"x\" not found"
//
// `name` and `code` are also set, for callers in the same world (tests). The renderer reads the
// code with /^\[holdfast:([a-z_]+)\] ?/ (see `bridgeErrorCode` below for the same rule).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { ApiEvent, ApiResult, HoldfastApi } from '../main/api/contract.js';
import { CALL_CHANNEL, EVENT_CHANNEL, MEDIA_URL_PREFIX } from '../main/electron/channels.js';

export { OPERATION_NAMES } from '../main/api/operation-names.js';
import { OPERATION_NAMES } from '../main/api/operation-names.js';

export const BRIDGE_ERROR_PATTERN = /^\[holdfast:([a-z_]+)\] ?/;

export function bridgeErrorMessage(code: string, message: string): string {
  return `[holdfast:${code}] ${message}`;
}

/** The ApiErrorCode carried by an error that came through the bridge, or null. */
export function bridgeErrorCode(error: unknown): string | null {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return BRIDGE_ERROR_PATTERN.exec(message)?.[1] ?? null;
}

function unwrap(operation: string, answer: unknown): unknown {
  const result = answer as ApiResult<unknown> | null | undefined;
  if (result && result.ok === true) return result.result;
  const code = result && result.ok === false && typeof result.error?.code === 'string' ? result.error.code : 'internal';
  const message = result && result.ok === false && typeof result.error?.message === 'string' ? result.error.message : `${operation}: no answer from the main process`;
  const error = new Error(bridgeErrorMessage(code, message)) as Error & { code: string };
  error.name = code;
  error.code = code;
  throw error;
}

const SHA256 = /^[0-9a-f]{64}$/;

type Ipc = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'off'>;
type FilePaths = { getPathForFile(file: File): string };

export function createHoldfastApi(ipc: Ipc, files?: FilePaths): HoldfastApi {
  const api: Record<string, unknown> = {};
  for (const name of OPERATION_NAMES) {
    api[name] = async (input?: unknown) => {
      let answer: unknown;
      try {
        answer = await ipc.invoke(CALL_CHANNEL, name, input);
      } catch (error) {
        // Only when the main process itself failed (no handler, input that can't be cloned).
        const message = error instanceof Error ? error.message : String(error);
        answer = { ok: false, error: { code: 'internal', message: `${name}: ${message}` } };
      }
      return unwrap(name, answer);
    };
  }
  api.mediaUrl = (sha256: string): string => {
    const sha = typeof sha256 === 'string' ? sha256.toLowerCase() : '';
    if (!SHA256.test(sha)) throw new TypeError('mediaUrl expects a SHA-256 (64 hex characters)');
    return MEDIA_URL_PREFIX + sha;
  };
  api.onEvent = (listener: (event: ApiEvent) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onEvent expects a function');
    // Only the payload is passed on: the IpcRendererEvent would hand the page `sender`.
    const forward = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload);
    ipc.on(EVENT_CHANNEL, forward);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.off(EVENT_CHANNEL, forward);
    };
  };
  if (files) {
    // A dropped folder's path, so "Import folder" can take a drop in the desktop app too.
    api.pathForFile = (file: unknown): string | null => {
      try {
        return files.getPathForFile(file as File) || null;
      } catch {
        return null;
      }
    };
  }
  return Object.freeze(api) as unknown as HoldfastApi;
}

contextBridge.exposeInMainWorld('holdfast', createHoldfastApi(ipcRenderer, webUtils));
