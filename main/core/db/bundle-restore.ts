// Catalog writes for importing a provenance bundle: items come back with the timestamps and
// held state they had when exported (not "now"), evidence with its capture time and recorded
// check, so export → import → export gives the same holdings.json.
import type { BundleEvidence, BundleItem } from '../export/holdings-format.js';
import { nowIso } from '../time.js';
import type { Db } from './catalog.js';

export function itemExists(db: Db, id: string): boolean {
  return db.prepare(`SELECT 1 FROM items WHERE id = ?`).pluck().get(id) !== undefined;
}

export function accountExists(db: Db, id: string): boolean {
  return db.prepare(`SELECT 1 FROM accounts WHERE id = ?`).pluck().get(id) !== undefined;
}

export function platformExists(db: Db, id: string): boolean {
  return db.prepare(`SELECT 1 FROM platforms WHERE id = ?`).pluck().get(id) !== undefined;
}

/** Inserts an item that the library does not have, exactly as the bundle describes it. */
export function insertRestoredItem(db: Db, item: BundleItem): void {
  db.prepare(
    `INSERT INTO items (id, account_id, platform_id, external_id, name, description, creator, issuer, collection, serial, chain,
       contract, token_id, tx_hash, standard, media_type, attributes, metadata, issued_at, acquired_at, held, evidence_level,
       first_seen_at, last_seen_at, updated_at)
     VALUES (@id, @accountId, @platform, @externalId, @name, @description, @creator, @issuer, @collection, @serial, @chain,
       @contract, @tokenId, @txHash, @standard, @mediaType, @attributes, @metadata, @issuedAt, @acquiredAt, @held, 0,
       @firstSeenAt, @lastSeenAt, @now)`,
  ).run({
    id: item.id,
    accountId: item.accountId,
    platform: item.platform,
    externalId: item.externalId,
    name: item.name,
    description: item.description,
    creator: item.creator,
    issuer: item.issuer,
    collection: item.collection,
    serial: item.serial,
    chain: item.chain,
    contract: item.contract,
    tokenId: item.tokenId,
    txHash: item.txHash,
    standard: item.standard,
    mediaType: item.mediaType,
    attributes: JSON.stringify(item.attributes),
    metadata: JSON.stringify(item.metadata),
    issuedAt: item.issuedAt,
    acquiredAt: item.acquiredAt,
    held: item.held ? 1 : 0,
    firstSeenAt: item.firstSeenAt,
    lastSeenAt: item.lastSeenAt,
    now: nowIso(),
  });
}

/** True when the item already has this evidence (same kind and document, or same kind and
 *  summary for evidence without a document). */
export function hasEvidence(db: Db, itemId: string, e: BundleEvidence): boolean {
  const row = e.file
    ? db.prepare(`SELECT 1 FROM evidence WHERE item_id = ? AND kind = ? AND sha256 = ?`).pluck().get(itemId, e.kind, e.file.sha256)
    : db.prepare(`SELECT 1 FROM evidence WHERE item_id = ? AND kind = ? AND sha256 IS NULL AND summary = ?`).pluck().get(itemId, e.kind, JSON.stringify(e.summary));
  return row !== undefined;
}

export function insertRestoredEvidence(db: Db, itemId: string, e: BundleEvidence, verified: boolean | null, verifyMessage: string | null): void {
  db.prepare(
    `INSERT INTO evidence (item_id, kind, level, sha256, mime, size, summary, captured_at, verified, verify_message)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    itemId,
    e.kind,
    e.level,
    e.file?.sha256 ?? null,
    e.file?.mime ?? null,
    e.file?.size ?? null,
    JSON.stringify(e.summary),
    e.capturedAt,
    verified === null ? null : verified ? 1 : 0,
    verifyMessage,
  );
}

/** The item's level is the best evidence it has that has not failed (as in addEvidence). */
export function refreshEvidenceLevel(db: Db, itemId: string): void {
  db.prepare(
    `UPDATE items SET evidence_level = coalesce((SELECT max(level) FROM evidence WHERE item_id = ? AND coalesce(verified, 1) = 1), 0) WHERE id = ?`,
  ).run(itemId, itemId);
}
