// A tiny secret store for the shell (platform session tokens, RPC keys): strings encrypted with
// Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet) and kept as base64 ciphertext in
// the settings file under `secrets`. On Linux without a keyring, safeStorage falls back to the
// `basic_text` backend, which "encrypts" with a hard-coded key; that is refused unless the
// caller opts in with `allowPlainTextBackend` (e.g. after telling the user).
//
// Values are never logged and never appear in error messages; only secret names do.
import type { SafeStorage } from 'electron';
import type { SecretVault } from '../core/secrets/account-secrets.js';
import { SECRET_NAME_PATTERN, type SettingsBackingStore } from './settings.js';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

export type SecretStoreErrorCode = 'unavailable' | 'plain_text_backend' | 'invalid_name';

export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
  constructor(
    readonly code: SecretStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface SecretStoreOptions {
  safeStorage: SafeStorageLike;
  store: Pick<SettingsBackingStore, 'get' | 'set'>;
  platform?: NodeJS.Platform;
  /** Accept Linux's `basic_text` backend (obfuscation, not encryption). Default false. */
  allowPlainTextBackend?: boolean;
}

export interface SecretStore {
  /** Whether secrets can be stored now, and why not. */
  status(): { available: true } | { available: false; code: SecretStoreErrorCode; reason: string };
  set(name: string, value: string): void;
  /** The secret, or null when there is none or it can no longer be decrypted (e.g. the OS
   *  keyring was reset): callers then ask the user to sign in again. */
  get(name: string): string | null;
  has(name: string): boolean;
  delete(name: string): boolean;
  names(): string[];
}

const NAME = new RegExp(SECRET_NAME_PATTERN);

function checkName(name: string): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new SecretStoreError('invalid_name', 'a secret name is 1-200 characters of letters, digits and . _ : -, starting with a letter or digit');
  }
}

export function createSecretStore(options: SecretStoreOptions): SecretStore {
  const { safeStorage, store } = options;
  const platform = options.platform ?? process.platform;

  function status(): ReturnType<SecretStore['status']> {
    if (!safeStorage.isEncryptionAvailable()) {
      return { available: false, code: 'unavailable', reason: 'this system offers no encryption for stored secrets' };
    }
    if (platform === 'linux' && !options.allowPlainTextBackend) {
      const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
      if (backend === 'basic_text') {
        return {
          available: false,
          code: 'plain_text_backend',
          reason: 'no system keyring (GNOME Keyring / KWallet) is available, so secrets would be stored unprotected',
        };
      }
    }
    return { available: true };
  }

  function ensureAvailable(): void {
    const s = status();
    if (!s.available) throw new SecretStoreError(s.code, `Holdfast can't keep secrets here: ${s.reason}`);
  }

  const all = (): Record<string, string> => {
    const value = store.get('secrets');
    return value && typeof value === 'object' ? { ...value } : {};
  };
  const own = (secrets: Record<string, string>, name: string): string | null =>
    Object.hasOwn(secrets, name) && typeof secrets[name] === 'string' ? secrets[name] : null;

  return {
    status,
    set(name, value) {
      checkName(name);
      if (typeof value !== 'string') throw new SecretStoreError('invalid_name', `secret ${name} must be a string`);
      ensureAvailable();
      const next = all();
      next[name] = safeStorage.encryptString(value).toString('base64');
      store.set('secrets', next);
    },
    get(name) {
      checkName(name);
      const cipher = own(all(), name);
      if (cipher === null) return null;
      ensureAvailable();
      try {
        return safeStorage.decryptString(Buffer.from(cipher, 'base64'));
      } catch {
        return null;
      }
    },
    has(name) {
      checkName(name);
      return own(all(), name) !== null;
    },
    delete(name) {
      checkName(name);
      const next = all();
      if (!Object.hasOwn(next, name)) return false;
      delete next[name];
      store.set('secrets', next);
      return true;
    },
    names() {
      return Object.keys(all()).sort();
    },
  };
}

/** The core's account-secrets vault (custom RPC URLs) on this store: what the desktop app uses
 *  instead of the command line's encrypted files. */
export function safeStorageAccountSecrets(secrets: SecretStore): SecretVault {
  return {
    description: 'the system keychain (Electron safeStorage)',
    get: (name) => secrets.get(name),
    set: (name, value) => secrets.set(name, value),
    delete: (name) => void secrets.delete(name),
  };
}
