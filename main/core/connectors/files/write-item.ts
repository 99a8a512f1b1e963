// Writing one imported item — its row, files and evidence — in one transaction, so an import
// that stops (a crash, a cancel, a broken file) never leaves half an item. Every field records
// where it came from (field_sources): OCR of a screenshot with its confidence, a sidecar file,
// the file's name, or the user's typing. Fields the user typed are never overwritten by a later
// import. The files' bytes are already in the blob store when this runs.
import { createHash } from 'node:crypto';
import type { FileRole, MediaType } from '../../../api/contract.js';
import type { Db } from '../../db/catalog.js';
import { addEvidence, attachFile, getItem, itemId, upsertItem, type EvidenceRecord, type UpsertOutcome } from '../../db/items.js';
import { CERTIFICATE_FIELDS, type CertificateField, type CertificateValues } from '../../ocr/certificate-fields.js';
import { nowIso } from '../../time.js';
import type { FilesAccount } from './files-account.js';

export type FieldSource =
  | { kind: 'ocr'; file: string; sha256: string; confidence: number }
  | { kind: 'sidecar'; file: string; sha256: string }
  | { kind: 'file-name'; file: string }
  | { kind: 'user'; at: string; previous?: { value: string | null; source: FieldSource | null } };

export type ItemField = CertificateField | 'description' | 'collection' | 'acquiredAt' | 'attributes';
export type FieldSources = Partial<Record<ItemField, FieldSource>>;

export interface StoredFile {
  role: FileRole;
  sha256: string;
  mime: string;
  size: number;
  fileName: string;
}

export interface ImportedItem {
  externalId: string;
  /** Used when no source gave a name. */
  fallbackName: string;
  fields: CertificateValues;
  description?: string | null;
  collection?: string | null;
  acquiredAt?: string | null;
  attributes?: Array<{ trait: string; value: string }>;
  fieldSources: FieldSources;
  mediaType: MediaType;
  files: StoredFile[];
  evidence: EvidenceRecord[];
  /** Where the item came from: its files by relative path and hash, its sidecar. */
  origin: { files?: Array<{ path: string; sha256: string; role: string }>; sidecar?: unknown; [key: string]: unknown };
}

/** The identity of an imported item: the chain token when the certificate names one (so the
 *  same holding imported twice, from a screenshot and from a folder, is one item), else the
 *  bytes of its main file. */
export function externalIdFor(fields: CertificateValues, mainFileSha256: string | null, fallback: string): string {
  if (fields.tokenId && (fields.contract || fields.chain)) return `token:${fields.chain ?? ''}:${fields.contract ?? ''}:${fields.tokenId}`;
  if (fields.txHash) return `tx:${fields.chain ?? ''}:${fields.txHash}`;
  if (mainFileSha256) return `file:${mainFileSha256}`;
  return `named:${createHash('sha256').update(fallback).digest('hex').slice(0, 32)}`;
}

type Existing = {
  fields: CertificateValues;
  sources: FieldSources;
  description: string | null;
  collection: string | null;
  acquiredAt: string | null;
  attributes: Array<{ trait: string; value: string }>;
  origin: { files?: Array<{ path: string }>; sidecar?: unknown } | null;
};

function existingOf(db: Db, id: string): Existing | null {
  const item = getItem(db, id, () => '');
  if (!item) return null;
  const meta = item.metadata as { fieldSources?: FieldSources; import?: Existing['origin'] };
  return {
    sources: meta.fieldSources ?? {},
    description: item.description,
    collection: item.collection,
    acquiredAt: item.acquiredAt,
    attributes: item.attributes,
    origin: meta.import ?? null,
    fields: {
      name: item.name, issuer: item.issuer, creator: item.creator, issuedAt: item.issuedAt, serial: item.serial, chain: item.chain,
      contract: item.contract, tokenId: item.tokenId, txHash: item.txHash, owner: ((item.metadata as { certificate?: { owner?: string } }).certificate?.owner ?? null),
    },
  };
}

