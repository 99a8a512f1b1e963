// Evidence that names the sha256 of its item's files (a platform certificate bound to the media
// it was issued for; see SourceEvidence.bindFiles): the files of a holding as stored, and
// replacing the item's evidence of one kind with the bound document.
import type { FileRole } from '../../api/contract.js';
import type { Db } from './catalog.js';
import { addEvidence, type EvidenceRecord } from './items.js';

export interface StoredFileRow {
  role: FileRole;
  sha256: string;
  size: number;
  mime: string;
  fileName: string | null;
  sourceUrl: string | null;
}

/** The item's stored files that came from `sources` (stable source URLs); the newest per source. */
export function storedFilesFrom(db: Db, itemId: string, sources: ReadonlySet<string>): StoredFileRow[] {
  const rows = db
    .prepare(`SELECT role, sha256, size, mime, file_name AS fileName, source_url AS sourceUrl FROM media_files WHERE item_id = ? ORDER BY added_at, rowid`)
    .all(itemId) as StoredFileRow[];
  const bySource = new Map<string, StoredFileRow>();
  for (const row of rows) if (row.sourceUrl !== null && sources.has(row.sourceUrl)) bySource.set(`${row.role}\n${row.sourceUrl}`, row);
  return [...bySource.values()];
}

/** Stores `record` as the item's one piece of evidence of its kind (earlier ones are dropped). */
export function replaceEvidence(db: Db, itemId: string, record: EvidenceRecord & { file: NonNullable<EvidenceRecord['file']> }): void {
  db.prepare(`DELETE FROM evidence WHERE item_id = ? AND kind = ? AND coalesce(sha256, '') != ?`).run(itemId, record.kind, record.file.sha256);
  addEvidence(db, itemId, record);
}
