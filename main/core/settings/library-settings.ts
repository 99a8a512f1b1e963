// The settings a user changes on the settings page, kept as JSON next to the catalog
// (holdfast-settings.json) so the Electron app, the browser mode and the CLI read the same.
// A file that is missing, unreadable or fails the schema reads as the defaults (field by field
// where possible); writes go to a temporary file that is fsynced and renamed over the old one.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LibrarySettings } from '../../api/contract.js';
import { HoldfastError } from '../errors.js';

export const SETTINGS_FILE = 'holdfast-settings.json';

export const DEFAULT_SETTINGS: LibrarySettings = {
  language: 'auto',
  ipfsGateways: ['https://ipfs.io', 'https://dweb.link', 'https://cloudflare-ipfs.com'],
  arweaveGateway: 'https://arweave.net',
  allowLocalNetwork: false,
  maxFileMb: 2048,
};

export function readSettings(libraryDir: string): LibrarySettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(libraryDir, SETTINGS_FILE), 'utf8'));
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_SETTINGS };
  // Keep every field that is still valid; a hand-edited typo in one loses only that one.
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, schema] of Object.entries(LibrarySettings.shape)) {
    const parsed = (schema as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse((raw as Record<string, unknown>)[key]);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings as LibrarySettings;
}

export function writeSettings(libraryDir: string, patch: Partial<LibrarySettings>): LibrarySettings {
  const next = LibrarySettings.safeParse({ ...readSettings(libraryDir), ...patch });
  if (!next.success) throw new HoldfastError('invalid_input', `settings: ${next.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const path = join(libraryDir, SETTINGS_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(next.data, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  return next.data;
}
