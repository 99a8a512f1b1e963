// Folder imports run as jobs: the caller may choose the job id (so a UI listens to its progress
// before the call returns), progress goes out on the event stream as `files.progress`, and a job
// can be cancelled between items. One registry per library.
import { randomUUID } from 'node:crypto';
import { HoldfastError } from '../../errors.js';
import type { EventBus } from '../../events.js';
import type { Library } from '../../library.js';
import { importFolder, type FolderImportOptions, type FolderImportProgress, type FolderImportSummary } from './import-folder.js';

const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class FileImportJobs {
  private readonly running = new Map<string, { controller: AbortController; progress: FolderImportProgress | null }>();

  constructor(
    private readonly library: Library,
    private readonly events: EventBus,
  ) {}

  async run(options: FolderImportOptions, requestedId?: string): Promise<{ jobId: string; summary: FolderImportSummary }> {
    const jobId = requestedId ?? randomUUID();
    if (!JOB_ID.test(jobId)) throw new HoldfastError('invalid_input', 'jobId: use 1–64 letters, digits, "-" or "_"');
    if (this.running.has(jobId)) throw new HoldfastError('conflict', `job ${jobId} is already running`);
    const job = { controller: new AbortController(), progress: null as FolderImportProgress | null };
    this.running.set(jobId, job);
    try {
      const summary = await importFolder(
        this.library,
        options,
        (p) => {
          job.progress = p;
          this.events.emit({ type: 'files.progress', jobId, dir: options.dir, ...p });
        },
        job.controller.signal,
      );
      this.events.emit({ type: 'library.changed' });
      return { jobId, summary };
    } finally {
      this.running.delete(jobId);
    }
  }

  /** Cancels one job or all; returns how many were asked to stop. */
  cancel(jobId?: string): number {
    let n = 0;
    for (const [id, job] of this.running) {
      if (jobId === undefined || id === jobId) {
        job.controller.abort();
        n++;
      }
    }
    return n;
  }
}

const registries = new WeakMap<Library, FileImportJobs>();

export function fileImportJobsFor(library: Library, events: EventBus): FileImportJobs {
  let jobs = registries.get(library);
  if (!jobs) registries.set(library, (jobs = new FileImportJobs(library, events)));
  return jobs;
}
