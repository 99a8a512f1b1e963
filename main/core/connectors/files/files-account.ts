// Imported files live in an account of kind `files`, one per platform (and account name) the
// user gives — "幻核 (imported)". The platform is reused when the library already knows it (so
// imported certificates sit beside a synced account of the same platform), else created.
import { createHash } from 'node:crypto';
import type { Platform } from '../../../api/contract.js';
import { getAccount, upsertAccount, upsertPlatform } from '../../db/accounts.js';
import type { Db } from '../../db/catalog.js';
import { findPlatformByName, updatePlatform, type PlatformUpdate } from '../../db/platform-updates.js';
import { HoldfastError } from '../../errors.js';

/** Where imports go when the user names no platform. */
export const DEFAULT_IMPORT_PLATFORM = 'Imported files';

export interface FilesAccountInput {
  platform?: string | null;
  account?: string | null;
  /** What the user knows about the platform's exit, applied to the platform row. */
  platformStatus?: PlatformUpdate;
}

export interface FilesAccount {
  accountId: string;
  platformId: string;
  accountName: string;
  platformName: string;
}

const hasCjk = (s: string) => /\p{Script=Han}/u.test(s);
const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);

function platformIdFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  // Latin names read well as ids; others (幻核) get a stable id from their name.
  return slug && !hasCjk(name) ? `files-${slug}`.slice(0, 80) : `files-${shortHash(name)}`;
}

function cleanName(value: string | null | undefined, what: string): string | null {
  const v = value?.normalize('NFKC').replace(/\s+/g, ' ').trim() ?? '';
  if (!v) return null;
  if (v.length > 80) throw new HoldfastError('invalid_input', `the ${what} name is at most 80 characters`);
  return v;
}

/** Finds or creates the platform and the files account; applies the exit status given. */
export function ensureFilesAccount(db: Db, input: FilesAccountInput): FilesAccount {
  const platformName = cleanName(input.platform, 'platform') ?? DEFAULT_IMPORT_PLATFORM;
  const known = findPlatformByName(db, platformName);
  const platformId = known?.id ?? platformIdFor(platformName);
  if (!known) {
    const kind: Platform['kind'] = platformName === DEFAULT_IMPORT_PLATFORM ? 'files' : 'custodial';
    upsertPlatform(db, { id: platformId, name: platformName, nameZh: hasCjk(platformName) ? platformName : null, kind });
  }
  if (input.platformStatus) updatePlatform(db, platformId, input.platformStatus);
  const accountName = cleanName(input.account, 'account') ?? `${platformName} (imported)`;
  const accountId = `files-${shortHash(`${platformId}\n${accountName}`)}`;
  const existing = getAccount(db, accountId);
  if (existing && existing.kind !== 'files') throw new HoldfastError('conflict', `account ${accountId} exists and is not a files account`);
  if (!existing) upsertAccount(db, { id: accountId, kind: 'files', platformId, name: accountName, config: { importedFrom: 'files' } });
  return { accountId, platformId, accountName, platformName };
}
