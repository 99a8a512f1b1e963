// The browser twin of `window.holdfast`: the same HoldfastApi over the local HTTP shell.
//   call   → POST <baseUrl>/api/call/<operation> with the input as JSON; answers an ApiResult.
//   events → EventSource <baseUrl>/api/events, one JSON ApiEvent per `data:` line.
//   media  → <baseUrl>/media/<sha256>
// Only type imports from main/: nothing of zod or the backend reaches the renderer bundle.
// This file also compiles under the repo's Node tsconfig (the unit test imports it), so it
// names no DOM-only type; browser globals are reached through small structural types.
import type {
  ApiErrorCode,
  ApiEvent,
  ApiResult,
  HoldfastApi,
  OperationName,
  OpInput,
  OpOutput,
} from '../../../main/api/contract.js';

/** Codes for failures that happen before the backend could answer with an ApiResult. */
export type TransportErrorCode = 'network' | 'bad_response' | 'unauthorized';
export type ClientErrorCode = ApiErrorCode | TransportErrorCode;

export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly operation?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The part of a browser EventSource the client uses. */
export interface EventSourceLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}
export type EventSourceFactory = (url: string) => EventSourceLike;

export interface HttpClientOptions {
  /** Origin (and optional path prefix) of the HTTP shell; '' means same-origin relative URLs. */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer <token>` on every call when given. */
  token?: string | null;
  fetch?: typeof globalThis.fetch;
  /** Defaults to the global EventSource when there is one (browsers); events are off without. */
  eventSource?: EventSourceFactory;
}

/** Every operation of the contract (one list, shared with the preload). */
export { OPERATION_NAMES as OPERATIONS } from '../../../main/api/operation-names.js';
import { OPERATION_NAMES as OPERATIONS } from '../../../main/api/operation-names.js';

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'result' in value;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

function defaultEventSource(): EventSourceFactory | undefined {
  const ctor = (globalThis as unknown as { EventSource?: new (url: string) => EventSourceLike }).EventSource;
  return ctor ? (url) => new ctor(url) : undefined;
}

export function createHttpClient(options: HttpClientOptions = {}): HoldfastApi {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const token = options.token || null;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const openEvents = options.eventSource ?? defaultEventSource();

  async function call<N extends OperationName>(operation: N, input?: OpInput<N>): Promise<OpOutput<N>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/api/call/${encodeURIComponent(operation)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      });
    } catch (err) {
      throw new ApiCallError('network', err instanceof Error ? err.message : String(err), operation);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (isApiResult(body)) {
      if (body.ok) return body.result as OpOutput<N>;
      throw new ApiCallError(body.error.code, body.error.message, operation, response.status);
    }
    if (response.status === 401 || response.status === 403) {
      throw new ApiCallError('unauthorized', `HTTP ${response.status}: not signed in to this Holdfast server`, operation, response.status);
    }
    throw new ApiCallError('bad_response', `HTTP ${response.status}: the server did not answer with an API result`, operation, response.status);
  }

  // One EventSource shared by all listeners, opened on the first subscription.
  const listeners = new Set<(event: ApiEvent) => void>();
  let source: EventSourceLike | null = null;

  function onEvent(listener: (event: ApiEvent) => void): () => void {
    listeners.add(listener);
    if (!source && openEvents) {
      source = openEvents(`${baseUrl}/api/events`);
      source.onmessage = (message) => {
        if (typeof message.data !== 'string') return;
        let event: ApiEvent;
        try {
          event = JSON.parse(message.data) as ApiEvent;
        } catch {
          return;
        }
        if (typeof event !== 'object' || event === null || typeof event.type !== 'string') return;
        for (const l of [...listeners]) l(event);
      };
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = null;
      }
    };
  }

  const api: Record<string, unknown> = {
    mediaUrl: (sha256: string) => `${baseUrl}/media/${encodeURIComponent(sha256)}`,
    onEvent,
  };
  for (const op of OPERATIONS) api[op] = (input?: OpInput<typeof op>) => call(op, input);
  return api as HoldfastApi;
}
