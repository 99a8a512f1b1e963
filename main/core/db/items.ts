// Items, their files and their evidence in the catalog.
import { createHash } from 'node:crypto';
import type { Evidence, FileRef, FileRole, ItemDetail, ItemSummary, ListItemsInput, MediaType } from '../../api/contract.js';
import { nowIso } from '../time.js';
import type { Db } from './catalog.js';
import { prepared } from './statements.js';
import { buildItemFilter } from './item-filter.js';
import { PLACEHOLDER_SQL } from './previews.js';

/** A holding as a connector reports it. Unknown fields are null, never invented. */
export interface HoldingRecord {
  externalId: string;
  name: string;
  description?: string | null;
  creator?: string | null;
  issuer?: string | null;
  collection?: string | null;
  serial?: string | null;
  chain?: string | null;
  contract?: string | null;
  tokenId?: string | null;
  txHash?: string | null;
  standard?: string | null;
  mediaType: MediaType;
  attributes?: Array<{ trait: string; value: string }>;
  metadata?: Record<string, unknown>;
  issuedAt?: string | null;
  acquiredAt?: string | null;
}

/** Stable id of an item: the same holding seen by the same account always gets the same id. */
export function itemId(accountId: string, externalId: string): string {
  return createHash('sha256').update(`${accountId}\n${externalId}`).digest('hex').slice(0, 24);
}

export type UpsertOutcome = 'added' | 'updated' | 'unchanged';

const ITEM_FIELDS = [
  'name', 'description', 'creator', 'issuer', 'collection', 'serial', 'chain', 'contract', 'token_id', 'tx_hash',
  'standard', 'media_type', 'attributes', 'metadata', 'issued_at', 'acquired_at',
] as const;

function toRow(h: HoldingRecord): Record<(typeof ITEM_FIELDS)[number], string | null> {
  return {
    name: h.name,
    description: h.description ?? null,
    creator: h.creator ?? null,
    issuer: h.issuer ?? null,
    collection: h.collection ?? null,
    serial: h.serial ?? null,
    chain: h.chain ?? null,
    contract: h.contract ?? null,
    token_id: h.tokenId ?? null,
    tx_hash: h.txHash ?? null,
    standard: h.standard ?? null,
    media_type: h.mediaType,
    attributes: JSON.stringify(h.attributes ?? []),
    metadata: JSON.stringify(h.metadata ?? {}),
    issued_at: h.issuedAt ?? null,
    acquired_at: h.acquiredAt ?? null,
  };
}

export function upsertItem(db: Db, accountId: string, platformId: string, h: HoldingRecord): { id: string; outcome: UpsertOutcome } {
  const id = itemId(accountId, h.externalId);
  const now = nowIso();
  const row = toRow(h);
  const existing = prepared(db, `SELECT ${ITEM_FIELDS.join(', ')}, held FROM items WHERE id = ?`).get(id) as
    | (Record<string, string | null> & { held: number })
    | undefined;
  if (!existing) {
    prepared(
      db,
      `INSERT INTO items (id, account_id, platform_id, external_id, ${ITEM_FIELDS.join(', ')}, held, first_seen_at, last_seen_at, updated_at)
       VALUES (@id, @accountId, @platformId, @externalId, ${ITEM_FIELDS.map((f) => `@${f}`).join(', ')}, 1, @now, @now, @now)`,
    ).run({ id, accountId, platformId, externalId: h.externalId, ...row, now });
    return { id, outcome: 'added' };
  }
  const changed = ITEM_FIELDS.some((f) => existing[f] !== row[f]) || existing.held !== 1;
  if (changed) {
    prepared(
      db,
      `UPDATE items SET ${ITEM_FIELDS.map((f) => `${f} = @${f}`).join(', ')}, held = 1, last_seen_at = @now, updated_at = @now WHERE id = @id`,
    ).run({ id, ...row, now });
  } else {
    prepared(db, `UPDATE items SET last_seen_at = ? WHERE id = ?`).run(now, id);
  }
  return { id, outcome: changed ? 'updated' : 'unchanged' };
}

