// The sync job queue: one row per file a sync still has to fetch (see migration 2). Rows are
// armed while a connector lists, checkpointed while bytes arrive, and deleted in the same
// transaction that attaches the stored file to its item, so the catalog never claims a file the
// store lacks and a crash never forgets one the store is missing.
import { nowIso } from '../time.js';
import type { Db } from './catalog.js';
import { prepared } from './statements.js';

export interface SyncJob {
  id: number;
  accountId: string;
  itemId: string;
  role: string;
  sourceKey: string;
  state: 'queued' | 'fetched' | 'failed';
  attempts: number;
  error: string | null;
  expectedSha256: string | null;
  totalSize: number | null;
  partialBytes: number;
  validator: string | null;
  digestSha256: string | null;
  fetchedSha256: string | null;
  fetchedSize: number | null;
  fetchedMime: string | null;
}

export interface JobFile {
  role: string;
  sourceKey: string;
  sourceUrl: string | null;
  fileName: string | null;
  expectedSha256: string | null;
  expectedSize: number | null;
}

function toJob(r: Record<string, unknown>): SyncJob {
  return {
    id: r.id as number,
    accountId: r.account_id as string,
    itemId: r.item_id as string,
    role: r.role as string,
    sourceKey: r.source_key as string,
    state: r.state as SyncJob['state'],
    attempts: r.attempts as number,
    error: (r.error as string | null) ?? null,
    expectedSha256: (r.expected_sha256 as string | null) ?? null,
    totalSize: (r.total_size as number | null) ?? null,
    partialBytes: r.partial_bytes as number,
    validator: (r.validator as string | null) ?? null,
    digestSha256: (r.digest_sha256 as string | null) ?? null,
    fetchedSha256: (r.fetched_sha256 as string | null) ?? null,
    fetchedSize: (r.fetched_size as number | null) ?? null,
    fetchedMime: (r.fetched_mime as string | null) ?? null,
  };
}

/**
 * Queues a file of an item for run `runId`, or re-arms the row an earlier run left (keeping its
 * partial download). A file whose published digest changed starts over.
 */
export function armJob(db: Db, runId: number, accountId: string, itemId: string, f: JobFile): SyncJob {
  const now = nowIso();
  const row = prepared(
    db,
      `INSERT INTO sync_jobs (account_id, item_id, role, source_key, source_url, file_name, state, run_id, expected_sha256, total_size, created_at, updated_at)
       VALUES (@accountId, @itemId, @role, @sourceKey, @sourceUrl, @fileName, 'queued', @runId, @expectedSha256, @expectedSize, @now, @now)
       ON CONFLICT (item_id, role, source_key) DO UPDATE SET
         run_id = excluded.run_id, source_url = excluded.source_url, file_name = excluded.file_name, updated_at = excluded.updated_at,
         state = CASE WHEN sync_jobs.state = 'failed' OR sync_jobs.expected_sha256 IS NOT excluded.expected_sha256 THEN 'queued'
                 ELSE sync_jobs.state END,
         error = CASE WHEN sync_jobs.state = 'failed' THEN NULL ELSE sync_jobs.error END,
         partial_bytes = CASE WHEN sync_jobs.expected_sha256 IS excluded.expected_sha256 THEN sync_jobs.partial_bytes ELSE 0 END,
         fetched_sha256 = CASE WHEN sync_jobs.expected_sha256 IS excluded.expected_sha256 THEN sync_jobs.fetched_sha256 ELSE NULL END,
         expected_sha256 = excluded.expected_sha256,
         total_size = coalesce(excluded.total_size, sync_jobs.total_size)
       RETURNING *`,
    )
    .get({ runId, accountId, itemId, ...f, now }) as Record<string, unknown>;
  return toJob(row);
}

/** Progress of a partial download that has been fsynced up to `partialBytes`. */
export function checkpointJob(
  db: Db,
  id: number,
  p: { partialBytes: number; validator: string | null; totalSize: number | null; digestSha256: string | null },
): void {
  prepared(
    db,
    `UPDATE sync_jobs SET partial_bytes = @partialBytes, validator = @validator, total_size = coalesce(@totalSize, total_size),
       digest_sha256 = @digestSha256, updated_at = @now WHERE id = @id`,
  ).run({ id, ...p, now: nowIso() });
}

