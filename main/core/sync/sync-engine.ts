// Runs syncs: one SyncRunner per account at a time, all sharing one downloader (so the
// connection limits hold over every account). Start, pause, resume, cancel, wait, and where each
// run stands. Work a run could not finish (a crash, a quit, a cancel) stays in the job queue and
// the next sync of the account picks it up; see sync-run.ts.
//
// When a run ends with new or changed items, the engine hands them to the library's preview
// queue as a job of its own (thumbnails, AR files): the run is over and reported by then, so
// its time, result and memory never include building previews.
import { rmSync } from 'node:fs';
import type { Account, SyncProgress, SyncRun, SyncStatus } from '../../api/contract.js';
import { connectorFor as registryConnectorFor } from '../connectors/registry.js';
import type { Connector } from '../connectors/connector.js';
import { getAccount, listAccounts } from '../db/accounts.js';
import { itemsMissingPreviews } from '../db/previews.js';
import { accountsInterrupted, allJobIds, pendingWork } from '../db/sync-jobs.js';
import { startRun } from '../db/sync-runs.js';
import { HoldfastError, notFound } from '../errors.js';
import type { EventBus } from '../events.js';
import type { Library } from '../library.js';
import { Downloader, type DownloaderOptions } from '../net/downloader.js';
import { closePreviewJobsOf, previewJobsOf } from '../previews/preview-jobs.js';
import { SyncRunner } from './sync-run.js';

/** The preview queue's module, loaded on the first hand-off (only its types are imported here). */

export interface SyncEngineOptions {
  /** Which connector serves an account kind (default: the registry); tests bring their own. */
  connectorFor?: (kind: Account['kind']) => Promise<Connector>;
  /** Connection limits, timeouts and retries of downloads. */
  downloader?: Partial<DownloaderOptions>;
  /** Files a run keeps queued before its listing waits for downloads to catch up. */
  maxQueuedFiles?: number;
  /** Files that connectors produce themselves (`read()`) at once. */
  readConcurrency?: number;
  /** Queue a previews job (thumbnails, AR files) for a run's new and changed items once it has
   *  ended (default true). */
  previewsAfterSync?: boolean;
}

export class SyncEngine {
  private readonly runs = new Map<number, SyncRunner>();
  /** How recent runs ended, so wait() on a run that just finished still answers. */
  private readonly ended = new Map<number, SyncRun['status']>();
  private readonly downloader: Downloader;
  private readonly connectorFor: (kind: Account['kind']) => Promise<Connector>;
  private readonly maxQueuedFiles: number;
  private readonly readConcurrency: number;
  /** Whether runs that end from now on hand their new and changed items to the preview queue
   *  (`holdfast sync --no-previews` turns it off). */
  previewsAfterSync: boolean;
  /** Per ended run, the id of the previews job it queued (null: nothing to build). */
  private readonly handOffs = new Map<number, Promise<string | null>>();

  constructor(
    private readonly library: Library,
    private readonly events: EventBus,
    options: SyncEngineOptions = {},
  ) {
    this.downloader = new Downloader(options.downloader);
    this.connectorFor = options.connectorFor ?? registryConnectorFor;
    this.maxQueuedFiles = options.maxQueuedFiles ?? 512;
    this.readConcurrency = options.readConcurrency ?? 4;
    this.previewsAfterSync = options.previewsAfterSync ?? true;
    this.removeOrphanPartials();
  }

  /** Starts a sync of one account, or of every account not syncing now; returns the run ids at
   *  once. A sync picks up whatever an earlier one of the account left unfinished. */
  start(accountId?: string): number[] {
    // Imported files (accounts of kind `files`) have no source to sync from: syncing all skips them.
    const accounts = accountId === undefined ? listAccounts(this.library.db).filter((a) => a.kind !== 'files') : [getAccount(this.library.db, accountId)];
    const runIds: number[] = [];
    for (const account of accounts) {
      if (!account) throw notFound(`account ${JSON.stringify(accountId)}`);
      if (account.kind === 'files') {
        throw new HoldfastError('invalid_input', `${account.name} holds imported files and has no source to sync from; import the folder again to add what changed`);
      }
      const busy = [...this.runs.values()].find((r) => r.account.id === account.id);
      if (busy) {
        if (accountId === undefined) continue;
        throw new HoldfastError(
          'conflict',
          busy.isPaused ? `account ${account.name} has a paused sync; resume or cancel it` : `account ${account.name} is already syncing`,
        );
      }
      const runId = startRun(this.library.db, account.id);
      const runner = new SyncRunner(
        {
          library: this.library,
          events: this.events,
          downloader: this.downloader,
          connectorFor: this.connectorFor,
          maxQueuedFiles: this.maxQueuedFiles,
          readConcurrency: this.readConcurrency,
        },
        runId,
        account,
      );
      this.runs.set(runId, runner);
      void runner.done.then((status) => {
        this.runs.delete(runId);
        this.ended.set(runId, status);
        if (this.ended.size > 1000) this.ended.delete(this.ended.keys().next().value!);
        // Registered before wait() resolves (same promise, earlier callback), so a caller that
        // waited for the run finds its previews job.
        this.handOffs.set(runId, this.queuePreviews(runner, status));
        if (this.handOffs.size > 1000) this.handOffs.delete(this.handOffs.keys().next().value!);
      });
      runIds.push(runId);
    }
    return runIds;
  }

