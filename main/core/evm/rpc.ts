// A small JSON-RPC client for EVM nodes: several URLs (the next one is tried when one fails at
// the transport level), calls made in the same tick sent as one batch, retries with backoff, and
// counters so a sync can say how many requests it cost. Node errors come back as RpcError with
// the node's code and message, so callers can react (e.g. a log range that is too large).

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly method: string,
  ) {
    super(`${method}: ${message} (code ${code})`);
    this.name = 'RpcError';
  }
}

/** The node could not be reached or answered something that is not JSON-RPC. */
export class RpcTransportError extends Error {
  override name = 'RpcTransportError';
}

export interface RpcClientOptions {
  urls: string[];
  /** Most calls per HTTP request (a JSON-RPC batch). 1 disables batching. */
  maxBatch?: number;
  timeoutMs?: number;
  retries?: number;
  signal?: AbortSignal;
}

interface Pending {
  method: string;
  params: unknown[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const MAX_IN_FLIGHT = 4;

export class RpcClient {
  /** JSON-RPC calls made (a batch of 10 counts 10). */
  calls = 0;
  /** HTTP requests made (a batch of 10 counts 1). */
  httpRequests = 0;
  private queue: Pending[] = [];
  private scheduled = false;
  private urlIndex = 0;
  private batching: boolean;
  private readonly maxBatch: number;

  constructor(private readonly options: RpcClientOptions) {
    if (options.urls.length === 0) throw new Error('an EVM account needs at least one RPC URL');
    this.maxBatch = Math.max(1, options.maxBatch ?? 50);
    this.batching = this.maxBatch > 1;
  }

  request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    this.calls++;
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ method, params, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    const size = this.batching ? this.maxBatch : 1;
    const chunks: Pending[][] = [];
    for (let i = 0; i < queue.length; i += size) chunks.push(queue.slice(i, i + size));
    // A few batches in flight at once: providers rate-limit bursts of parallel requests.
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(MAX_IN_FLIGHT, chunks.length) }, async () => {
        while (next < chunks.length) await this.send(chunks[next++]!);
      }),
    );
  }

  private async send(chunk: Pending[]): Promise<void> {
    const retries = this.options.retries ?? 3;
    let lastError: unknown;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (this.options.signal?.aborted) {
        for (const p of chunk) p.reject(this.options.signal.reason ?? new Error('cancelled'));
        return;
      }
      const url = this.options.urls[(this.urlIndex + attempt) % this.options.urls.length]!;
      try {
        const answers = await this.post(url, chunk);
        for (let i = 0; i < chunk.length; i++) {
          const p = chunk[i]!;
          const a = answers.get(i);
          if (!a) p.reject(new RpcTransportError(`${redactUrl(url)} gave no answer to ${p.method}`));
          else if (a.error) p.reject(new RpcError(a.error.code ?? 0, a.error.message ?? 'error', p.method));
          else p.resolve(a.result);
        }
        return;
      } catch (error) {
        lastError = error;
        if (error instanceof BatchRefused && this.batching) {
          // Some providers do not take batches: send one call per request from now on.
          this.batching = false;
          await Promise.all(chunk.map((p) => this.send([p])));
          return;
        }
        // Move on to the next URL for later calls too: this one is failing.
        if (this.options.urls.length > 1) this.urlIndex = (this.urlIndex + 1) % this.options.urls.length;
        if (attempt < retries) await sleep(Math.min(2000, 150 * 2 ** attempt) * (0.5 + Math.random()), this.options.signal);
      }
    }
    for (const p of chunk) p.reject(lastError);
  }

  private async post(url: string, chunk: Pending[]): Promise<Map<number, { result?: unknown; error?: { code?: number; message?: string } }>> {
    const body = chunk.map((p, id) => ({ jsonrpc: '2.0', id, method: p.method, params: p.params }));
    this.httpRequests++;
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    let response: Response;
    let href = url;
    try {
      const endpoint = withoutUserInfo(url);
      href = endpoint.href;
      const authorization = endpoint.authorization;
      response = await fetch(href, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(chunk.length === 1 ? body[0] : body),
        signal,
      });
    } catch (error) {
      // Some fetch messages quote the URL ("Failed to parse URL from …"): never its secret parts.
      const reason = (error instanceof Error ? error.message : String(error)).split(url).join(redactUrl(url)).split(href).join(redactUrl(url));
      throw new RpcTransportError(`cannot reach ${redactUrl(url)}: ${reason}`);
    }
    const text = await response.text();
    if (response.status === 429 || response.status >= 500) throw new RpcTransportError(`${redactUrl(url)} answered HTTP ${response.status}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new RpcTransportError(`${redactUrl(url)} answered HTTP ${response.status} with something that is not JSON`);
    }
    const list = Array.isArray(json) ? json : [json];
    if (chunk.length > 1 && !Array.isArray(json)) throw new BatchRefused();
    const answers = new Map<number, { result?: unknown; error?: { code?: number; message?: string } }>();
    for (const a of list as Array<{ id?: number; result?: unknown; error?: { code?: number; message?: string } }>) {
      if (typeof a?.id === 'number') answers.set(a.id, a);
      else if (chunk.length === 1 && a) answers.set(0, a);
    }
    return answers;
  }
}

class BatchRefused extends Error {}

/** fetch refuses URLs with user info (https://user:pass@host/…, a common way providers hand out
 *  keys), and its message would print them: send them as HTTP Basic authentication instead. */
function withoutUserInfo(url: string): { href: string; authorization?: string } {
  const u = new URL(url);
  if (!u.username && !u.password) return { href: url };
  const credentials = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  u.username = '';
  u.password = '';
  return { href: u.href, authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** RPC URLs often carry an API key in the path, query or user info: never print those parts
 *  (what is left, scheme://host/…, is also what the catalog shows for an account's RPC URLs). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const more = u.pathname.length > 1 || u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '';
    return `${u.protocol}//${u.host}${more ? '/…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
