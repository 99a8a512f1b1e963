// What an EVM account's last sync learned, so the next one asks the chain only about new
// blocks: how far logs were scanned (and that block's hash, to notice a reorganisation or a
// different chain), each holding's balance and acquiring transfer, its metadata, and each
// contract's owner-slot layout. A cache: when missing or stale, the next sync rebuilds it.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FileRole } from '../../../api/contract.js';
import type { HoldingRecord } from '../../db/items.js';
import type { Acquisition } from './capture.js';

export interface FileRefState {
  role: FileRole;
  uri: string;
  fileName: string | null;
}

export interface HoldingState {
  standard: 'erc721' | 'erc1155';
  contract: string;
  tokenId: string;
  owner: string;
  balance: string;
  acquired: Acquisition | null;
  record: HoldingRecord | null;
  tokenUri: string | null;
  files: FileRefState[];
  /** Why metadata could not be fetched; retried next sync. */
  metadataError: string | null;
  /** Block whose proofs the item has; null when evidence is still to be captured. */
  evidenceBlock: number | null;
}

export interface ScanState {
  v: 1;
  chainId: number;
  addresses: string[];
  fromBlock: number;
  scannedTo: number;
  scannedToHash: string;
  holdings: Record<string, HoldingState>;
  layouts: Record<string, { layout: string; baseSlot: string } | null>;
  collections: Record<string, { name: string | null; symbol: string | null }>;
}

export const holdingKey = (owner: string, contract: string, tokenId: bigint | string): string => `${owner}:${contract}:${tokenId.toString()}`;

const fileOf = (dir: string, accountId: string) => join(dir, `${accountId.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);

/** The cache lives in <library>/.cache/evm; a stale path (a library moved elsewhere) is not used. */
export function usableStateDir(dir: string | undefined): string | undefined {
  return dir && existsSync(join(dir, '..', '..', 'holdfast.sqlite')) ? dir : undefined;
}

export async function loadScanState(dir: string | undefined, accountId: string): Promise<ScanState | null> {
  if (!dir) return null;
  try {
    const state = JSON.parse(await readFile(fileOf(dir, accountId), 'utf8')) as ScanState;
    return state.v === 1 ? state : null;
  } catch {
    return null;
  }
}

export async function saveScanState(dir: string | undefined, accountId: string, state: ScanState): Promise<void> {
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  const path = fileOf(dir, accountId);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, path);
}
