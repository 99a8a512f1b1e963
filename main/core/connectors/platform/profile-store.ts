// Which platform profiles Holdfast knows: the ones shipped in assets/platform-profiles/ and the
// ones the user imported or made in capture mode (JSON files in <app-data>/platform-profiles/).
// An imported profile with a shipped profile's id replaces it (a platform changed its API).
// Accounts keep a copy of their profile in their config, so a library syncs on its own.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HoldfastError, notFound } from '../../errors.js';
import { parseProfile, type PlatformProfile } from './profile.js';
import { resolveAppDataDir } from './session-vault.js';

export interface ProfileEntry {
  profile: PlatformProfile;
  source: 'shipped' | 'imported';
}

/** assets/platform-profiles, found from here upward (source tree, out/ build, packaged app). */
export function shippedProfilesDir(): string | null {
  let dir = import.meta.dirname;
  for (let i = 0; i < 7; i++) {
    const candidate = join(dir, 'assets', 'platform-profiles');
    if (existsSync(join(candidate, 'schema.json'))) return candidate;
    dir = dirname(dir);
  }
  return null;
}

export const importedProfilesDir = (env: NodeJS.ProcessEnv = process.env) => join(resolveAppDataDir(env), 'platform-profiles');

function readDir(dir: string | null, source: ProfileEntry['source']): ProfileEntry[] {
  if (!dir || !existsSync(dir)) return [];
  const out: ProfileEntry[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name === 'schema.json') continue;
    try {
      out.push({ profile: parseProfile(readFileSync(join(dir, name), 'utf8'), name), source });
    } catch {
      // A broken file is skipped here; `profiles import` reports problems when a file comes in.
    }
  }
  return out;
}

export function listProfiles(env: NodeJS.ProcessEnv = process.env): ProfileEntry[] {
  const byId = new Map<string, ProfileEntry>();
  for (const e of readDir(shippedProfilesDir(), 'shipped')) byId.set(e.profile.id, e);
  for (const e of readDir(importedProfilesDir(env), 'imported')) byId.set(e.profile.id, e);
  return [...byId.values()].sort((a, b) => a.profile.id.localeCompare(b.profile.id));
}

/** A profile as shipped with Holdfast (an imported one of the same id does not replace it here). */
export function getShippedProfile(id: string): PlatformProfile {
  const entry = readDir(shippedProfilesDir(), 'shipped').find((e) => e.profile.id === id);
  if (!entry) throw notFound(`shipped platform profile ${JSON.stringify(id)}`);
  return entry.profile;
}

export function getProfile(id: string, env: NodeJS.ProcessEnv = process.env): ProfileEntry {
  const entry = listProfiles(env).find((e) => e.profile.id === id);
  if (!entry) throw notFound(`platform profile ${JSON.stringify(id)}`);
  return entry;
}

/** Validates and saves a profile into the imported folder; returns it. */
export function importProfile(json: unknown, source = 'the profile', env: NodeJS.ProcessEnv = process.env): PlatformProfile {
  const profile = parseProfile(json, source);
  const dir = importedProfilesDir(env);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${profile.id}.json`);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(profile, null, 2)}\n`);
  renameSync(tmp, path);
  return profile;
}

/** A profile given as a file path, or as the id of a known profile. */
export function loadProfileArg(arg: string, env: NodeJS.ProcessEnv = process.env): PlatformProfile {
  if (arg.endsWith('.json') || arg.includes('/') || arg.includes('\\')) {
    if (!existsSync(arg)) throw new HoldfastError('not_found', `profile file ${arg} was not found`);
    return parseProfile(readFileSync(arg, 'utf8'), arg);
  }
  return getProfile(arg, env).profile;
}
