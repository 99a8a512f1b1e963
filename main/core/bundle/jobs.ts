// Bundle export, verify and import run as jobs: each has an id (the caller may choose it, so a
// UI can listen to its progress before the call returns), reports progress with a rate and an
// ETA on the event stream, and can be cancelled.
import { randomUUID } from 'node:crypto';
import type { ApiEvent } from '../../api/contract.js';
import { HoldfastError } from '../errors.js';
import type { EventBus } from '../events.js';
import { BundleCancelled, type BundleProgress, type ProgressSink } from './progress.js';

export type BundleOperation = 'export' | 'verify' | 'import';
type ProgressEvent = Extract<ApiEvent, { type: 'bundle.progress' }>;

const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class BundleJobs {
  private readonly running = new Map<string, AbortController>();
  private readonly settling = new Set<Promise<unknown>>();

  constructor(private readonly events: EventBus) {}

  async run<T>(operation: BundleOperation, requestedId: string | undefined, work: (signal: AbortSignal, onProgress: ProgressSink) => Promise<T>): Promise<{ jobId: string; result: T }> {
    const jobId = requestedId ?? randomUUID();
    if (!JOB_ID.test(jobId)) throw new HoldfastError('invalid_input', 'jobId: use 1–64 letters, digits, "-" or "_"');
    if (this.running.has(jobId)) throw new HoldfastError('conflict', `job ${jobId} is already running`);
    const controller = new AbortController();
    this.running.set(jobId, controller);
    let settled!: () => void;
    const done = new Promise<void>((resolve) => (settled = resolve));
    this.settling.add(done);
    const started = Date.now();
    let last: BundleProgress = { phase: 'preparing', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, current: null };
    // Rates are measured per phase (checking, then writing…), not since the job started.
    let phaseStart = { at: started, bytes: 0, phase: last.phase };
    const emit = (p: BundleProgress, message: string | null = null) => {
      last = p;
      if (p.phase !== phaseStart.phase) phaseStart = { at: Date.now(), bytes: p.bytesDone, phase: p.phase };
      const seconds = Math.max((Date.now() - phaseStart.at) / 1000, 0.001);
      const rate = (p.bytesDone - phaseStart.bytes) / seconds;
      const left = p.bytesTotal - p.bytesDone;
      const event: ProgressEvent = {
        type: 'bundle.progress',
        jobId,
        operation,
        phase: p.phase,
        filesDone: p.filesDone,
        filesTotal: p.filesTotal,
        bytesDone: p.bytesDone,
        bytesTotal: p.bytesTotal,
        bytesPerSecond: rate,
        etaSeconds: rate > 0 && left > 0 && seconds > 0.5 ? left / rate : null,
        current: p.current,
        message,
      };
      this.events.emit(event);
    };
    try {
      const result = await work(controller.signal, (p) => emit(p));
      emit({ ...last, phase: 'done', current: null });
      if (operation === 'import') this.events.emit({ type: 'library.changed' });
      return { jobId, result };
    } catch (error) {
      if (error instanceof BundleCancelled || controller.signal.aborted) {
        emit({ ...last, phase: 'cancelled', current: null });
        throw new HoldfastError('cancelled', `the ${operation} was cancelled${operation === 'verify' ? '' : '; nothing was changed'}`);
      }
      emit({ ...last, phase: 'failed', current: null }, error instanceof Error ? error.message : String(error));
      throw error;
    } finally {
      this.running.delete(jobId);
      this.settling.delete(done);
      settled();
    }
  }

  /** Cancels every running job and waits until each has cleaned up (before a library closes). */
  async close(): Promise<void> {
    this.cancel();
    await Promise.all([...this.settling]);
  }

  /** Cancels one job, or every running job; returns how many were asked to stop. */
  cancel(jobId?: string): number {
    let n = 0;
    for (const [id, controller] of this.running) {
      if (jobId === undefined || id === jobId) {
        controller.abort();
        n++;
      }
    }
    return n;
  }

  get busy(): boolean {
    return this.running.size > 0;
  }
}

const perBus = new WeakMap<EventBus, BundleJobs>();

/** One job table per backend (keyed by its event bus). */
export function bundleJobsFor(events: EventBus): BundleJobs {
  let jobs = perBus.get(events);
  if (!jobs) {
    jobs = new BundleJobs(events);
    perBus.set(events, jobs);
  }
  return jobs;
}
