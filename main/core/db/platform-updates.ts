// Queries for imports of saved files: changing what is known about a platform after the fact
// (a user saying 幻核 closed on a date), finding one by the name a user typed, and finding an
// item already imported with the same main file.
import type { Platform } from '../../api/contract.js';
import type { Db } from './catalog.js';

export interface PlatformUpdate {
  status?: Platform['status'];
  /** YYYY-MM-DD; null clears it. */
  exitDate?: string | null;
  notice?: string | null;
}

/** Applies the given fields only; returns false when there is no such platform. */
export function updatePlatform(db: Db, id: string, u: PlatformUpdate): boolean {
  const sets: string[] = [];
  const params: Record<string, unknown> = { id };
  const columns = { status: 'status', exitDate: 'exit_date', notice: 'notice' } as const;
  for (const key of Object.keys(columns) as Array<keyof typeof columns>) {
    if (u[key] === undefined) continue;
    sets.push(`${columns[key]} = @${key}`);
    params[key] = u[key];
  }
  if (!sets.length) return db.prepare(`SELECT 1 FROM platforms WHERE id = ?`).get(id) !== undefined;
  return db.prepare(`UPDATE platforms SET ${sets.join(', ')} WHERE id = @id`).run(params).changes > 0;
}

/** The platform whose id, name or Chinese name is `name` (case-insensitive), if any. */
export function findPlatformByName(db: Db, name: string): { id: string; kind: Platform['kind'] } | null {
  const row = db
    .prepare(`SELECT id, kind FROM platforms WHERE id = @n OR name = @n COLLATE NOCASE OR name_zh = @n ORDER BY kind = 'files' LIMIT 1`)
    .get({ n: name }) as { id: string; kind: Platform['kind'] } | undefined;
  return row ?? null;
}

export function platformNotice(db: Db, id: string): string | null {
  return (db.prepare(`SELECT notice FROM platforms WHERE id = ?`).pluck().get(id) as string | null | undefined) ?? null;
}

/** The external id of an item of this account that already has a file with these bytes as its
 *  main file (an import that meets the same picture twice makes one item of it). */
export function externalIdByMainFile(db: Db, accountId: string, sha256: string, role: string): string | null {
  return (
    (db
      .prepare(`SELECT i.external_id FROM items i JOIN media_files m ON m.item_id = i.id WHERE i.account_id = ? AND m.sha256 = ? AND m.role = ? LIMIT 1`)
      .pluck()
      .get(accountId, sha256, role) as string | undefined) ?? null
  );
}
