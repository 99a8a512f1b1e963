// One sync of one account. The connector's listing and the file downloads overlap: each listed
// holding is written to the catalog with its files queued in sync_jobs (one transaction), and
// each queued file is fetched under the downloader's limits while listing goes on. A file that
// fails is recorded with its reason and never stops the rest. Pause stops the network at once
// (partial files stay, resumed with Range); cancel and crashes leave the queue for the next run.
import { rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Account, SyncRun } from '../../api/contract.js';
import { sniffMime } from '../blob/mime.js';
import { AccountStatusError } from '../connectors/account-status.js';
import type { Connector, ListedHolding, SourceEvidence, SourceFile } from '../connectors/connector.js';
import { setAccountStatus } from '../db/accounts.js';
import { addEvidence, attachFile, itemId, markNotHeldExcept, mimeOfBlob, setItemSyncError, upsertItem } from '../db/items.js';
import {
  armJob,
  checkpointJob,
  deleteJob,
  dropJobsNotArmedBy,
  failJob,
  markJobFetched,
  restartJob,
  type SyncJob,
} from '../db/sync-jobs.js';
import { replaceEvidence, storedFilesFrom } from '../db/bound-evidence.js';
import { clearSyncResume, loadSyncResume, saveSyncResume } from '../db/sync-resume.js';
import { finishRun, type RunCounters } from '../db/sync-runs.js';
import type { EventBus } from '../events.js';
import type { Library } from '../library.js';
import { DownloadError, type Downloader, type PartialState } from '../net/downloader.js';
import { ProgressTracker } from './progress.js';
import { WriteBatcher } from './write-batcher.js';

export type RunStatus = Exclude<SyncRun['status'], 'running'>;

export interface RunDeps {
  library: Library;
  events: EventBus;
  downloader: Downloader;
  connectorFor(kind: Account['kind']): Promise<Connector>;
  /** Files a run keeps queued before the listing waits for downloads to catch up. */
  maxQueuedFiles: number;
  /** Files produced by connectors themselves (`read()`), at once. */
  readConcurrency: number;
}

interface ItemTracker {
  id: string;
  name: string;
  pending: number;
  failures: string[];
  /** Evidence to store once the files are done, naming them (SourceEvidence.bindFiles). */
  bind?: { evidence: SourceEvidence[]; sources: Set<string> };
}

/** Thrown into the work of a paused run; the work waits for resume and goes on. */
class Paused extends Error {
  constructor() {
    super('paused');
  }
}

const LIBRARY_CHANGED_INTERVAL_MS = 3_000;

