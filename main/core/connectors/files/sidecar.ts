// Sidecar files: what a user (or a platform's export) wrote down about their items, in JSON or
// CSV. The format is documented in README.md ("Importing what you saved") and shipped as
// templates in assets/templates/. Keys may be English (tokenId) or the certificate's Chinese
// labels (藏品编号); values are checked with the same rules as OCR and hand-typed fields.
import { parse as parseCsv } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { checkFields, checkIssuedAt, fieldOfKey, type CertificateValues } from '../../ocr/certificate-fields.js';

/** What a sidecar says about one item, beyond the certificate fields. */
export interface SidecarRecord {
  fields: CertificateValues;
  description: string | null;
  collection: string | null;
  acquiredAt: string | null;
  attributes: Array<{ trait: string; value: string }>;
  /** In a manifest (CSV, or a JSON list): the files of the item, relative to the manifest. */
  files: string[];
  /** Fields that were present but did not check, and why (kept out of the item). */
  problems: Record<string, string>;
  /** Keys this format does not know: reported, so a typo does not silently lose a value. */
  unknownKeys: string[];
}

export interface Sidecar {
  /** One record for the item it sits beside, or one per row of a manifest. */
  records: SidecarRecord[];
  manifest: boolean;
}

const EXTRA_KEYS: Record<string, 'description' | 'collection' | 'acquiredAt' | 'attributes' | 'files' | 'ignored'> = {
  description: 'description', 描述: 'description', 藏品描述: 'description', 简介: 'description', 藏品简介: 'description',
  collection: 'collection', 系列: 'collection', 所属系列: 'collection', 专辑: 'collection',
  acquiredat: 'acquiredAt', 获得时间: 'acquiredAt', 购买时间: 'acquiredAt', 入手时间: 'acquiredAt',
  attributes: 'attributes', traits: 'attributes', 属性: 'attributes',
  file: 'files', files: 'files', 文件: 'files',
  // NFT metadata (tokenURI JSON) carries these; the media itself is in the folder.
  image: 'ignored', image_url: 'ignored', animation_url: 'ignored', external_url: 'ignored', background_color: 'ignored', $schema: 'ignored', comment: 'ignored', 备注: 'ignored',
};

const MAX_SIDECAR_BYTES = 5 * 1024 * 1024;

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return null;
}

function attributesOf(v: unknown): Array<{ trait: string; value: string }> {
  if (Array.isArray(v)) {
    return v.flatMap((a) => {
      if (typeof a !== 'object' || a === null) return [];
      const o = a as Record<string, unknown>;
      const trait = text(o.trait ?? o.trait_type ?? o.name);
      const value = text(o.value);
      return trait && value ? [{ trait, value }] : [];
    });
  }
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v).flatMap(([trait, value]) => (text(value) ? [{ trait, value: text(value)! }] : []));
  }
  // CSV: "窟号=320; 年代=盛唐"
  if (typeof v === 'string') {
    return v.split(/[;；]/).flatMap((pair) => {
      const [trait, ...rest] = pair.split(/[=:：]/);
      const value = rest.join(':').trim();
      return trait?.trim() && value ? [{ trait: trait.trim(), value }] : [];
    });
  }
  return [];
}

/** One object of a sidecar → a record; every key is accounted for (field, extra, or unknown). */
export function recordOf(o: Record<string, unknown>): SidecarRecord {
  const raw: CertificateValues = {};
  const record: SidecarRecord = { fields: {}, description: null, collection: null, acquiredAt: null, attributes: [], files: [], problems: {}, unknownKeys: [] };
  for (const [key, value] of Object.entries(o)) {
    const field = fieldOfKey(key);
    if (field) {
      raw[field] = text(value);
      continue;
    }
    const extra = EXTRA_KEYS[key.normalize('NFKC').replace(/[\s_]+/g, '').toLowerCase()] ?? EXTRA_KEYS[key.trim()];
    if (extra === 'description') record.description = text(value);
    else if (extra === 'collection') record.collection = text(value);
    else if (extra === 'acquiredAt') {
      const v = text(value);
      const date = v === null ? null : checkIssuedAt(v);
      if (date && !date.ok) record.problems.acquiredAt = date.message;
      record.acquiredAt = date?.ok ? date.value : null;
    }
    else if (extra === 'attributes') record.attributes = attributesOf(value);
    else if (extra === 'files') record.files = (Array.isArray(value) ? value.map(text) : (text(value) ?? '').split('|')).map((f) => f?.trim() ?? '').filter(Boolean);
    else if (extra !== 'ignored') record.unknownKeys.push(key);
  }
  const checked = checkFields(raw);
  record.fields = checked.values;
  record.problems = { ...record.problems, ...checked.problems };
  return record;
}

export async function readSidecar(path: string): Promise<Sidecar> {
  const bytes = await readFile(path);
  if (bytes.length > MAX_SIDECAR_BYTES) throw new Error(`larger than ${MAX_SIDECAR_BYTES / 1024 / 1024} MB; a sidecar is a small text file`);
  const source = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (path.toLowerCase().endsWith('.csv')) {
    let rows: Array<Record<string, string>>;
    try {
      rows = parseCsv(source, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as Array<Record<string, string>>;
    } catch (error) {
      throw new Error(`not a readable CSV file: ${(error as Error).message}`, { cause: error });
    }
    return { manifest: true, records: rows.map(recordOf) };
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new Error(`not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const list = Array.isArray(json) ? json : typeof json === 'object' && json !== null && Array.isArray((json as { items?: unknown }).items) ? (json as { items: unknown[] }).items : null;
  if (list) {
    const objects = list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x));
    return { manifest: true, records: objects.map(recordOf) };
  }
  if (typeof json !== 'object' || json === null) throw new Error('a sidecar is a JSON object (one item) or a list of objects (a manifest)');
  return { manifest: false, records: [recordOf(json as Record<string, unknown>)] };
}
