// Where an account's next sync continues its listing. A connector that had to stop part-way
// (a custodial platform's session ended) hands the engine an opaque resume point — its own JSON,
// e.g. the page it was on and how many of that page's entries were done — which is kept here
// until a run of the account lists to the end. The next run gives it back to the connector.
import { nowIso } from '../time.js';
import type { Db } from './catalog.js';

export function saveSyncResume(db: Db, accountId: string, resumeFrom: unknown): void {
  db.prepare(
    `INSERT INTO sync_resume (account_id, resume_from, saved_at) VALUES (?, ?, ?)
     ON CONFLICT (account_id) DO UPDATE SET resume_from = excluded.resume_from, saved_at = excluded.saved_at`,
  ).run(accountId, JSON.stringify(resumeFrom), nowIso());
}

/** The saved resume point, or undefined. */
export function loadSyncResume(db: Db, accountId: string): unknown {
  const text = db.prepare(`SELECT resume_from FROM sync_resume WHERE account_id = ?`).pluck().get(accountId) as string | undefined;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function clearSyncResume(db: Db, accountId: string): void {
  db.prepare(`DELETE FROM sync_resume WHERE account_id = ?`).run(accountId);
}
