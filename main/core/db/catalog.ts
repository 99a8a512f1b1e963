// The catalog: one SQLite file per library, opened in WAL mode with migrations applied at open.
// All SQL that reads or writes it lives in this folder.
import Database from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { HoldfastError } from '../errors.js';
import { latestSchemaVersion, migrations } from './migrations.js';

export type Db = Database.Database;

const SQLITE_MAGIC = 'SQLite format 3\0';

/** Refuse anything that is not an empty file or an SQLite database before SQLite touches it. */
function assertLooksLikeSqlite(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // does not exist yet: SQLite creates it
  }
  try {
    const header = Buffer.alloc(16);
    const n = readSync(fd, header, 0, 16, 0);
    if (n > 0 && header.toString('latin1', 0, n) !== SQLITE_MAGIC.slice(0, n)) {
      throw new HoldfastError('not_a_library', `${path} is not a Holdfast catalog (not an SQLite database)`);
    }
  } finally {
    closeSync(fd);
  }
}

export function openCatalogDb(path: string): Db {
  assertLooksLikeSqlite(path);
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; FULL adds power-loss safety
    // of the last transaction at a large cost, and a sync can always redo its last item.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof HoldfastError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/file is not a database|malformed/i.test(message)) {
      throw new HoldfastError('not_a_library', `${path} is not a readable Holdfast catalog: ${message}`, { cause: error });
    }
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current > latestSchemaVersion) {
    throw new HoldfastError(
      'library_too_new',
      `This library was written by a newer Holdfast (schema ${current}; this version knows up to ${latestSchemaVersion}). Update Holdfast to open it.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
