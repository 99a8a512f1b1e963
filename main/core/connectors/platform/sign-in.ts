// Adding platform accounts and signing them in. Two ways to sign in:
//  - in a window on the platform's own page (desktop app; main/electron/platform-signin.ts), whose
//    cookies are handed to `completeSignIn`;
//  - without a window, by the SMS-code flow the profile describes (`signIn.sms`): the command line
//    and the browser mode ask the user for the phone number and the code the platform texts them.
// Either way the session is checked against the holdings list before it is kept.
import { randomBytes } from 'node:crypto';
import type { Account } from '../../../api/contract.js';
import { getAccount, listAccounts, listPlatforms, setAccountStatus, upsertAccount, upsertPlatform } from '../../db/accounts.js';
import { HoldfastError, notFound } from '../../errors.js';
import type { Library } from '../../library.js';
import { SessionExpiredError } from '../account-status.js';
import { accountConfig, assertPlatformReachable, listEntries, type PlatformAccountConfig } from './platform-connector.js';
import { matches, PlatformClient } from './platform-client.js';
import { getProfile } from './profile-store.js';
import type { PlatformProfile } from './profile.js';
import { sessionVault } from './services.js';
import { FileSessionVault, type PlatformSession, type StoredCookie } from './session-vault.js';

export const maskPhone = (phone: string) => {
  const d = phone.replace(/\D/g, '');
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
};

export function checkPhone(phone: string): string {
  const d = phone.replace(/[\s-]/g, '');
  if (!/^\+?\d{6,15}$/.test(d)) throw new HoldfastError('invalid_input', `${JSON.stringify(phone)} is not a phone number (6-15 digits)`);
  return d;
}

export function checkBaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new HoldfastError('invalid_input', `${JSON.stringify(url)} is not a URL (e.g. https://platform.example)`);
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) {
    throw new HoldfastError('invalid_input', `a platform address must be https (http only for this computer): ${url}`);
  }
  return u.origin;
}

const defaultName = (profile: PlatformProfile, phone?: string) => `${profile.nameZh ?? profile.name}${phone ? ` · ${maskPhone(phone)}` : ''}`;

export const newPlatformAccountId = (profileId: string) => `${profileId}-${randomBytes(4).toString('hex')}`;

/** `accounts.add` with `kind: 'platform'`: the profile by id (shipped or imported). */
export function addPlatformAccountByProfileId(library: Library, input: { profileId: string; baseUrl?: string; name?: string; phone?: string }): Account {
  const { profileId, ...rest } = input;
  return addPlatformAccount(library, { profile: getProfile(profileId).profile, ...rest });
}

/** Creates (or finds) the account for this platform, address and phone; it starts signed out. */
export function addPlatformAccount(
  library: Library,
  input: { profile: PlatformProfile; baseUrl?: string; name?: string; phone?: string; id?: string; demo?: boolean },
): Account {
  const { profile } = input;
  const baseUrl = checkBaseUrl(input.baseUrl ?? profile.baseUrl ?? '');
  const phone = input.phone ? checkPhone(input.phone) : undefined;
  const db = library.db;
  if (!listPlatforms(db).some((p) => p.id === profile.id)) {
    upsertPlatform(db, { id: profile.id, name: profile.name, nameZh: profile.nameZh ?? null, kind: 'custodial', status: 'active' });
  }
  const same = phone
    ? listAccounts(db).find((a) => a.kind === 'platform' && a.platform === profile.id && a.config.baseUrl === baseUrl && a.config.phone === phone)
    : undefined;
  const id = same?.id ?? input.id ?? newPlatformAccountId(profile.id);
  const config: PlatformAccountConfig = { profile, baseUrl, ...(phone ? { phone } : {}), ...(input.demo ? { demo: true } : {}) };
  const name = input.name?.trim() || same?.name || defaultName(profile, phone);
  upsertAccount(db, { id, kind: 'platform', platformId: profile.id, name, config: config as unknown as Record<string, unknown> });
  if (!same) setAccountStatus(db, id, 'signin-required', 'not signed in yet');
  return publicAccount(library, id);
}

export function publicAccount(library: Library, id: string): Account {
  const a = getAccount(library.db, id);
  if (!a) throw notFound(`account ${JSON.stringify(id)}`);
  const { config: _config, ...account } = a;
  return account;
}