/** The bytes are whole and checked; recorded before they move into the blob store, so a crash
 *  in between finds them (in the store, or still in the partial file) instead of fetching again. */
export function markJobFetched(db: Db, id: number, f: { sha256: string; size: number; mime: string }): void {
  prepared(
    db,
    `UPDATE sync_jobs SET state = 'fetched', fetched_sha256 = @sha256, fetched_size = @size, fetched_mime = @mime,
       partial_bytes = @size, updated_at = @now WHERE id = @id`,
  ).run({ id, ...f, now: nowIso() });
}

/** A fetched file turned out missing or damaged: fetch it again from the start. */
export function restartJob(db: Db, id: number): void {
  prepared(
    db,
    `UPDATE sync_jobs SET state = 'queued', fetched_sha256 = NULL, fetched_size = NULL, fetched_mime = NULL, partial_bytes = 0,
       validator = NULL, digest_sha256 = NULL, updated_at = ? WHERE id = ?`,
  ).run(nowIso(), id);
}

export function failJob(db: Db, id: number, error: string, tries: number): void {
  prepared(db, `UPDATE sync_jobs SET state = 'failed', error = ?, attempts = attempts + ?, updated_at = ? WHERE id = ?`).run(
    error.slice(0, 2000),
    tries,
    nowIso(),
    id,
  );
}

export function deleteJob(db: Db, id: number): void {
  prepared(db, `DELETE FROM sync_jobs WHERE id = ?`).run(id);
}

/** After a complete listing: rows of the account that run `runId` did not arm are files the
 *  source no longer lists. Returns their ids (their partial files can go). */
export function dropJobsNotArmedBy(db: Db, accountId: string, runId: number): number[] {
  return prepared(db, `DELETE FROM sync_jobs WHERE account_id = ? AND run_id IS NOT ? RETURNING id`)
    .pluck()
    .all(accountId, runId) as number[];
}

export function allJobIds(db: Db): Set<number> {
  return new Set(prepared(db, `SELECT id FROM sync_jobs`).pluck().all() as number[]);
}

export interface PendingWork {
  accountId: string;
  /** Files still to fetch (queued, or fetched and not yet stored). */
  queued: number;
  failed: number;
  /** Bytes already downloaded into partial files. */
  partialBytes: number;
}

export function pendingWork(db: Db): PendingWork[] {
  return prepared(
    db,
      `SELECT account_id AS accountId, sum(state != 'failed') AS queued, sum(state = 'failed') AS failed,
              coalesce(sum(partial_bytes), 0) AS partialBytes
       FROM sync_jobs GROUP BY account_id ORDER BY account_id`,
    )
    .all() as PendingWork[];
}

export interface FailedFile {
  accountId: string;
  itemId: string;
  itemName: string;
  role: string;
  sourceUrl: string | null;
  reason: string;
  attempts: number;
  failedAt: string;
}

export function listFailedFiles(db: Db, accountId: string | undefined, limit: number): FailedFile[] {
  return prepared(
    db,
      `SELECT j.account_id AS accountId, j.item_id AS itemId, i.name AS itemName, j.role, j.source_url AS sourceUrl,
              coalesce(j.error, '') AS reason, j.attempts, j.updated_at AS failedAt
       FROM sync_jobs j JOIN items i ON i.id = j.item_id
       WHERE j.state = 'failed' ${accountId === undefined ? '' : 'AND j.account_id = @accountId'}
       ORDER BY j.updated_at DESC, j.id LIMIT @limit`,
    )
    .all({ accountId, limit }) as FailedFile[];
}

export function countFailedFiles(db: Db, accountId?: string): number {
  return prepared(db, `SELECT count(*) FROM sync_jobs WHERE state = 'failed' ${accountId === undefined ? '' : 'AND account_id = ?'}`)
    .pluck()
    .get(...(accountId === undefined ? [] : [accountId])) as number;
}

/** Accounts whose last sync was interrupted (the process died, or the app closed mid-sync). */
export function accountsInterrupted(db: Db): string[] {
  return prepared(
    db,
    `SELECT r.account_id FROM sync_runs r JOIN accounts a ON a.id = r.account_id
     WHERE r.status = 'interrupted' AND r.id = (SELECT max(id) FROM sync_runs WHERE account_id = r.account_id)
     ORDER BY r.id`,
  )
    .pluck()
    .all() as string[];
}
