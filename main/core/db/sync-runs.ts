// The history of syncs: when each ran, what it changed, what failed.
import type { SyncRun } from '../../api/contract.js';
import { nowIso } from '../time.js';
import type { Db } from './catalog.js';

export type RunCounters = Pick<SyncRun, 'itemsSeen' | 'itemsAdded' | 'itemsUpdated' | 'itemsGone' | 'filesAdded' | 'bytesAdded' | 'errors'>;

export function startRun(db: Db, accountId: string): number {
  return Number(
    db.prepare(`INSERT INTO sync_runs (account_id, status, started_at) VALUES (?, 'running', ?)`).run(accountId, nowIso()).lastInsertRowid,
  );
}

export function finishRun(db: Db, id: number, status: Exclude<SyncRun['status'], 'running'>, c: RunCounters): void {
  db.prepare(
    `UPDATE sync_runs SET status = @status, finished_at = @now, items_seen = @itemsSeen, items_added = @itemsAdded,
       items_updated = @itemsUpdated, items_gone = @itemsGone, files_added = @filesAdded, bytes_added = @bytesAdded, errors = @errors
     WHERE id = @id`,
  ).run({ id, status, now: nowIso(), ...c, errors: JSON.stringify(c.errors.slice(0, 1000)) });
}

/** Runs left 'running' by a process that died are marked so at the next open. */
export function markInterruptedRuns(db: Db): number {
  return db.prepare(`UPDATE sync_runs SET status = 'interrupted', finished_at = ? WHERE status = 'running'`).run(nowIso()).changes;
}

export function listRuns(db: Db, accountId: string | undefined, limit: number): SyncRun[] {
  const rows = db
    .prepare(
      `SELECT * FROM sync_runs ${accountId === undefined ? '' : 'WHERE account_id = @accountId'} ORDER BY id DESC LIMIT @limit`,
    )
    .all({ accountId, limit }) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: r.id as number,
    accountId: r.account_id as string,
    status: r.status as SyncRun['status'],
    startedAt: r.started_at as string,
    finishedAt: (r.finished_at as string | null) ?? null,
    itemsSeen: r.items_seen as number,
    itemsAdded: r.items_added as number,
    itemsUpdated: r.items_updated as number,
    itemsGone: r.items_gone as number,
    filesAdded: r.files_added as number,
    bytesAdded: r.bytes_added as number,
    errors: JSON.parse(r.errors as string) as SyncRun['errors'],
  }));
}
