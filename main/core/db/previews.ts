// What the preview pipeline built for each item (thumbnails, AR files) and why it could not.
// The files themselves are ordinary media_files rows with roles 'thumbnail', 'ar-glb' and
// 'ar-usdz'; the ones Holdfast made carry a `holdfast-preview:` source URL so a rebuild can
// replace exactly them and never a file a platform delivered.
import type { FileRole, MediaType } from '../../api/contract.js';
import { nowIso } from '../time.js';
import type { Db } from './catalog.js';
import { prepared } from './statements.js';

export type PreviewStage = 'thumbnail' | 'ar';
export type PreviewStatus = 'ok' | 'fallback' | 'error' | 'none';

import { GENERATED_SOURCE_PREFIX, generatedSource } from '../../common/preview-sources.js';

export { GENERATED_SOURCE_PREFIX };

export interface PreviewRecord {
  itemId: string;
  stage: PreviewStage;
  status: PreviewStatus;
  /** What it was built from: 'image', 'poster', 'render3d', 'model', 'framed-artwork'… */
  source: string | null;
  sourceSha256: string | null;
  message: string | null;
  /** data: URL of a tiny WebP, shown blurred while the real thumbnail loads. */
  placeholder: string | null;
  version: number;
  builtAt: string;
}

export interface PreviewSourceFile {
  role: FileRole;
  sha256: string;
  mime: string;
  size: number;
  fileName: string | null;
  sourceUrl: string | null;
}

export interface PreviewSourceItem {
  id: string;
  name: string;
  mediaType: MediaType;
  files: PreviewSourceFile[];
  previews: Partial<Record<PreviewStage, PreviewRecord>>;
}

function toRecord(r: Record<string, unknown>): PreviewRecord {
  return {
    itemId: r.item_id as string,
    stage: r.stage as PreviewStage,
    status: r.status as PreviewStatus,
    source: (r.source as string | null) ?? null,
    sourceSha256: (r.source_sha256 as string | null) ?? null,
    message: (r.message as string | null) ?? null,
    placeholder: (r.placeholder as string | null) ?? null,
    version: r.version as number,
    builtAt: r.built_at as string,
  };
}

/** Ids of the items to consider, in a stable order: the given ones that exist, or all. */
export function previewItemIds(db: Db, itemIds?: readonly string[]): string[] {
  if (itemIds === undefined) return prepared(db, `SELECT id FROM items ORDER BY acquired_at DESC, id`).pluck().all() as string[];
  const exists = prepared(db, `SELECT 1 FROM items WHERE id = ?`).pluck();
  return [...new Set(itemIds)].filter((id) => exists.get(id) !== undefined);
}

/** One item with its files and what was built for it, or null when it is gone. */
export function previewSourceItem(db: Db, itemId: string): PreviewSourceItem | null {
  const row = prepared(db, `SELECT id, name, media_type FROM items WHERE id = ?`).get(itemId) as
    | { id: string; name: string; media_type: MediaType }
    | undefined;
  if (!row) return null;
  const files = (
    prepared(db, `SELECT role, sha256, mime, size, file_name, source_url FROM media_files WHERE item_id = ? ORDER BY added_at, role, sha256`).all(itemId) as Array<
      Record<string, unknown>
    >
  ).map((f) => ({
    role: f.role as FileRole,
    sha256: f.sha256 as string,
    mime: f.mime as string,
    size: f.size as number,
    fileName: (f.file_name as string | null) ?? null,
    sourceUrl: (f.source_url as string | null) ?? null,
  }));
  const previews: PreviewSourceItem['previews'] = {};
  for (const r of prepared(db, `SELECT * FROM previews WHERE item_id = ?`).all(itemId) as Array<Record<string, unknown>>) {
    const rec = toRecord(r);
    previews[rec.stage] = rec;
  }
  return { id: row.id, name: row.name, mediaType: row.media_type, files, previews };
}

export interface GeneratedFile {
  role: FileRole;
  sha256: string;
  mime: string;
  size: number;
  fileName: string;
  /** Short name of what this file is within its stage, e.g. 'thumbnail/256'. */
  key: string;
}

/** Replaces what a stage built for an item, in one transaction: the previous generated files of
 *  the stage's roles go, the new ones and the stage's record come in. */
export function saveStage(
  db: Db,
  record: Omit<PreviewRecord, 'builtAt'>,
  roles: readonly FileRole[],
  files: readonly GeneratedFile[],
): void {
  const now = nowIso();
  db.transaction(() => {
    const drop = prepared(db, `DELETE FROM media_files WHERE item_id = ? AND role = ? AND source_url LIKE ?`);
    for (const role of roles) drop.run(record.itemId, role, `${GENERATED_SOURCE_PREFIX}%`);
    const add = prepared(
      db,
      `INSERT INTO media_files (item_id, role, sha256, mime, size, file_name, source_url, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    for (const f of files) add.run(record.itemId, f.role, f.sha256, f.mime, f.size, f.fileName, generatedSource(f.key), now);
    prepared(
      db,
      `INSERT INTO previews (item_id, stage, status, source, source_sha256, message, placeholder, version, built_at)
       VALUES (@itemId, @stage, @status, @source, @sourceSha256, @message, @placeholder, @version, @now)
       ON CONFLICT (item_id, stage) DO UPDATE SET status = excluded.status, source = excluded.source,
         source_sha256 = excluded.source_sha256, message = excluded.message, placeholder = excluded.placeholder,
         version = excluded.version, built_at = excluded.built_at`,
    ).run({ ...record, now });
  })();
}

/** Everything recorded for an item, for its page and `holdfast ar`. */
export function previewRecords(db: Db, itemId: string): PreviewRecord[] {
  return (prepared(db, `SELECT * FROM previews WHERE item_id = ? ORDER BY stage`).all(itemId) as Array<Record<string, unknown>>).map(toRecord);
}

/** Items whose last build of a stage failed, with the message, for the CLI summary. */
export function previewProblems(db: Db, itemIds?: readonly string[]): Array<PreviewRecord & { name: string }> {
  const rows = prepared(
    db,
    `SELECT p.*, i.name FROM previews p JOIN items i ON i.id = p.item_id
     WHERE p.status IN ('error', 'fallback') ORDER BY i.name, p.stage`,
  ).all() as Array<Record<string, unknown>>;
  const wanted = itemIds ? new Set(itemIds) : null;
  return rows.map((r) => ({ ...toRecord(r), name: r.name as string })).filter((r) => !wanted || wanted.has(r.itemId));
}

/** The blurred placeholder of an item's thumbnail, if one was built. */
export const PLACEHOLDER_SQL = `(SELECT p.placeholder FROM previews p WHERE p.item_id = i.id AND p.stage = 'thumbnail')`;

/** Items of an account that have not had both preview stages built yet (a preview job that was
 *  cancelled or cut short by closing the app); a sync of the account queues them again. */
export function itemsMissingPreviews(db: Db, accountId: string): string[] {
  return prepared(db, `SELECT i.id FROM items i WHERE i.account_id = ? AND (SELECT count(*) FROM previews p WHERE p.item_id = i.id) < 2`)
    .pluck()
    .all(accountId) as string[];
}
