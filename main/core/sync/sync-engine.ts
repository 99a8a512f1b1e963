// Runs connectors and writes what they list into the library: items, files, evidence, and a
// sync-run record. One holding that fails is recorded and skipped; it never stops the rest.
import type { ApiEvent, SyncRun } from '../../api/contract.js';
import { getAccount, listAccounts } from '../db/accounts.js';
import { addEvidence, attachFile, markNotHeldExcept, setItemSyncError, upsertItem } from '../db/items.js';
import { finishRun, startRun, type RunCounters } from '../db/sync-runs.js';
import { connectorFor } from '../connectors/registry.js';
import type { ListedHolding, SourceFile } from '../connectors/connector.js';
import { sniffMime } from '../blob/mime.js';
import { HoldfastError, notFound } from '../errors.js';
import type { EventBus } from '../events.js';
import type { Library } from '../library.js';

type Progress = Extract<ApiEvent, { type: 'sync.progress' }>;

const PROGRESS_INTERVAL_MS = 100;

export class SyncEngine {
  private readonly running = new Map<number, { controller: AbortController; done: Promise<SyncRun['status']> }>();

  constructor(
    private readonly library: Library,
    private readonly events: EventBus,
  ) {}

  /** Starts a sync of one account, or of every account; returns the run ids at once. */
  start(accountId?: string): number[] {
    const accounts = accountId === undefined ? listAccounts(this.library.db) : [getAccount(this.library.db, accountId)];
    const runIds: number[] = [];
    for (const account of accounts) {
      if (!account) throw notFound(`account ${JSON.stringify(accountId)}`);
      const busy = [...this.running.keys()].some((id) => this.runAccount.get(id) === account.id);
      if (busy) {
        if (accountId !== undefined) throw new HoldfastError('conflict', `account ${account.name} is already syncing`);
        continue;
      }
      const runId = startRun(this.library.db, account.id);
      const controller = new AbortController();
      this.runAccount.set(runId, account.id);
      const done = this.execute(runId, account.id, controller.signal).finally(() => {
        this.running.delete(runId);
        this.runAccount.delete(runId);
      });
      this.running.set(runId, { controller, done });
      runIds.push(runId);
    }
    return runIds;
  }

  private readonly runAccount = new Map<number, string>();

  cancel(runId?: number): number {
    let n = 0;
    for (const [id, run] of this.running) {
      if (runId === undefined || id === runId) {
        run.controller.abort();
        n++;
      }
    }
    return n;
  }

  /** Resolves when the given runs (or all running ones) have ended. */
  async wait(runIds?: number[]): Promise<SyncRun['status'][]> {
    const runs = [...this.running.entries()].filter(([id]) => runIds === undefined || runIds.includes(id));
    return Promise.all(runs.map(([, r]) => r.done));
  }

