// Preview builds as jobs the UI can start, follow and cancel: each job runs buildPreviews and
// reports `previews.progress` events on the backend's stream. Jobs run one after another, so
// two requests never build the same item at once. A library has one queue (previewJobsOf):
// `previews.build` and the hand-off at the end of a sync share it.
import type { PreviewsProgress } from '../../api/contract.js';
import type { EventBus } from '../events.js';
import type { Library } from '../library.js';
// The builder (sharp, the 3D tools) is loaded when the first job runs: opening a library, or
// queueing previews after a sync, never loads it.
import type { BuildPreviewsOptions, BuildPreviewsResult, PreviewProgress } from './build-previews.js';

/** Where a job came from: the sync run whose new and changed items it builds. */
export interface PreviewJobOrigin {
  runId: number;
  accountId: string;
}

const EMPTY: PreviewProgress = { itemsTotal: 0, itemsDone: 0, built: 0, failed: 0, currentItem: null, itemsPerSecond: 0, etaSeconds: null };

/** Turns buildPreviews progress into events of the backend's stream; `latest` is the last one. */
export function previewProgressEmitter(
  events: EventBus,
  jobId: string,
  origin?: PreviewJobOrigin,
): {
  readonly latest: PreviewsProgress;
  queued(itemsTotal: number | null): void;
  onProgress(p: PreviewProgress): void;
  finish(result: BuildPreviewsResult | null, failure?: string): void;
} {
  let last: PreviewProgress | null = null;
  const from = origin ? { runId: origin.runId, accountId: origin.accountId } : {};
  let latest: PreviewsProgress = { type: 'previews.progress', jobId, ...from, phase: 'queued', ...EMPTY, message: null };
  const emit = (event: PreviewsProgress) => {
    latest = event;
    events.emit(event);
  };
  return {
    get latest() {
      return latest;
    },
    queued(itemsTotal) {
      emit({ type: 'previews.progress', jobId, ...from, phase: 'queued', ...EMPTY, itemsTotal: itemsTotal ?? 0, message: null });
    },
    onProgress(p) {
      last = p;
      emit({ type: 'previews.progress', jobId, ...from, phase: 'running', ...p, message: null });
    },
    finish(result, failure) {
      const p = last ?? EMPTY;
      const phase = failure ? 'failed' : result?.cancelled ? 'cancelled' : 'done';
      emit({ type: 'previews.progress', jobId, ...from, phase, ...p, currentItem: null, etaSeconds: null, message: failure ?? result?.rendererProblem ?? null });
      events.emit({ type: 'library.changed' });
    },
  };
}

export type PreviewJobOptions = Pick<BuildPreviewsOptions, 'itemIds' | 'rebuild' | 'artworkLongSideMeters'> & { origin?: PreviewJobOrigin };

export class PreviewJobs {
  /** Jobs not yet ended; each one's latest event lets a window opened later see it too. */
  private readonly jobs = new Map<string, { controller: AbortController; done: Promise<BuildPreviewsResult | null>; progress: { readonly latest: PreviewsProgress } }>();
  private tail: Promise<unknown> = Promise.resolve();
  private counter = 0;

  constructor(
    private readonly library: Library,
    private readonly events: EventBus,
    private readonly defaults: Pick<BuildPreviewsOptions, 'renderer3d' | 'artworkLongSideMeters'> = {},
  ) {}

  /** Queues a build; returns its id at once (a `queued` event says so until it starts). */
  start(options: PreviewJobOptions = {}): string {
    const { origin, ...build } = options;
    const jobId = origin ? `previews-sync-${origin.runId}-${++this.counter}` : `previews-${Date.now().toString(36)}-${++this.counter}`;
    const controller = new AbortController();
    const progress = previewProgressEmitter(this.events, jobId, origin);
    progress.queued(build.itemIds?.length ?? null);
    const done = this.tail.then(async () => {
      if (controller.signal.aborted) {
        progress.finish({ items: 0, built: 0, upToDate: 0, cancelled: true, problems: [], renderer: null, rendererProblem: null });
        return null;
      }
      try {
        const { buildPreviews } = await import('./build-previews.js');
        const result = await buildPreviews(this.library, { ...this.defaults, ...build, signal: controller.signal, onProgress: progress.onProgress });
        progress.finish(result);
        return result;
      } catch (error) {
        progress.finish(null, error instanceof Error ? error.message : String(error));
        return null;
      }
    });
    this.tail = done;
    this.jobs.set(jobId, { controller, done, progress });
    void done.finally(() => this.jobs.delete(jobId));
    return jobId;
  }

  /** Jobs queued or running, in the order they run, each as its latest progress event. */
  list(): PreviewsProgress[] {
    return [...this.jobs.values()].map((j) => j.progress.latest).filter((e) => e.phase === 'queued' || e.phase === 'running');
  }

  cancel(jobId?: string): number {
    let n = 0;
    for (const [id, job] of this.jobs) {
      if (jobId === undefined || id === jobId) {
        job.controller.abort();
        n++;
      }
    }
    return n;
  }

  /** Resolves when the given jobs (or all queued and running ones) have ended. */
  async wait(jobIds?: readonly string[]): Promise<Array<BuildPreviewsResult | null>> {
    const jobs = [...this.jobs.entries()].filter(([id]) => jobIds === undefined || jobIds.includes(id));
    return Promise.all(jobs.map(([, j]) => j.done));
  }
}

const queues = new WeakMap<Library, PreviewJobs>();

/** The one preview queue of an open library. */
export function previewJobsOf(library: Library, events: EventBus): PreviewJobs {
  let jobs = queues.get(library);
  if (!jobs) {
    jobs = new PreviewJobs(library, events);
    queues.set(library, jobs);
  }
  return jobs;
}

/** Cancels and awaits the preview jobs of a library that is closing. */
export async function closePreviewJobsOf(library: Library): Promise<void> {
  const jobs = queues.get(library);
  if (!jobs) return;
  jobs.cancel();
  await jobs.wait();
}
