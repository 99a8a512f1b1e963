// An EVM account's RPC URLs. A custom URL is a secret: providers put the API key in the path
// (…/v2/<key>), the query (?apikey=…) or the user info (https://user:key@host/). So custom URLs
// live in the account-secrets vault (safeStorage in the desktop app, the encrypted file vault
// elsewhere), and the catalog keeps only `rpcSecret`: the vault entry's id and the URLs as shown
// (scheme://host/…). A preset's public endpoints (chains.ts) stay in the config as they are.
//
// Libraries from before keep plain URLs in the config: `moveRpcUrlsToVault` moves them when the
// library is opened (api/backend.ts) and scrubs the old text from the catalog's files.
import { randomBytes } from 'node:crypto';
import type { Account } from '../../../api/contract.js';
import { getAccount, listAccountConfigs, replaceSecretConfigs, setAccountConfig, setAccountStatus } from '../../db/accounts.js';
import { HoldfastError, notFound } from '../../errors.js';
import { redactUrl } from '../../evm/rpc.js';
import type { Library } from '../../library.js';
import { accountSecrets } from '../../secrets/account-secrets.js';
import { AccountStatusError } from '../account-status.js';
import { EvmAccountConfig, presetByChainId } from './chains.js';

type RpcFields = Pick<EvmAccountConfig, 'rpcUrls' | 'rpcSecret'>;

const vaultName = (secretId: string) => `rpc-urls.${secretId}`;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One of the chain preset's own public endpoints (the only URLs kept in plain text). */
export function isPublicRpcUrl(chainId: number, url: string): boolean {
  return presetByChainId(chainId)?.rpcUrls.includes(url) ?? false;
}

/** How an RPC URL is shown anywhere: in full when public, else scheme://host/…. */
export const displayRpcUrl = (chainId: number, url: string): string => (isPublicRpcUrl(chainId, url) ? url : redactUrl(url));

/** What the app shows of an account's RPC URLs, and whether they are kept as a secret. */
export function rpcSummary(config: Record<string, unknown>): Account['rpc'] {
  const parsed = EvmAccountConfig.safeParse(config);
  if (!parsed.success) return undefined;
  const { rpcSecret, rpcUrls, chainId } = parsed.data;
  return rpcSecret ? { urls: rpcSecret.redacted, secret: true } : { urls: rpcUrls.map((u) => displayRpcUrl(chainId, u)), secret: false };
}

/** An account as the table shows it: no config, and for wallets what to show of the RPC URLs. */
export function accountView(account: Account & { config: Record<string, unknown> }): Account {
  const { config, ...rest } = account;
  const rpc = account.kind === 'evm' ? rpcSummary(config) : undefined;
  return rpc ? { ...rest, rpc } : rest;
}

/** Keeps `urls` for an account on `chainId`: public ones in the config, any custom one (with
 *  the rest, in order: they are fallbacks of each other) in the vault. Returns the config fields. */
export function keepRpcUrls(library: Library, chainId: number, urls: readonly string[], previous?: EvmAccountConfig['rpcSecret']): RpcFields {
  if (urls.length === 0) throw new HoldfastError('invalid_input', 'give at least one RPC URL');
  urls.forEach((url, i) => {
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw new HoldfastError('invalid_input', `RPC URL ${i + 1} is not a valid URL`);
    }
    if (protocol !== 'http:' && protocol !== 'https:') throw new HoldfastError('invalid_input', `RPC URL ${i + 1} is not an http(s) URL`);
  });
  const vault = accountSecrets();
  if (urls.every((u) => isPublicRpcUrl(chainId, u))) {
    if (previous) vault.delete(vaultName(previous.id));
    return { rpcUrls: [...urls], rpcSecret: undefined };
  }
  const id = previous?.id ?? randomBytes(16).toString('hex');
  try {
    vault.assertOutside?.(library.dir);
    vault.set(vaultName(id), JSON.stringify(urls));
  } catch (error) {
    throw new HoldfastError('invalid_input', `the RPC URLs can't be stored safely: ${messageOf(error)}`);
  }
  return { rpcUrls: [], rpcSecret: { id, redacted: urls.map((u) => displayRpcUrl(chainId, u)) } };
}

