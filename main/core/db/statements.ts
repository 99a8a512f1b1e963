// Prepared statements, kept per connection. Compiling SQL costs far more than running it (an
// INSERT into items compiles its search-index triggers too), and a sync runs the same few
// statements for every file; better-sqlite3 does not cache them itself.
import type { Statement } from 'better-sqlite3';
import type { Db } from './catalog.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

/** The statement for `sql` on `db`, compiled once. Callers must not change its mode
 *  (pluck/raw/expand) unless every caller of the same SQL does the same. */
export function prepared(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
