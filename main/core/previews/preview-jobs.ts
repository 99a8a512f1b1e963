// Preview builds as jobs the UI can start, follow and cancel: each job runs buildPreviews and
// reports `previews.progress` events on the backend's stream. Jobs run one after another, so
// two requests never build the same item at once.
import type { ApiEvent } from '../../api/contract.js';
import type { EventBus } from '../events.js';
import type { Library } from '../library.js';
import { buildPreviews, type BuildPreviewsOptions, type BuildPreviewsResult, type PreviewProgress } from './build-previews.js';

export type PreviewProgressEvent = Extract<ApiEvent, { type: 'previews.progress' }>;

/** Turns buildPreviews progress into events of the backend's stream. */
export function previewProgressEmitter(
  events: EventBus,
  jobId: string,
): { onProgress(p: PreviewProgress): void; finish(result: BuildPreviewsResult | null, failure?: string): void } {
  let last: PreviewProgress | null = null;
  return {
    onProgress(p) {
      last = p;
      events.emit({ type: 'previews.progress', jobId, phase: 'running', ...p, message: null });
    },
    finish(result, failure) {
      const p = last ?? { itemsTotal: 0, itemsDone: 0, built: 0, failed: 0, currentItem: null, itemsPerSecond: 0, etaSeconds: null };
      const phase = failure ? 'failed' : result?.cancelled ? 'cancelled' : 'done';
      events.emit({ type: 'previews.progress', jobId, phase, ...p, currentItem: null, etaSeconds: null, message: failure ?? result?.rendererProblem ?? null });
      events.emit({ type: 'library.changed' });
    },
  };
}

export class PreviewJobs {
  private readonly jobs = new Map<string, { controller: AbortController; done: Promise<BuildPreviewsResult | null> }>();
  private tail: Promise<unknown> = Promise.resolve();
  private counter = 0;

  constructor(
    private readonly library: Library,
    private readonly events: EventBus,
    private readonly defaults: Pick<BuildPreviewsOptions, 'renderer3d' | 'artworkLongSideMeters'> = {},
  ) {}

  /** Queues a build; returns its id at once. */
  start(options: Pick<BuildPreviewsOptions, 'itemIds' | 'rebuild' | 'artworkLongSideMeters'> = {}): string {
    const jobId = `previews-${Date.now().toString(36)}-${++this.counter}`;
    const controller = new AbortController();
    const progress = previewProgressEmitter(this.events, jobId);
    const done = this.tail.then(async () => {
      if (controller.signal.aborted) {
        progress.finish({ items: 0, built: 0, upToDate: 0, cancelled: true, problems: [], renderer: null, rendererProblem: null });
        return null;
      }
      try {
        const result = await buildPreviews(this.library, { ...this.defaults, ...options, signal: controller.signal, onProgress: progress.onProgress });
        progress.finish(result);
        return result;
      } catch (error) {
        progress.finish(null, error instanceof Error ? error.message : String(error));
        return null;
      }
    });
    this.tail = done;
    this.jobs.set(jobId, { controller, done });
    void done.finally(() => this.jobs.delete(jobId));
    return jobId;
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

  async wait(jobIds?: string[]): Promise<Array<BuildPreviewsResult | null>> {
    const jobs = [...this.jobs.entries()].filter(([id]) => jobIds === undefined || jobIds.includes(id));
    return Promise.all(jobs.map(([, j]) => j.done));
  }
}

/** The sync engine's hook: after a run, build what is missing for the items it listed (items
 *  already up to date cost one catalog read each). Reports `previews.progress` as job
 *  `sync-<runId>`; never throws, so previews can never fail a sync. */
export async function buildPreviewsAfterSync(
  library: Library,
  events: EventBus,
  runId: number,
  itemIds: Iterable<string>,
  signal: AbortSignal,
): Promise<void> {
  const ids = [...itemIds];
  if (ids.length === 0 || signal.aborted) return;
  const progress = previewProgressEmitter(events, `sync-${runId}`);
  try {
    progress.finish(await buildPreviews(library, { itemIds: ids, signal, onProgress: progress.onProgress }));
  } catch (error) {
    progress.finish(null, error instanceof Error ? error.message : String(error));
  }
}