  /** Cancels one run or all; their queued files stay for the next sync. Returns how many. */
  cancel(runId?: number): number {
    return this.each(runId, (r) => (r.cancel(), true));
  }

  /** Stops the network work of one run or all at once, keeping partial downloads. */
  pause(runId?: number): number {
    return this.each(runId, (r) => r.pause());
  }

  resume(runId?: number): number {
    return this.each(runId, (r) => r.resume());
  }

  /** Resolves when the given runs (or all running ones) have ended. */
  async wait(runIds?: number[]): Promise<SyncRun['status'][]> {
    if (runIds === undefined) return Promise.all([...this.runs.values()].map((r) => r.done));
    return Promise.all(
      runIds.filter((id) => this.runs.has(id) || this.ended.has(id)).map((id) => this.runs.get(id)?.done ?? this.ended.get(id)!),
    );
  }

  /** The previews jobs that the given ended runs queued (runs with nothing to build have none). */
  async previewJobIds(runIds: readonly number[]): Promise<string[]> {
    const ids = await Promise.all(runIds.map((id) => this.handOffs.get(id) ?? null));
    return ids.filter((id): id is string => id !== null);
  }

  /** Resolves when the previews jobs of the given ended runs (or of every run so far) have
   *  finished. The demo library waits for them; a sync itself never does. */
  async waitForPreviews(runIds?: readonly number[]): Promise<void> {
    const jobIds = await this.previewJobIds(runIds ?? [...this.handOffs.keys()]);
    if (jobIds.length === 0) return;
    await previewJobsOf(this.library, this.events).wait(jobIds);
  }

  /** Hands a run's new and changed items (and those of the account still without previews) to
   *  the preview queue. A cancelled or interrupted run queues nothing: the user stopped it, or
   *  the app is closing. Never throws: previews can never fail a sync. */
  private async queuePreviews(runner: SyncRunner, status: SyncRun['status']): Promise<string | null> {
    if (!this.previewsAfterSync || (status !== 'done' && status !== 'failed')) return null;
    try {
      const itemIds = new Set(runner.changedItems);
      for (const id of itemsMissingPreviews(this.library.db, runner.account.id)) itemIds.add(id);
      if (itemIds.size === 0) return null;
      return previewJobsOf(this.library, this.events).start({ itemIds: [...itemIds], origin: { runId: runner.runId, accountId: runner.account.id } });
    } catch {
      return null;
    }
  }

  /** Where every run stands now, and what runs that ended early left to do. */
  status(): SyncStatus {
    const runs: SyncProgress[] = [...this.runs.values()].map((r) => r.progress.snapshot());
    const active = new Set(runs.map((r) => r.accountId));
    return { runs, pending: pendingWork(this.library.db).filter((p) => !active.has(p.accountId)) };
  }

  /** Stops every run as the app closes: they are recorded as interrupted (not cancelled), keep
   *  their queued files and partial downloads, and resumeInterrupted() continues them at the next
   *  start. Closes the connections. */
  async close(): Promise<void> {
    for (const runner of this.runs.values()) runner.cancel('interrupted');
    await this.wait();
    await this.downloader.close();
    // Previews jobs queued by runs stop too (their items are queued again by the next sync).
    await Promise.all(this.handOffs.values());
    // One queue per library: this also stops the jobs that previews.build started.
    await closePreviewJobsOf(this.library);
  }

  /** Continues the syncs that a crash, a power cut or closing the app stopped midway (the last
   *  run of the account is `interrupted`). The app calls this when it starts; returns run ids. */
  resumeInterrupted(): number[] {
    return accountsInterrupted(this.library.db).flatMap((accountId) => {
      try {
        return this.start(accountId);
      } catch {
        return []; // removed or not syncable any more: nothing to continue
      }
    });
  }

  private each(runId: number | undefined, act: (r: SyncRunner) => boolean): number {
    let n = 0;
    for (const [id, runner] of this.runs) if ((runId === undefined || id === runId) && act(runner)) n++;
    return n;
  }

  /** Partial downloads whose job is gone (finished, or dropped) are left-overs of a crash. */
  private removeOrphanPartials(): void {
    const jobs = allJobIds(this.library.db);
    for (const name of this.library.blobs.listPartials()) {
      if (!jobs.has(Number(name.slice(0, -'.part'.length)))) rmSync(this.library.blobs.partialPath(name), { force: true });
    }
  }
}
