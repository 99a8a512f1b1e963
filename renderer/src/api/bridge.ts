// Electron's preload exposes `window.holdfast`. contextBridge copies only an Error's message into
// the page, so the preload puts the ApiErrorCode in front of it: "[holdfast:not_found] item …".
// Wrapping the bridge turns those back into ApiCallErrors, so the UI handles failures the same
// way whichever shell it runs in.
import type { HoldfastApi } from '../../../main/api/contract.js';
import { ApiCallError, OPERATIONS } from './http-client.js';
import type { ClientErrorCode } from './http-client.js';

const BRIDGE_ERROR = /\[holdfast:([a-z_]+)\] ?/;

export function toApiCallError(error: unknown, operation: string): ApiCallError {
  if (error instanceof ApiCallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const match = BRIDGE_ERROR.exec(message);
  if (!match) return new ApiCallError('internal', message, operation);
  return new ApiCallError(match[1] as ClientErrorCode, message.slice(match.index + match[0].length), operation);
}

export function wrapBridge(bridge: HoldfastApi): HoldfastApi {
  const api: Record<string, unknown> = {
    mediaUrl: (sha256: string) => bridge.mediaUrl(sha256),
    onEvent: (listener: Parameters<HoldfastApi['onEvent']>[0]) => bridge.onEvent(listener),
    ...(bridge.pathForFile ? { pathForFile: (file: unknown) => bridge.pathForFile?.(file) ?? null } : {}),
  };
  for (const op of OPERATIONS) {
    const call = bridge[op] as (input?: unknown) => Promise<unknown>;
    api[op] = async (input?: unknown) => {
      try {
        return await call(input);
      } catch (error) {
        throw toApiCallError(error, op);
      }
    };
  }
  return api as HoldfastApi;
}