/** After a complete listing: holdings the account no longer has are marked, never deleted. */
export function markNotHeldExcept(db: Db, accountId: string, seenIds: ReadonlySet<string>): number {
  const held = db.prepare(`SELECT id FROM items WHERE account_id = ? AND held = 1`).pluck().all(accountId) as string[];
  const gone = held.filter((id) => !seenIds.has(id));
  const mark = db.prepare(`UPDATE items SET held = 0, updated_at = ? WHERE id = ?`);
  const now = nowIso();
  for (const id of gone) mark.run(now, id);
  return gone.length;
}

export function setItemSyncError(db: Db, id: string, message: string | null): void {
  prepared(db, `UPDATE items SET sync_error = ? WHERE id = ?`).run(message, id);
}

export interface FileRecord extends FileRef {
  role: FileRole;
  fileName?: string | null;
  sourceUrl?: string | null;
}

/** Returns true when the file was not attached to the item before. */
export function attachFile(db: Db, itemIdValue: string, f: FileRecord): boolean {
  const result = prepared(
    db,
    `INSERT INTO media_files (item_id, role, sha256, mime, size, file_name, source_url, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(itemIdValue, f.role, f.sha256, f.mime, f.size, f.fileName ?? null, f.sourceUrl ?? null, nowIso());
  return result.changes > 0;
}

export interface EvidenceRecord {
  kind: string;
  level: number;
  file?: FileRef | null;
  summary?: Record<string, unknown>;
  verified?: boolean | null;
  verifyMessage?: string | null;
}

/** Records evidence and raises the item's level to the best evidence that is not known bad. */
export function addEvidence(db: Db, itemIdValue: string, e: EvidenceRecord): void {
  prepared(
    db,
    `INSERT INTO evidence (item_id, kind, level, sha256, mime, size, summary, captured_at, verified, verify_message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (item_id, kind, sha256) DO UPDATE SET summary = excluded.summary, level = excluded.level,
       verified = excluded.verified, verify_message = excluded.verify_message`,
  ).run(
    itemIdValue,
    e.kind,
    e.level,
    e.file?.sha256 ?? null,
    e.file?.mime ?? null,
    e.file?.size ?? null,
    JSON.stringify(e.summary ?? {}),
    nowIso(),
    e.verified === undefined || e.verified === null ? null : e.verified ? 1 : 0,
    e.verifyMessage ?? null,
  );
  prepared(
    db,
    `UPDATE items SET evidence_level = coalesce((SELECT max(level) FROM evidence WHERE item_id = ? AND coalesce(verified, 1) = 1), 0) WHERE id = ?`,
  ).run(itemIdValue, itemIdValue);
}

const PREVIEW_SQL = `(SELECT m.sha256 || '|' || m.mime || '|' || m.size FROM media_files m
   WHERE m.item_id = i.id AND m.role IN ('thumbnail', 'image', 'poster')
   ORDER BY CASE m.role WHEN 'thumbnail' THEN 0 WHEN 'image' THEN 1 ELSE 2 END, m.size LIMIT 1)`;

function parsePreview(value: unknown): FileRef | null {
  if (typeof value !== 'string') return null;
  const [sha256 = '', mime = '', size = '0'] = value.split('|');
  return { sha256, mime, size: Number(size) };
}

function toSummary(r: Record<string, unknown>): ItemSummary {
  return {
    id: r.id as string,
    accountId: r.account_id as string,
    platform: r.platform_id as string,
    name: r.name as string,
    creator: (r.creator as string | null) ?? null,
    collection: (r.collection as string | null) ?? null,
    serial: (r.serial as string | null) ?? null,
    chain: (r.chain as string | null) ?? null,
    mediaType: r.media_type as MediaType,
    evidenceLevel: r.evidence_level as number,
    held: r.held === 1,
    acquiredAt: (r.acquired_at as string | null) ?? null,
    preview: parsePreview(r.preview),
    placeholder: (r.placeholder as string | null) ?? null,
    syncFailed: Boolean(r.sync_failed ?? r.sync_error),
  };
}

/** ORDER BY for each sort and direction, each written to match one index (migrations 1 and 4)
 *  so a page is read off the index instead of sorting the table. Unknown values sort last. */
const SORT_SQL: Record<NonNullable<ListItemsInput['sort']>, Record<'asc' | 'desc', { order: string; index: string }>> = {
  acquired: {
    desc: { order: 'i.acquired_at DESC, i.id', index: 'items_acquired' },
    asc: { order: 'i.acquired_at IS NULL, i.acquired_at, i.rowid', index: 'items_acquired_asc' },
  },
  name: {
    asc: { order: 'i.name COLLATE NOCASE, i.id', index: 'items_name' },
    desc: { order: 'i.name COLLATE NOCASE DESC, i.id DESC', index: 'items_name' },
  },
  platform: {
    asc: { order: 'i.platform_id, i.acquired_at DESC, i.rowid', index: 'items_platform' },
    desc: { order: 'i.platform_id DESC, i.acquired_at DESC, i.rowid', index: 'items_platform_desc' },
  },
  chain: {
    asc: { order: 'i.chain IS NULL, i.chain, i.acquired_at DESC, i.rowid', index: 'items_chain_asc' },
    desc: { order: 'i.chain DESC, i.acquired_at DESC, i.rowid', index: 'items_chain_desc' },
  },
};

/** Relative cost of stepping over one index entry while walking a sort's index, against
 *  fetching one row: probing the search hits needs no row, other filters do. */
const WALK_COST = { searchOnly: 0.15, filtered: 1 };

export function listItems(db: Db, input: Required<Pick<ListItemsInput, 'sort' | 'order' | 'offset' | 'limit'>> & ListItemsInput): {
  total: number;
  items: ItemSummary[];
} {
  const { where, params, filterWhere, matchSet } = buildItemFilter(input);
  // Counting search hits alone never touches the table; with other filters the count walks a
  // filter's index and probes the hits.
  const total = (
    matchSet && !filterWhere
      ? db.prepare(`SELECT count(*) FROM (${matchSet})`).pluck().get(params)
      : db.prepare(`SELECT count(*) FROM items i ${where}`).pluck().get(params)
  ) as number;
  if (total === 0 || input.offset >= total) return { total, items: [] };

  // 1. Which rows make the page, in order (row ids only, so a sort never carries whole rows).
  const sort = SORT_SQL[input.sort][input.order];
  let from = 'items i';
  let order = sort.order;
  if (where) {
    // Two ways to read a page of a filtered list: walk the sort's index keeping matching rows
    // (about (offset + limit) · N / total entries), or fetch every match and sort (total rows).
    // Left alone, SQLite guesses without knowing `total`; we know it.
    const size = (db.prepare('SELECT max(rowid) FROM items').pluck().get() as number | null) ?? total;
    const perEntry = filterWhere ? WALK_COST.filtered : WALK_COST.searchOnly;
    if (((input.offset + input.limit) * size * perEntry) / total < total) from = `items i INDEXED BY ${sort.index}`;
    else order = order.replace(/(^|, )i\./g, '$1+i.'); // a unary + keeps the planner off the sort index
  }
  const rowids = db
    .prepare(`SELECT i.rowid FROM ${from} ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...params, limit: input.limit, offset: input.offset }) as number[];

  // 2. What the grid shows for those rows.
  const rows = db
    .prepare(
      `SELECT i.rowid AS rid, i.id, i.account_id, i.platform_id, i.name, i.creator, i.collection, i.serial, i.chain, i.media_type,
              i.evidence_level, i.held, i.acquired_at, i.sync_error IS NOT NULL AS sync_failed, ${PREVIEW_SQL} AS preview,
              ${PLACEHOLDER_SQL} AS placeholder
       FROM items i WHERE i.rowid IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(rowids)) as Array<Record<string, unknown>>;
  const byRowid = new Map(rows.map((r) => [r.rid as number, r]));
  return { total, items: rowids.flatMap((rowid) => (byRowid.has(rowid) ? [toSummary(byRowid.get(rowid)!)] : [])) };
}

export function getItem(db: Db, id: string, pathOf: (sha256: string) => string): ItemDetail | null {
  const r = db.prepare(`SELECT i.*, ${PREVIEW_SQL} AS preview, ${PLACEHOLDER_SQL} AS placeholder FROM items i WHERE i.id = ?`).get(id) as Record<string, unknown> | undefined;
  if (!r) return null;
  const files = (
    db.prepare(`SELECT * FROM media_files WHERE item_id = ? ORDER BY added_at, role, sha256`).all(id) as Array<Record<string, unknown>>
  ).map((f) => ({
    role: f.role as FileRole,
    sha256: f.sha256 as string,
    mime: f.mime as string,
    size: f.size as number,
    fileName: (f.file_name as string | null) ?? null,
    sourceUrl: (f.source_url as string | null) ?? null,
    path: pathOf(f.sha256 as string),
  }));
  const evidence: Evidence[] = (
    db.prepare(`SELECT * FROM evidence WHERE item_id = ? ORDER BY level DESC, id`).all(id) as Array<Record<string, unknown>>
  ).map((e) => ({
    id: e.id as number,
    kind: e.kind as string,
    level: e.level as number,
    capturedAt: e.captured_at as string,
    summary: JSON.parse(e.summary as string) as Record<string, unknown>,
    file: e.sha256 ? { sha256: e.sha256 as string, mime: e.mime as string, size: e.size as number } : null,
    verified: e.verified === null ? null : e.verified === 1,
    verifyMessage: (e.verify_message as string | null) ?? null,
  }));
  return {
    ...toSummary(r),
    externalId: r.external_id as string,
    description: (r.description as string | null) ?? null,
    issuer: (r.issuer as string | null) ?? null,
    contract: (r.contract as string | null) ?? null,
    tokenId: (r.token_id as string | null) ?? null,
    txHash: (r.tx_hash as string | null) ?? null,
    standard: (r.standard as string | null) ?? null,
    issuedAt: (r.issued_at as string | null) ?? null,
    firstSeenAt: r.first_seen_at as string,
    lastSeenAt: r.last_seen_at as string,
    syncError: (r.sync_error as string | null) ?? null,
    attributes: JSON.parse(r.attributes as string) as Array<{ trait: string; value: string }>,
    metadata: JSON.parse(r.metadata as string) as Record<string, unknown>,
    files,
    evidence,
  };
}

/** The MIME type a blob was stored with, for serving it. */
export function mimeOfBlob(db: Db, sha256: string): string | null {
  const row = db
    .prepare(`SELECT mime FROM media_files WHERE sha256 = ? UNION ALL SELECT mime FROM evidence WHERE sha256 = ? LIMIT 1`)
    .pluck()
    .get(sha256, sha256) as string | undefined;
  return row ?? null;
}

export function libraryStats(db: Db): { itemCount: number; fileCount: number; storageBytes: number } {
  const itemCount = db.prepare(`SELECT count(*) FROM items`).pluck().get() as number;
  const files = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM (
         SELECT sha256, max(size) AS size FROM (SELECT sha256, size FROM media_files UNION ALL SELECT sha256, size FROM evidence WHERE sha256 IS NOT NULL)
         GROUP BY sha256)`,
    )
    .get() as { n: number; bytes: number };
  return { itemCount, fileCount: files.n, storageBytes: files.bytes };
}
