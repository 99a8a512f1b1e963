// data/holdings.json, format version 1: its TypeScript shape, its JSON Schema (kept beside this
// file and shipped inside every bundle under data/schema/), and the validator both the writer
// and the checker use, so a bundle is judged by exactly the schema it carries.
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import type { FileRole, MediaType } from '../../api/contract.js';
import schemaV1 from './schema/holdings.v1.schema.json' with { type: 'json' };

export const HOLDINGS_FORMAT = 'holdfast-holdings';
export const HOLDINGS_VERSION = 1;
export const SCHEMA_FILE = 'holdings.v1.schema.json';
/** Where the schema lives inside the bag, and what holdings.json's "$schema" points at. */
export const SCHEMA_PATH_IN_DATA = `schema/${SCHEMA_FILE}`;

export interface BundlePlatform {
  id: string;
  name: string;
  nameZh: string | null;
  kind: 'custodial' | 'chain' | 'files' | 'demo';
  status: 'active' | 'stopped' | 'closed' | 'unknown';
  exitDate: string | null;
}

export interface BundleAccount {
  id: string;
  kind: 'demo' | 'evm' | 'platform' | 'files';
  platform: string;
  name: string;
}

export interface BundleFile {
  role: FileRole;
  /** Relative to data/. */
  path: string;
  sha256: string;
  size: number;
  mime: string;
  fileName: string | null;
  sourceUrl: string | null;
  /** 3D models (and a .gltf's buffers and textures) only: the same bytes wrapped in a script the offline viewer can load from file://. */
  viewerScript?: string;
}

export interface BundleEvidence {
  kind: string;
  level: number;
  capturedAt: string;
  summary: Record<string, unknown>;
  file: { path: string; sha256: string; size: number; mime: string } | null;
  verified: boolean | null;
  verifyMessage: string | null;
}

export interface BundleItem {
  id: string;
  accountId: string;
  platform: string;
  externalId: string;
  name: string;
  description: string | null;
  creator: string | null;
  issuer: string | null;
  collection: string | null;
  serial: string | null;
  chain: string | null;
  contract: string | null;
  tokenId: string | null;
  txHash: string | null;
  standard: string | null;
  mediaType: MediaType;
  attributes: Array<{ trait: string; value: string }>;
  metadata: Record<string, unknown>;
  issuedAt: string | null;
  acquiredAt: string | null;
  held: boolean;
  evidenceLevel: number;
  firstSeenAt: string;
  lastSeenAt: string;
  files: BundleFile[];
  evidence: BundleEvidence[];
}

export interface BundleSelection {
  accountId: string | null;
  query: string | null;
  collection: string | null;
  itemIds: string[] | null;
}

export interface HoldingsV1 {
  $schema: typeof SCHEMA_PATH_IN_DATA;
  format: typeof HOLDINGS_FORMAT;
  version: typeof HOLDINGS_VERSION;
  generator: { name: 'Holdfast'; version: string };
  selection: BundleSelection;
  platforms: BundlePlatform[];
  accounts: BundleAccount[];
  items: BundleItem[];
}

/** The schema document, as shipped in bundles (pretty JSON, one trailing newline). */
export const schemaText = `${JSON.stringify(schemaV1, null, 2)}\n`;

const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(schemaV1);
const validateDocument = ajv.getSchema(schemaV1.$id)!;
const validateItemOnly = ajv.compile({ $ref: `${schemaV1.$id}#/$defs/item` });

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).slice(0, 20).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})` : '';
    return `${where}${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
  });
}

/** Problems of a whole holdings document against the v1 schema; empty when it conforms. */
export function validateHoldings(doc: unknown): string[] {
  return validateDocument(doc) ? [] : describe(validateDocument.errors, 'data/holdings.json');
}

/** Problems of one item (the writer checks each item as it goes, before anything is zipped). */
export function validateHoldingsItem(item: unknown, index: number): string[] {
  return validateItemOnly(item) ? [] : describe(validateItemOnly.errors, `data/holdings.json /items/${index}`);
}

/** holdings.js: the same JSON bytes assigned to a global, because browsers refuse fetch() of a
 *  local JSON file from a page opened with file://; a <script> tag is allowed. The checker
 *  insists holdings.js is exactly this wrapper around holdings.json, so the viewer can never
 *  show something other than what was verified. */
export const HOLDINGS_JS_PREFIX = 'window.HOLDFAST_HOLDINGS = ';
export const HOLDINGS_JS_SUFFIX = ';\n';