const reenter = (account: { id: string }) =>
  `enter them again: holdfast accounts set-rpc ${account.id} --rpc URL… (or "Change RPC URLs" on the account in the app's Accounts page)`;

/** The URLs a sync uses. Fails, naming the account and what to do, when the vault has no
 *  readable copy (another computer, a reset keychain, a deleted key file). */
export function resolveRpcUrls(account: { id: string; name: string }, config: EvmAccountConfig): string[] {
  if (!config.rpcSecret) {
    if (config.rpcUrls.length > 0) return config.rpcUrls;
    throw new AccountStatusError('error', `account ${account.name} has no RPC URLs; ${reenter(account)}`);
  }
  let text: string | null = null;
  let reason = '';
  const vault = accountSecrets();
  try {
    text = vault.get(vaultName(config.rpcSecret.id));
  } catch (error) {
    reason = ` (${messageOf(error)})`;
  }
  let urls: unknown;
  try {
    urls = text === null ? null : JSON.parse(text);
  } catch {
    urls = null;
  }
  if (Array.isArray(urls) && urls.length > 0 && urls.every((u) => typeof u === 'string')) return urls as string[];
  throw new AccountStatusError(
    'error',
    `the RPC URLs of account ${account.name} (${config.rpcSecret.redacted.join(', ')}) are not in ${vault.description} or can't be decrypted there${reason}; ${reenter(account)}`,
  );
}

/** `accounts.setRpc`: new RPC URLs for a wallet (e.g. after the vault lost them, or a new key). */
export function setAccountRpc(library: Library, accountId: string, urls: readonly string[]): Account {
  const account = getAccount(library.db, accountId);
  if (!account) throw notFound(`account ${JSON.stringify(accountId)}`);
  if (account.kind !== 'evm') throw new HoldfastError('invalid_input', `${account.name} is not an EVM wallet: only wallets have RPC URLs`);
  const parsed = EvmAccountConfig.safeParse(account.config);
  if (!parsed.success) throw new HoldfastError('invalid_input', `account ${account.name} has an invalid EVM configuration: ${parsed.error.issues[0]?.message}`);
  const config = { ...account.config, ...keepRpcUrls(library, parsed.data.chainId, urls, parsed.data.rpcSecret) };
  // Plain custom URLs in the old config (a library not migrated yet): scrub them from the file.
  if (parsed.data.rpcUrls.some((u) => !isPublicRpcUrl(parsed.data.chainId, u))) replaceSecretConfigs(library.db, [{ id: accountId, config }]);
  else setAccountConfig(library.db, accountId, config);
  // A status that said the URLs were missing or failing is about the old ones.
  if (account.status === 'error') setAccountStatus(library.db, accountId, 'ok', null);
  return accountView(getAccount(library.db, accountId)!);
}

/** Moves plain custom RPC URLs of a library from before into the vault, and scrubs them from the
 *  catalog. Returns the accounts moved; those that could not be (no vault here) are reported to
 *  `warn` (by name, never URL) and keep working from the config until the next open. */
export function moveRpcUrlsToVault(library: Library, warn: (message: string) => void = () => undefined): string[] {
  const updates: Array<{ id: string; config: Record<string, unknown> }> = [];
  for (const row of listAccountConfigs(library.db, 'evm')) {
    const parsed = EvmAccountConfig.safeParse(row.config);
    if (!parsed.success || parsed.data.rpcSecret) continue;
    const { chainId, rpcUrls } = parsed.data;
    if (rpcUrls.every((u) => isPublicRpcUrl(chainId, u))) continue;
    try {
      updates.push({ id: row.id, config: { ...row.config, ...keepRpcUrls(library, chainId, rpcUrls) } });
    } catch (error) {
      warn(`holdfast: the RPC URLs of account ${row.name} stay in the library's catalog for now: ${messageOf(error)}`);
    }
  }
  replaceSecretConfigs(library.db, updates);
  return updates.map((u) => u.id);
}