  private async execute(runId: number, accountId: string, signal: AbortSignal): Promise<SyncRun['status']> {
    const { db, blobs } = this.library;
    const account = getAccount(db, accountId)!;
    const counters: RunCounters = { itemsSeen: 0, itemsAdded: 0, itemsUpdated: 0, itemsGone: 0, filesAdded: 0, bytesAdded: 0, errors: [] };
    const started = Date.now();
    const progress: Progress = {
      type: 'sync.progress', runId, accountId, phase: 'listing', itemsListed: 0, itemsDone: 0,
      filesDone: 0, filesTotal: 0, bytesDone: 0, bytesPerSecond: 0, etaSeconds: null, currentItem: null,
    };
    let lastEmit = 0;
    const emit = (force = false) => {
      const now = Date.now();
      if (!force && now - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      progress.bytesPerSecond = progress.bytesDone / seconds;
      const itemsLeft = progress.itemsListed - progress.itemsDone;
      progress.etaSeconds = progress.phase === 'fetching' && progress.itemsDone > 0 ? (itemsLeft * seconds) / progress.itemsDone : null;
      this.events.emit({ ...progress });
    };

    const seen = new Set<string>();
    let status: Exclude<SyncRun['status'], 'running'> = 'done';
    try {
      const connector = await connectorFor(account.kind);
      for await (const holding of connector.listHoldings({ ...account, platformId: account.platform }, signal)) {
        if (signal.aborted) break;
        progress.itemsListed++;
        progress.phase = 'fetching';
        progress.currentItem = holding.record.name;
        progress.filesTotal += holding.files.length;
        counters.itemsSeen++;
        const { id, outcome } = upsertItem(db, accountId, account.platform, holding.record);
        seen.add(id);
        if (outcome === 'added') counters.itemsAdded++;
        if (outcome === 'updated') counters.itemsUpdated++;
        try {
          await this.storeFilesAndEvidence(id, holding, signal, counters, progress, emit);
          setItemSyncError(db, id, null);
        } catch (error) {
          if (signal.aborted) break;
          const message = error instanceof Error ? error.message : String(error);
          setItemSyncError(db, id, message);
          counters.errors.push({ item: holding.record.name, message });
        }
        progress.itemsDone++;
        emit();
      }
      if (signal.aborted) status = 'cancelled';
      else counters.itemsGone = markNotHeldExcept(db, accountId, seen);
    } catch (error) {
      status = signal.aborted ? 'cancelled' : 'failed';
      if (!signal.aborted) counters.errors.push({ item: null, message: error instanceof Error ? error.message : String(error) });
    }
    finishRun(db, runId, status, counters);
    progress.phase = status === 'done' ? 'done' : status === 'cancelled' ? 'cancelled' : 'failed';
    progress.currentItem = null;
    emit(true);
    this.events.emit({ type: 'library.changed' });
    return status;
  }

  private async storeFilesAndEvidence(
    itemId: string,
    holding: ListedHolding,
    signal: AbortSignal,
    counters: RunCounters,
    progress: Progress,
    emit: () => void,
  ): Promise<void> {
    const { db, blobs } = this.library;
    const known = db.prepare(`SELECT role, source_url, sha256 FROM media_files WHERE item_id = ?`).all(itemId) as Array<{
      role: string;
      source_url: string | null;
      sha256: string;
    }>;
    const failures: string[] = [];
    for (const file of holding.files) {
      const already = known.find((k) => k.role === file.role && k.source_url !== null && k.source_url === (file.sourceUrl ?? null));
      if (already && blobs.has(already.sha256)) {
        progress.filesDone++;
        continue;
      }
      try {
        const stored = await this.storeFile(file, signal);
        if (attachFile(db, itemId, { role: file.role, fileName: file.fileName ?? null, sourceUrl: file.sourceUrl ?? null, ...stored })) {
          counters.filesAdded++;
        }
        if (stored.created) counters.bytesAdded += stored.size;
        progress.bytesDone += stored.size;
      } catch (error) {
        if (signal.aborted) throw error;
        failures.push(`${file.role}${file.sourceUrl ? ` (${file.sourceUrl})` : ''}: ${error instanceof Error ? error.message : String(error)}`);
      }
      progress.filesDone++;
      emit();
    }
    for (const e of holding.evidence ?? []) {
      const file = e.bytes ? await blobs.put(e.bytes) : null;
      addEvidence(db, itemId, {
        kind: e.kind,
        level: e.level,
        summary: e.summary,
        verified: e.verified ?? null,
        file: file ? { sha256: file.sha256, size: file.size, mime: e.mime ?? (await sniffMime(e.bytes!)) } : null,
      });
    }
    if (failures.length) throw new Error(failures.join('; '));
  }

  private async storeFile(file: SourceFile, signal: AbortSignal) {
    const body = file.read ? await file.read(signal) : await fetchBody(file, signal);
    const stored =
      body instanceof Uint8Array
        ? await this.library.blobs.put(body, { expectedSha256: file.expectedSha256, expectedSize: file.expectedSize })
        : await this.library.blobs.putStream(body, { expectedSha256: file.expectedSha256, expectedSize: file.expectedSize });
    const head = await readHead(this.library.blobs.pathOf(stored.sha256));
    return { ...stored, mime: await sniffMime(head) };
  }
}

/** A plain download; the engine's resumable downloader replaces this (issue: sync engine). */
async function fetchBody(file: SourceFile, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
  if (!file.download) throw new Error(`${file.role} file has neither bytes nor a download`);
  const response = await fetch(file.download.url, { headers: file.download.headers, signal, redirect: 'follow' });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} for ${file.download.url}`);
  return response.body as unknown as AsyncIterable<Uint8Array>;
}

async function readHead(path: string): Promise<Uint8Array> {
  const { open } = await import('node:fs/promises');
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4100);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