export class SyncRunner {
  readonly progress: ProgressTracker;
  readonly done: Promise<RunStatus>;
  /** Items this run added, changed or attached a new file to: what the previews job after it builds. */
  readonly changedItems = new Set<string>();
  private readonly cancelController = new AbortController();
  private pauseController = new AbortController();
  private paused = false;
  private resumeWaiters: Array<() => void> = [];
  private outstanding = 0;
  private settledWaiters: Array<() => void> = [];
  private readsActive = 0;
  private readWaiters: Array<() => void> = [];
  private readonly counters: RunCounters = { itemsSeen: 0, itemsAdded: 0, itemsUpdated: 0, itemsGone: 0, filesAdded: 0, bytesAdded: 0, errors: [] };
  private lastLibraryChanged = Date.now();
  private readonly storedAlready;
  private readonly writes: WriteBatcher;
  private stoppedAs: 'cancelled' | 'interrupted' = 'cancelled';
  private ticker: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: RunDeps,
    readonly runId: number,
    readonly account: Account & { config: Record<string, unknown> },
  ) {
    this.progress = new ProgressTracker(deps.events, runId, account.id);
    this.writes = new WriteBatcher(deps.library.db);
    this.storedAlready = deps.library.db.prepare(`SELECT sha256 FROM media_files WHERE item_id = ? AND role = ? AND source_url = ?`).pluck();
    this.done = this.execute();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): boolean {
    if (this.paused || this.cancelController.signal.aborted) return false;
    this.paused = true;
    this.pauseController.abort(new Paused());
    this.progress.state.phase = 'paused';
    this.progress.emit(true);
    return true;
  }

  resume(): boolean {
    if (!this.paused) return false;
    this.paused = false;
    this.pauseController = new AbortController();
    this.progress.state.phase = this.progress.state.itemsListed > 0 ? 'fetching' : 'listing';
    for (const wake of this.resumeWaiters.splice(0)) wake();
    this.progress.emit(true);
    return true;
  }

  /** Stops the run. `interrupted`: the app is closing, not the user cancelling; the run is
   *  recorded so, and the next start of the app continues it. */
  cancel(how: 'cancelled' | 'interrupted' = 'cancelled'): void {
    if (!this.cancelled) this.stoppedAs = how;
    this.cancelController.abort(new Error(how));
    for (const wake of this.resumeWaiters.splice(0)) wake();
    for (const wake of this.settledWaiters.splice(0)) wake();
    for (const wake of this.readWaiters.splice(0)) wake();
    this.progress.state.currentItem = null;
  }

  private get cancelled(): boolean {
    return this.cancelController.signal.aborted;
  }

  private async execute(): Promise<RunStatus> {
    const { library, events } = this.deps;
    const { db } = library;
    const seen = new Set<string>();
    let listingError: unknown = null;
    // Where the last run stopped part-way (its connector said where to go on): this run lists
    // only the rest, so it may not mark anything as no longer held.
    const resumeFrom = loadSyncResume(db, this.account.id);
    let reachedEnd = false;
    let accountStatus: AccountStatusError | null = null;
    this.ticker = setInterval(() => this.progress.emit(), 1_000);
    try {
      const connector = await this.deps.connectorFor(this.account.kind);
      const signal = this.cancelController.signal;
      for await (const holding of connector.listHoldings({ ...this.account, platformId: this.account.platform, resumeFrom }, signal)) {
        if (!(await this.whileRunning())) break;
        await this.roomInQueue();
        if (this.cancelled) break;
        seen.add(await this.admit(holding));
      }
      reachedEnd = !this.cancelled;
    } catch (error) {
      // A connector that needs the user (sign in again, platform closed) ends the run; with
      // `listingComplete` it had listed everything first, so the listing still counts.
      if (!this.cancelled) {
        if (error instanceof AccountStatusError) accountStatus = error;
        if (error instanceof AccountStatusError && error.listingComplete) reachedEnd = true;
        else listingError = error;
      }
    }
    this.writes.flush();
    const listedAll = reachedEnd && resumeFrom === undefined;
    if (reachedEnd) clearSyncResume(db, this.account.id);
    else if (accountStatus?.resumeFrom !== undefined) saveSyncResume(db, this.account.id, accountStatus.resumeFrom);
    this.progress.state.listingDone = reachedEnd;
    if (this.progress.state.phase === 'listing') this.progress.state.phase = 'fetching';
    this.progress.emit(true);

    // Files already queued are fetched even when the listing failed: that work is not lost.
    await this.allSettled();

    let status: RunStatus = 'done';
    if (this.cancelled) status = this.stoppedAs;
    else if (listingError !== null) {
      status = 'failed';
      this.counters.errors.unshift({ item: null, message: `listing the account failed: ${messageOf(listingError)}` });
    } else if (listedAll) {
      // Only a complete listing may say what is no longer held, or which queued files are stale.
      db.transaction(() => {
        this.counters.itemsGone = markNotHeldExcept(db, this.account.id, seen);
        for (const id of dropJobsNotArmedBy(db, this.account.id, this.runId)) this.removePartial(id);
      })();
    }
    if (this.ticker) clearInterval(this.ticker);
    finishRun(db, this.runId, status, this.counters);
    // The account's status tells the user when it needs them; a complete run clears it.
    if (accountStatus) setAccountStatus(db, this.account.id, accountStatus.status, accountStatus.message);
    else if (status === 'done') setAccountStatus(db, this.account.id, 'ok', null);
    this.progress.state.phase = status === 'interrupted' ? 'cancelled' : status;
    this.progress.state.currentItem = null;
    this.progress.emit(true);
    events.emit({ type: 'library.changed' });
    // Thumbnails and AR files are not built here: the engine queues them as a job of their own
    // once the run has ended (see SyncEngine), so a sync's time and memory are the sync's alone.
    return status;
  }

  /** Writes one listed holding to the catalog, queues its files, and starts fetching them. */
  private async admit(holding: ListedHolding): Promise<string> {
    const { blobs } = this.deps.library;
    const p = this.progress.state;
    p.itemsListed++;
    if (p.phase === 'listing') p.phase = 'fetching';
    p.currentItem = holding.record.name;
    this.counters.itemsSeen++;

    // Evidence documents are small and come with the listing: store them before the transaction.
    const evidence = await Promise.all(
      (holding.evidence ?? []).filter((e) => !e.bindFiles).map(async (e) => {
        if (!e.bytes) return { e, file: null };
        const stored = await blobs.put(e.bytes);
        return { e, file: { sha256: stored.sha256, size: stored.size, mime: e.mime ?? (await sniffMime(e.bytes)) } };
      }),
    );

    // The catalog write joins the next group commit; listing goes on meanwhile, and the files
    // start downloading once their jobs are on record. Until then they count as outstanding.
    const reserved = holding.files.length;
    this.outstanding += reserved;
    void this.writes.run(() => this.admitWrite(holding, evidence)).then(
      ({ item, queued }) => {
        this.outstanding -= reserved;
        for (const { job, file } of queued) {
          this.outstanding++;
          this.progress.expectFile(job.id, file.expectedSize ?? job.totalSize);
          void this.fetchJob(job, file, item);
        }
        this.settle();
      },
      (error: unknown) => {
        this.outstanding -= reserved;
        this.counters.errors.push({ item: holding.record.name, message: `could not record the item: ${messageOf(error)}` });
        this.settle();
      },
    );
    this.progress.emit();
    return itemId(this.account.id, holding.record.externalId);
  }

  /** The catalog side of admitting a holding (runs inside a group commit). */
  private admitWrite(
    holding: ListedHolding,
    evidence: Array<{ e: SourceEvidence; file: { sha256: string; size: number; mime: string } | null }>,
  ): { item: ItemTracker; queued: Array<{ job: SyncJob; file: SourceFile }> } {
    const { db, blobs } = this.deps.library;
    const p = this.progress.state;
    const storedAlready = this.storedAlready;
    const keys = new Set<string>();
    const queued: Array<{ job: SyncJob; file: SourceFile }> = [];
    {
      const { id, outcome } = upsertItem(db, this.account.id, this.account.platform, holding.record);
      if (outcome === 'added') this.counters.itemsAdded++;
      if (outcome === 'updated') this.counters.itemsUpdated++;
      if (outcome === 'added' || outcome === 'updated') this.changedItems.add(id);
      for (const { e, file } of evidence) {
        addEvidence(db, id, { kind: e.kind, level: e.level, summary: e.summary, verified: e.verified ?? null, file });
      }
      holding.files.forEach((file, index) => {
        const sourceKey = sourceKeyOf(file, index);
        if (keys.has(sourceKey)) return; // listed twice: one copy is enough
        keys.add(sourceKey);
        p.filesTotal++;
        if (file.sourceUrl) {
          const shas = storedAlready.all(id, file.role, file.sourceUrl) as string[];
          const wanted = file.expectedSha256?.toLowerCase();
          if (shas.some((sha) => (wanted === undefined || sha === wanted) && blobs.has(sha))) {
            p.filesDone++;
            return;
          }
        }
        const job = armJob(db, this.runId, this.account.id, id, {
          role: file.role,
          sourceKey,
          sourceUrl: file.sourceUrl ?? null,
          fileName: file.fileName ?? null,
          expectedSha256: file.expectedSha256?.toLowerCase() ?? null,
          expectedSize: file.expectedSize ?? null,
        });
        queued.push({ job, file });
      });
      const item: ItemTracker = { id, name: holding.record.name, pending: queued.length, failures: [] };
      const bound = (holding.evidence ?? []).filter((e) => e.bindFiles);
      if (bound.length) item.bind = { evidence: bound, sources: new Set(holding.files.flatMap((f) => (f.sourceUrl ? [f.sourceUrl] : []))) };
      if (queued.length === 0) this.itemFinished(item);
      return { item, queued };
    }
  }

  private settle(): void {
    for (const wake of this.settledWaiters.splice(0)) wake();
  }

  /** Fetches one queued file and attaches it; records the reason when it cannot. */
  private async fetchJob(job: SyncJob, file: SourceFile, item: ItemTracker): Promise<void> {
    const { db } = this.deps.library;
    const partial: PartialState = {
      path: this.deps.library.blobs.partialPath(`${job.id}.part`),
      bytes: job.partialBytes,
      validator: job.validator,
      totalSize: job.totalSize,
      digestSha256: job.digestSha256,
    };
    let size: number | null = null;
    try {
      for (;;) {
        if (!(await this.whileRunning())) return;
        try {
          const stored = await this.obtain(job, file, partial, item);
          size = stored.size;
          // One write: the file joins its item, leaves the queue, and the item's state is set.
          await this.writes.run(() => {
            if (attachFile(db, item.id, { role: file.role, fileName: file.fileName ?? null, sourceUrl: file.sourceUrl ?? null, ...stored })) {
              this.counters.filesAdded++;
              this.changedItems.add(item.id);
            }
            deleteJob(db, job.id);
            if (--item.pending === 0) this.itemFinished(item);
          });
          if (stored.created) this.counters.bytesAdded += stored.size;
          this.progress.state.filesDone++;
          break;
        } catch (error) {
          if (this.cancelled) return;
          if (error instanceof Paused || (this.paused && !(error instanceof DownloadError))) continue;
          const message = `${file.role}${file.sourceUrl ? ` (${file.sourceUrl})` : ''}: ${messageOf(error)}`;
          item.failures.push(message);
          this.counters.errors.push({ item: item.name, message });
          this.progress.state.filesFailed = (this.progress.state.filesFailed ?? 0) + 1;
          await this.writes.run(() => {
            failJob(db, job.id, messageOf(error), 1);
            if (--item.pending === 0) this.itemFinished(item);
          });
          break;
        }
      }
    } finally {
      this.progress.fileFinished(job.id, size);
      this.outstanding--;
      this.settle();
      this.progress.emit();
    }
  }

  /** The bytes of a queued file, in the blob store: from the store itself when they are already
   *  there, from a partial file a crash left whole, from the connector, or downloaded. */
  private async obtain(job: SyncJob, file: SourceFile, partial: PartialState, item: ItemTracker): Promise<{ sha256: string; size: number; mime: string; created: boolean }> {
    const { db, blobs } = this.deps.library;
    const known = job.fetchedSha256 ?? job.expectedSha256;
    if (known && blobs.has(known)) {
      this.removePartial(job.id);
      const size = blobs.size(known)!;
      const mime = job.fetchedMime ?? mimeOfBlob(db, known) ?? (await sniffMime(await readHead(blobs.pathOf(known))));
      return { sha256: known, size, mime, created: false };
    }
    if (job.state === 'fetched' && job.fetchedSha256 !== null && job.fetchedSize !== null) {
      try {
        const stored = await blobs.adopt(partial.path, { sha256: job.fetchedSha256, size: job.fetchedSize, verify: true });
        return { ...stored, mime: job.fetchedMime ?? (await sniffMime(await readHead(blobs.pathOf(stored.sha256)))) };
      } catch {
        restartJob(db, job.id);
        Object.assign(job, { state: 'queued', fetchedSha256: null, fetchedSize: null, fetchedMime: null });
        Object.assign(partial, { bytes: 0, validator: null, digestSha256: null });
      }
    }
    const signal = AbortSignal.any([this.cancelController.signal, this.pauseController.signal]);

    if (file.read) {
      await this.readSlot(signal);
      try {
        this.progress.state.currentItem = item.name;
        const body = await file.read(signal);
        const options = { expectedSha256: file.expectedSha256, expectedSize: file.expectedSize };
        const stored = body instanceof Uint8Array ? await blobs.put(body, options) : await blobs.putStream(body, options);
        const head = body instanceof Uint8Array ? body.subarray(0, 4100) : await readHead(blobs.pathOf(stored.sha256));
        this.progress.addBytes(job.id, stored.size);
        return { ...stored, mime: await sniffMime(head) };
      } finally {
        this.readsActive--;
        this.readWaiters.shift()?.();
      }
    }
    if (!file.download) throw new DownloadError(`the ${file.role} file has neither bytes nor a download`, true);

    const spec = file.download;
    const got = await this.deps.downloader.download({
      spec,
      partial,
      expectedSha256: file.expectedSha256 ?? null,
      expectedSize: file.expectedSize ?? null,
      signal,
      onProgress: (delta) => {
        // The current item is the one whose bytes are arriving now.
        this.progress.state.currentItem = item.name;
        this.progress.learnSize(job.id, partial.totalSize);
        this.progress.addBytes(job.id, delta);
      },
      onCheckpoint: (p) =>
        checkpointJob(db, job.id, { partialBytes: p.bytes, validator: p.validator, totalSize: p.totalSize, digestSha256: p.digestSha256 }),
    });
    if (spec.verify) {
      try {
        await spec.verify(partial.path);
      } catch (error) {
        this.removePartial(job.id);
        Object.assign(partial, { bytes: 0, validator: null, digestSha256: null });
        checkpointJob(db, job.id, { partialBytes: 0, validator: null, totalSize: null, digestSha256: null });
        throw new DownloadError(`the source's check rejected the file: ${messageOf(error)}`, true);
      }
    }
    const mime = await sniffMime(got.head);
    // On record before the move, so a crash in between finds the bytes instead of fetching them again.
    await this.writes.run(() => markJobFetched(db, job.id, { sha256: got.sha256, size: got.size, mime }));
    const stored = await blobs.adopt(partial.path, { sha256: got.sha256, size: got.size, synced: got.synced });
    return { ...stored, mime };
  }

  private itemFinished(item: ItemTracker): void {
    const { db } = this.deps.library;
    if (item.bind) this.bindEvidence(item, item.bind);
    setItemSyncError(db, item.id, item.failures.length ? item.failures.join('; ') : null);
    this.progress.state.itemsDone++;
    if (item.failures.length) this.progress.state.itemsFailed = (this.progress.state.itemsFailed ?? 0) + 1;
    if (Date.now() - this.lastLibraryChanged > LIBRARY_CHANGED_INTERVAL_MS) {
      this.lastLibraryChanged = Date.now();
      this.deps.events.emit({ type: 'library.changed' });
    }
  }

  /** Stores evidence that names the item's files, now that they are stored (counted as in flight). */
  private bindEvidence(item: ItemTracker, bind: NonNullable<ItemTracker['bind']>): void {
    const { db, blobs } = this.deps.library;
    this.outstanding++;
    void (async () => {
      const files = storedFilesFrom(db, item.id, bind.sources);
      for (const e of bind.evidence) {
        const bytes = e.bindFiles!(files);
        const stored = await blobs.put(bytes);
        const file = { sha256: stored.sha256, size: stored.size, mime: e.mime ?? (await sniffMime(bytes)) };
        await this.writes.run(() => replaceEvidence(db, item.id, { kind: e.kind, level: e.level, summary: e.summary, verified: e.verified ?? null, file }));
      }
    })()
      .catch((error: unknown) => this.counters.errors.push({ item: item.name, message: `could not record its evidence: ${messageOf(error)}` }))
      .finally(() => {
        this.outstanding--;
        this.settle();
      });
  }

  /** Waits while the run is paused; false when it is cancelled. */
  private async whileRunning(): Promise<boolean> {
    while (this.paused && !this.cancelled) await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
    return !this.cancelled;
  }

  /** Keeps the listing from running far ahead of the downloads (memory stays bounded). */
  private async roomInQueue(): Promise<void> {
    while (this.outstanding >= this.deps.maxQueuedFiles && !this.cancelled) {
      await new Promise<void>((resolve) => this.settledWaiters.push(resolve));
    }
  }

  /** Waits until no file is in flight; after a cancel too, so partial files are checkpointed
   *  before the run reports that it ended. */
  private async allSettled(): Promise<void> {
    while (this.outstanding > 0) await new Promise<void>((resolve) => this.settledWaiters.push(resolve));
  }

  private async readSlot(signal: AbortSignal): Promise<void> {
    while (this.readsActive >= this.deps.readConcurrency) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => this.readWaiters.push(resolve));
    }
    signal.throwIfAborted();
    this.readsActive++;
  }

  private removePartial(jobId: number): void {
    rmSync(this.deps.library.blobs.partialPath(`${jobId}.part`), { force: true });
  }
}

/** What identifies a file of a holding across syncs: its stable source URL, else its download
 *  URL, else its role and name. */
function sourceKeyOf(file: SourceFile, index: number): string {
  return file.sourceUrl ?? file.download?.url ?? `${file.role}:${file.fileName ?? index}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4100);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
