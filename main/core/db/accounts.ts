// Platforms and accounts in the catalog.
import type { Account, Platform } from '../../api/contract.js';
import { nowIso } from '../time.js';
import type { Db } from './catalog.js';

export interface PlatformRecord {
  id: string;
  name: string;
  nameZh?: string | null;
  kind: Platform['kind'];
  status?: Platform['status'];
  exitDate?: string | null;
  notice?: string | null;
}

export function upsertPlatform(db: Db, p: PlatformRecord): void {
  db.prepare(
    `INSERT INTO platforms (id, name, name_zh, kind, status, exit_date, notice)
     VALUES (@id, @name, @nameZh, @kind, @status, @exitDate, @notice)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_zh = excluded.name_zh, kind = excluded.kind,
       status = excluded.status, exit_date = excluded.exit_date, notice = excluded.notice`,
  ).run({ nameZh: null, status: 'unknown', exitDate: null, notice: null, ...p });
}

export function listPlatforms(db: Db): Platform[] {
  const rows = db
    .prepare(
      `SELECT p.*, (SELECT count(*) FROM items i WHERE i.platform_id = p.id) AS item_count
       FROM platforms p ORDER BY p.name`,
    )
    .all() as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: r.id as string,
    name: r.name as string,
    nameZh: (r.name_zh as string | null) ?? null,
    kind: r.kind as Platform['kind'],
    status: r.status as Platform['status'],
    exitDate: (r.exit_date as string | null) ?? null,
    itemCount: r.item_count as number,
  }));
}

export interface AccountRecord {
  id: string;
  kind: Account['kind'];
  platformId: string;
  name: string;
  config?: Record<string, unknown>;
}

export function upsertAccount(db: Db, a: AccountRecord): void {
  const now = nowIso();
  db.prepare(
    `INSERT INTO accounts (id, kind, platform_id, name, config, created_at, updated_at)
     VALUES (@id, @kind, @platformId, @name, @config, @now, @now)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, config = excluded.config, updated_at = excluded.updated_at`,
  ).run({ ...a, config: JSON.stringify(a.config ?? {}), now });
}

export function setAccountStatus(db: Db, id: string, status: Account['status'], message: string | null = null): void {
  db.prepare(`UPDATE accounts SET status = ?, status_message = ?, updated_at = ? WHERE id = ?`).run(status, message, nowIso(), id);
}

const ACCOUNT_SELECT = `
  SELECT a.*,
    (SELECT count(*) FROM items i WHERE i.account_id = a.id) AS item_count,
    (SELECT count(*) FROM items i WHERE i.account_id = a.id AND i.held = 1) AS held_count,
    (SELECT coalesce(sum(storage_bytes), 0) FROM items i WHERE i.account_id = a.id) AS storage_bytes,
    (SELECT max(finished_at) FROM sync_runs r WHERE r.account_id = a.id AND r.status = 'done') AS last_sync_at
  FROM accounts a`;

function toAccount(r: Record<string, unknown>): Account & { config: Record<string, unknown> } {
  return {
    id: r.id as string,
    kind: r.kind as Account['kind'],
    platform: r.platform_id as string,
    name: r.name as string,
    status: r.status as Account['status'],
    statusMessage: (r.status_message as string | null) ?? null,
    itemCount: r.item_count as number,
    heldCount: r.held_count as number,
    storageBytes: r.storage_bytes as number,
    createdAt: r.created_at as string,
    lastSyncAt: (r.last_sync_at as string | null) ?? null,
    config: JSON.parse(r.config as string) as Record<string, unknown>,
  };
}

export function listAccounts(db: Db): Array<Account & { config: Record<string, unknown> }> {
  return (db.prepare(`${ACCOUNT_SELECT} ORDER BY a.created_at, a.id`).all() as Array<Record<string, unknown>>).map(toAccount);
}

export function getAccount(db: Db, id: string): (Account & { config: Record<string, unknown> }) | null {
  const row = db.prepare(`${ACCOUNT_SELECT} WHERE a.id = ?`).get(id) as Record<string, unknown> | undefined;
  return row ? toAccount(row) : null;
}

/** Every account of one kind with its config (no counts: cheap enough for each library open). */
export function listAccountConfigs(db: Db, kind: Account['kind']): Array<{ id: string; name: string; config: Record<string, unknown> }> {
  const rows = db.prepare(`SELECT id, name, config FROM accounts WHERE kind = ? ORDER BY id`).all(kind) as Array<{ id: string; name: string; config: string }>;
  return rows.map((r) => ({ id: r.id, name: r.name, config: JSON.parse(r.config) as Record<string, unknown> }));
}

/** Replaces accounts' configs whose old text held a secret, and scrubs that text from the
 *  catalog's files: deleted bytes are zeroed (secure_delete), copies left in pages freed by
 *  earlier updates of the row go with a VACUUM, and the WAL is emptied. Best effort for the last
 *  two: another process holding the catalog open can keep them from finishing. */
export function replaceSecretConfigs(db: Db, updates: ReadonlyArray<{ id: string; config: Record<string, unknown> }>): void {
  if (updates.length === 0) return;
  const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    const now = nowIso();
    const update = db.prepare(`UPDATE accounts SET config = ?, updated_at = ? WHERE id = ?`);
    db.transaction(() => {
      for (const u of updates) update.run(JSON.stringify(u.config), now, u.id);
    })();
    try {
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // busy: the rewrite above already stands; the old bytes go at a later compaction.
    }
  } finally {
    db.pragma(`secure_delete = ${secureDelete ? 'ON' : 'OFF'}`);
  }
}

/** Sets one account's config (no secret in the old or the new text). */
export function setAccountConfig(db: Db, id: string, config: Record<string, unknown>): void {
  db.prepare(`UPDATE accounts SET config = ?, updated_at = ? WHERE id = ?`).run(JSON.stringify(config), nowIso(), id);
}
