// Picks the transport: Electron's preload exposes `window.holdfast` (IPC); in a plain browser
// there is none, and the same interface is served over HTTP by the local `holdfast serve`.
import type { HoldfastApi } from '../../../main/api/contract.js';
import { wrapBridge } from './bridge.js';
import { createHttpClient } from './http-client.js';
import { takeToken } from './token.js';

declare global {
  interface Window {
    holdfast?: HoldfastApi;
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function createApi(): HoldfastApi {
  if (window.holdfast) return wrapBridge(window.holdfast);
  const token = takeToken({ location: window.location, history: window.history, storage: sessionStorageOrNull() });
  return createHttpClient({ token });
}

export const api: HoldfastApi = createApi();
export const transport: 'electron' | 'http' = window.holdfast ? 'electron' : 'http';
export { ApiCallError } from './http-client.js';
