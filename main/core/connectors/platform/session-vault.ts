// Where platform session cookies are kept: encrypted, outside the library folder, never logged.
//
// The desktop app keeps them with Electron's safeStorage (the OS keychain; see
// main/electron/platform-signin.ts). The command line and the browser mode have no keychain, so
// they use `FileSessionVault`: the account-secrets file vault (main/core/secrets/account-secrets.ts:
// AES-256-GCM, key file outside the library), one ciphertext file per account, the account id
// bound in as associated data so files can't be swapped between accounts.
import { HoldfastError } from '../../errors.js';
import { FileSecretVault } from '../../secrets/account-secrets.js';

// Where they used to live; the platform code imports them from here.
export { isInside, resolveAppDataDir } from '../../secrets/account-secrets.js';

export interface StoredCookie {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  /** Unix seconds, when the platform set one. */
  expires?: number;
}

export interface PlatformSession {
  cookies: StoredCookie[];
  savedAt: string;
}

export interface SessionVault {
  /** Where and how sessions are kept, for messages (never any secret). */
  readonly description: string;
  load(accountId: string): Promise<PlatformSession | null>;
  save(accountId: string, session: PlatformSession): Promise<void>;
  delete(accountId: string): Promise<void>;
}

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const checkId = (id: string) => {
  if (!ACCOUNT_ID.test(id)) throw new HoldfastError('invalid_input', 'an account id is 1-128 letters, digits, _ or -');
};

/** Sessions as JSON in the account-secrets file vault (platform-sessions/<account id>.bin). */
export class FileSessionVault implements SessionVault {
  readonly description: string;
  private readonly files: FileSecretVault;

  constructor(readonly dir: string) {
    this.files = new FileSecretVault(dir, 'platform-sessions', 'platform sessions');
    this.description = this.files.description;
  }

  /** Refuses to keep sessions inside a library folder (libraries get copied, shared, bundled). */
  assertOutside(libraryDir: string): void {
    this.files.assertOutside(libraryDir);
  }

  async load(accountId: string): Promise<PlatformSession | null> {
    checkId(accountId);
    const text = this.files.get(accountId);
    if (text === null) return null;
    try {
      return JSON.parse(text) as PlatformSession;
    } catch {
      return null;
    }
  }

  async save(accountId: string, session: PlatformSession): Promise<void> {
    checkId(accountId);
    this.files.set(accountId, JSON.stringify(session));
  }

  async delete(accountId: string): Promise<void> {
    checkId(accountId);
    this.files.delete(accountId);
  }
}