export function platformAccount(library: Library, id: string) {
  const a = getAccount(library.db, id);
  if (!a) throw notFound(`account ${JSON.stringify(id)}`);
  if (a.kind !== 'platform') throw new HoldfastError('invalid_input', `account ${a.name} is not a platform account`);
  return { account: a, ...accountConfig(a) };
}

/** A platform account that can be signed in to now (not a demo account whose emulator is gone). */
function reachableAccount(library: Library, id: string) {
  const found = platformAccount(library, id);
  try {
    assertPlatformReachable(found);
  } catch (error) {
    throw new HoldfastError('conflict', error instanceof Error ? error.message : String(error));
  }
  return found;
}

function smsSpec(profile: PlatformProfile) {
  const sms = profile.signIn.sms;
  if (!sms) throw new HoldfastError('not_implemented', `${profile.name} has no SMS sign-in in its profile; sign in from the desktop app's window instead`);
  return sms;
}

/** Asks the platform to text a sign-in code to `phone`. */
export async function sendSmsCode(library: Library, accountId: string, phone: string, signal = AbortSignal.timeout(30_000)): Promise<void> {
  const { profile, baseUrl } = reachableAccount(library, accountId);
  const sms = smsSpec(profile);
  const client = new PlatformClient(profile, baseUrl, null, { maxAttempts: 2 });
  const { status, body } = await client.request(sms.send, signal, { phone: checkPhone(phone) });
  if (sms.ok && !matches(sms.ok, status, body)) throw new HoldfastError('invalid_input', `${profile.name} did not send a code to ${maskPhone(phone)}`);
}

/** Signs in with the texted code; keeps the session (encrypted) and marks the account ready. */
export async function verifySmsCode(library: Library, accountId: string, phone: string, code: string, signal = AbortSignal.timeout(30_000)): Promise<Account> {
  const { profile, baseUrl, account } = reachableAccount(library, accountId);
  const sms = smsSpec(profile);
  if (!/^[A-Za-z0-9]{3,12}$/.test(code.trim())) throw new HoldfastError('invalid_input', 'the code is 3-12 letters or digits, as the text message shows it');
  const checked = checkPhone(phone);
  const client = new PlatformClient(profile, baseUrl, null, { maxAttempts: 2 });
  let answer;
  try {
    answer = await client.request(sms.verify, signal, { phone: checked, code: code.trim() });
  } catch (error) {
    if (error instanceof HoldfastError) throw error;
    throw new HoldfastError('invalid_input', `${profile.name} did not accept the code: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (sms.ok && !matches(sms.ok, answer.status, answer.body)) throw new HoldfastError('invalid_input', `${profile.name} did not accept the code`);
  const cookies = answer.setCookies.filter((c) => profile.signIn.sessionCookies.includes(c.name));
  if (cookies.length === 0) throw new HoldfastError('invalid_input', `${profile.name} accepted the code but set no session cookie (${profile.signIn.sessionCookies.join(', ')})`);
  if (!account.config.phone) {
    // Added without a phone number (the app's form): remember it, and name the account by it
    // unless the user named it, so two accounts on one platform can be told apart.
    const name = account.name === defaultName(profile) ? defaultName(profile, checked) : account.name;
    upsertAccount(library.db, { id: account.id, kind: 'platform', platformId: account.platform, name, config: { ...account.config, phone: checked } });
  }
  return completeSignIn(library, accountId, answer.setCookies, signal);
}

/** Checks `cookies` open the holdings list, then keeps them and marks the account ready. */
export async function completeSignIn(library: Library, accountId: string, cookies: StoredCookie[], signal = AbortSignal.timeout(30_000)): Promise<Account> {
  const { profile, baseUrl } = reachableAccount(library, accountId);
  const session: PlatformSession = { cookies, savedAt: new Date().toISOString() };
  const client = new PlatformClient(profile, baseUrl, session, { maxAttempts: 3 });
  try {
    for await (const _entry of listEntries(client, signal)) break;
  } catch (error) {
    if (error instanceof SessionExpiredError) throw new HoldfastError('invalid_input', `the sign-in to ${profile.name} did not give a working session`);
    throw error;
  }
  const vault = sessionVault();
  if (vault instanceof FileSessionVault) vault.assertOutside(library.dir);
  await vault.save(accountId, session);
  setAccountStatus(library.db, accountId, 'ok', null);
  return publicAccount(library, accountId);
}

export async function signOut(library: Library, accountId: string): Promise<void> {
  platformAccount(library, accountId);
  await sessionVault().delete(accountId);
  setAccountStatus(library.db, accountId, 'signin-required', 'signed out');
}
