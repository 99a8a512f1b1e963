// Who may open a connection now: at most `maxTotal` downloads at once, at most a per-host limit
// on each host, hosts served round-robin so one slow or throttled host never starves the others.
// A host that answers 429/503 is paused until its Retry-After (or a backoff) has passed, and its
// limit is halved; it grows back by one after every `limit` successes (additive increase,
// multiplicative decrease), so a rate-limited platform settles at what it tolerates.
import { backoffDelay, type BackoffOptions } from './backoff.js';

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

interface HostState {
  active: number;
  limit: number;
  blockedUntil: number;
  /** Successes since the limit last changed. */
  streak: number;
  /** Throttling answers in a row, for the backoff when the server gives no Retry-After. */
  throttled: number;
  waiters: Waiter[];
}

export type Outcome = 'ok' | 'throttled' | 'failed';

export class HostScheduler {
  private readonly hosts = new Map<string, HostState>();
  private active = 0;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerHost: number,
    private readonly backoff: BackoffOptions,
  ) {}

  /** Waits for a slot on `host`. Every resolved acquire must be paired with one release. */
  acquire(host: string, signal?: AbortSignal): Promise<void> {
    const state = this.host(host);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = state.waiters.indexOf(waiter);
          if (i >= 0) state.waiters.splice(i, 1);
          reject(signal!.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      state.waiters.push(waiter);
      this.pump();
    });
  }

  /** Gives the slot back, telling how the request went; `retryAfterMs` is the server's wish. */
  release(host: string, outcome: Outcome, retryAfterMs: number | null = null): void {
    const state = this.host(host);
    state.active--;
    this.active--;
    if (outcome === 'ok') {
      state.throttled = 0;
      if (++state.streak >= state.limit && state.limit < this.maxPerHost) {
        state.limit++;
        state.streak = 0;
      }
    } else if (outcome === 'throttled') {
      state.throttled++;
      const wait = retryAfterMs ?? backoffDelay(state.throttled, this.backoff);
      // Many requests in flight meet the same storm; halve once per pause, not once per answer.
      if (Date.now() >= state.blockedUntil) state.limit = Math.max(1, Math.floor(state.limit / 2));
      state.streak = 0;
      state.blockedUntil = Math.max(state.blockedUntil, Date.now() + wait);
    }
    this.pump();
  }

  /** Current limits, for tests and diagnostics. */
  stats(host: string): { active: number; limit: number; blockedForMs: number; waiting: number } {
    const s = this.host(host);
    return { active: s.active, limit: s.limit, blockedForMs: Math.max(0, s.blockedUntil - Date.now()), waiting: s.waiters.length };
  }

  private host(name: string): HostState {
    let state = this.hosts.get(name);
    if (!state) {
      state = { active: 0, limit: this.maxPerHost, blockedUntil: 0, streak: 0, throttled: 0, waiters: [] };
      this.hosts.set(name, state);
    }
    return state;
  }

  private pump(): void {
    const now = Date.now();
    let nextUnblock = Number.POSITIVE_INFINITY;
    let granted = true;
    // Round-robin until nothing more can start.
    while (granted && this.active < this.maxTotal) {
      granted = false;
      for (const [name, state] of this.hosts) {
        if (this.active >= this.maxTotal) break;
        if (state.waiters.length === 0) {
          if (state.active === 0 && state.blockedUntil <= now) this.hosts.delete(name);
          continue;
        }
        if (state.blockedUntil > now) {
          nextUnblock = Math.min(nextUnblock, state.blockedUntil);
          continue;
        }
        if (state.active >= state.limit) continue;
        const waiter = state.waiters.shift()!;
        waiter.signal?.removeEventListener('abort', waiter.onAbort);
        state.active++;
        this.active++;
        granted = true;
        // Move the host to the back of the line, so the next free slot goes to another host.
        this.hosts.delete(name);
        this.hosts.set(name, state);
        waiter.resolve();
      }
    }
    if (nextUnblock !== Number.POSITIVE_INFINITY) this.wakeAt(nextUnblock);
  }

  private wakeAt(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, Math.max(0, at - Date.now()));
  }
}
