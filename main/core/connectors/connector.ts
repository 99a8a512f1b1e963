// The one interface every source of holdings implements: public chains, custodial platforms,
// files, and the built-in demo. A connector only describes and reads; the sync engine decides
// what to store, and it alone writes to the library.
import type { FileRole } from '../../api/contract.js';
import type { AccountRecord } from '../db/accounts.js';
import type { StoredFileRow } from '../db/bound-evidence.js';
import type { HoldingRecord } from '../db/items.js';

/** Where the engine downloads a file from. The engine owns retries, timeouts, resume and limits. */
export interface DownloadSpec {
  url: string;
  headers?: Record<string, string>;
  /** Signed URLs expire: called when the server answers 401/403/410 for `url`, to get a fresh one. */
  refresh?(signal: AbortSignal): Promise<{ url: string; headers?: Record<string, string> }>;
  /** Extra checks of the downloaded bytes (e.g. that they match an IPFS CID); throw to reject. */
  verify?(path: string): Promise<void>;
}

/** A file a holding has at its source: either a download the engine performs, or bytes the
 *  connector produces itself (`read`, called only when the engine needs them). */
export interface SourceFile {
  role: FileRole;
  fileName?: string | null;
  /** Stable identity of the file at its source (not a signed, expiring URL): a re-sync skips
   *  files whose role and sourceUrl are already stored. */
  sourceUrl?: string | null;
  /** A digest the source publishes; bytes that do not match are rejected. */
  expectedSha256?: string;
  expectedSize?: number;
  download?: DownloadSpec;
  read?(signal: AbortSignal): Promise<Uint8Array | AsyncIterable<Uint8Array>>;
}

/** Evidence of ownership as captured from the source (certificate, proof, receipt…). */
export interface SourceEvidence {
  kind: string;
  level: 0 | 1 | 2 | 3;
  summary: Record<string, unknown>;
  /** The captured document itself (e.g. certificate JSON, RLP header), stored as a blob. */
  bytes?: Uint8Array;
  mime?: string;
  verified?: boolean | null;
  /** For evidence that should name the SHA-256 of the holding's files (a platform certificate,
   *  so a bundle verifier can tie it to exactly these bytes): the document made from the files as
   *  stored. The engine calls it once the holding's files are done and stores the result instead
   *  of `bytes`, replacing the item's earlier evidence of this kind. */
  bindFiles?(files: readonly StoredFileRef[]): Uint8Array;
}

/** One of a holding's files as the library stored it (the catalog's own row type). */
export type StoredFileRef = StoredFileRow;

export interface ListedHolding {
  record: HoldingRecord;
  files: SourceFile[];
  evidence?: SourceEvidence[];
}

export interface ConnectorAccount extends AccountRecord {
  config: Record<string, unknown>;
  /** Where the last run stopped part-way (the `resumeFrom` of the AccountStatusError it threw),
   *  or undefined: list from the start. */
  resumeFrom?: unknown;
}

export interface Connector {
  /** Every holding the account has now. The engine marks anything not listed as no longer held,
   *  so a connector must throw rather than end early when it could not list everything. */
  listHoldings(account: ConnectorAccount, signal: AbortSignal): AsyncIterable<ListedHolding>;
}