export function writeImportedItem(db: Db, account: FilesAccount, item: ImportedItem): { id: string; outcome: UpsertOutcome; filesAdded: number } {
  return db.transaction(() => {
    const id = itemId(account.accountId, item.externalId);
    const existing = existingOf(db, id);
    const fields: CertificateValues = { ...item.fields };
    const sources: FieldSources = { ...item.fieldSources };
    // What the user typed stays: an import brings what it read, not corrections of their corrections.
    for (const f of CERTIFICATE_FIELDS) {
      const before = existing?.sources[f];
      if (before?.kind === 'user' && sources[f]?.kind !== 'user') {
        fields[f] = existing!.fields[f] ?? null;
        sources[f] = before;
      } else if ((fields[f] === undefined || fields[f] === null) && existing?.fields[f] && before) {
        // Another import knew this field; this one does not: keep it rather than forget it.
        fields[f] = existing.fields[f];
        sources[f] = before;
      }
    }
    if (!fields.name) sources.name ??= { kind: 'file-name', file: item.fallbackName };
    // The same item met twice in one folder (a copy of its picture elsewhere): what either
    // occurrence knew is kept, and the origin lists every place its files were found.
    const keep = <T>(now: T | null | undefined, before: T | null | undefined, field: ItemField): T | null => {
      if (now !== null && now !== undefined && !(Array.isArray(now) && now.length === 0)) return now;
      if (before !== null && before !== undefined && existing?.sources[field]) sources[field] = existing.sources[field];
      return before ?? null;
    };
    const description = keep(item.description, existing?.description, 'description');
    const collection = keep(item.collection, existing?.collection, 'collection');
    const acquiredAt = keep(item.acquiredAt, existing?.acquiredAt, 'acquiredAt');
    const attributes = keep(item.attributes, existing?.attributes, 'attributes') ?? [];
    const seenPaths = new Set<string>();
    const originFiles = [...((existing?.origin?.files ?? []) as Array<{ path: string }>), ...((item.origin.files ?? []) as Array<{ path: string }>)]
      .filter((f) => !seenPaths.has(f.path) && seenPaths.add(f.path))
      .sort((a, b) => a.path.localeCompare(b.path));
    const origin = { ...item.origin, files: originFiles, sidecar: item.origin.sidecar ?? existing?.origin?.sidecar ?? null };
    const { id: written, outcome } = upsertItem(db, account.accountId, account.platformId, {
      externalId: item.externalId,
      name: fields.name ?? item.fallbackName,
      description,
      creator: fields.creator ?? null,
      issuer: fields.issuer ?? null,
      collection,
      serial: fields.serial ?? null,
      chain: fields.chain ?? null,
      contract: fields.contract ?? null,
      tokenId: fields.tokenId ?? null,
      txHash: fields.txHash ?? null,
      mediaType: item.mediaType,
      attributes,
      issuedAt: fields.issuedAt ?? null,
      acquiredAt,
      metadata: { source: 'files', import: origin, fieldSources: sources, certificate: { owner: fields.owner ?? null } },
    });
    let filesAdded = 0;
    for (const f of item.files) if (attachFile(db, written, { ...f, sourceUrl: null })) filesAdded++;
    for (const e of item.evidence) addEvidence(db, written, e);
    return { id: written, outcome, filesAdded };
  })();
}

/** Hand-typed certificate fields for an imported item: checked values in, each recorded as
 *  typed by the user (with what it replaced), in one transaction. */
export function typeItemFields(db: Db, id: string, typed: CertificateValues): void {
  db.transaction(() => {
    const item = getItem(db, id, () => '');
    if (!item) throw new Error(`item ${id} was not found`);
    const meta = item.metadata as { fieldSources?: FieldSources; certificate?: { owner?: string | null } };
    const sources: FieldSources = { ...(meta.fieldSources ?? {}) };
    const current: CertificateValues = {
      name: item.name, issuer: item.issuer, creator: item.creator, issuedAt: item.issuedAt, serial: item.serial, chain: item.chain,
      contract: item.contract, tokenId: item.tokenId, txHash: item.txHash, owner: meta.certificate?.owner ?? null,
    };
    const at = nowIso();
    const next = { ...current };
    for (const f of CERTIFICATE_FIELDS) {
      const v = typed[f];
      if (v === undefined || v === current[f]) continue;
      if (f === 'name' && !v) continue;
      next[f] = v;
      sources[f] = { kind: 'user', at, previous: { value: current[f] ?? null, source: sources[f] ?? null } };
    }
    upsertItem(db, item.accountId, item.platform, {
      externalId: item.externalId,
      name: next.name ?? item.name,
      description: item.description,
      creator: next.creator ?? null,
      issuer: next.issuer ?? null,
      collection: item.collection,
      serial: next.serial ?? null,
      chain: next.chain ?? null,
      contract: next.contract ?? null,
      tokenId: next.tokenId ?? null,
      txHash: next.txHash ?? null,
      standard: item.standard,
      mediaType: item.mediaType,
      attributes: item.attributes,
      issuedAt: next.issuedAt ?? null,
      acquiredAt: item.acquiredAt,
      metadata: { ...item.metadata, fieldSources: sources, certificate: { ...(meta.certificate ?? {}), owner: next.owner ?? null } },
    });
  })();
}
