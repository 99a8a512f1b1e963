// The one home for account secrets: what an account needs to reach its source that must never
// sit in the library folder (platform session cookies, RPC URLs that carry an API key).
//
// The desktop app keeps them with Electron's safeStorage (the OS keychain; main/electron/secrets.ts
// installs it with `useAccountSecrets`). The command line and the browser mode have no keychain,
// so they use `FileSecretVault`: AES-256-GCM with a random 256-bit key in a key file (0600, in a
// 0700 folder) in the app-data folder, one ciphertext file per secret, the secret's name bound in
// as associated data so files can't be swapped between names. That protects secrets from anyone
// who gets the library folder, a backup of it, a bundle or a log; it does NOT protect them from
// someone who can read the user's own files (the key sits beside them). That is weaker than
// safeStorage, and the README says so.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { HoldfastError } from '../errors.js';

/** Strings kept by name. Values never appear in logs or messages; only names do. */
export interface SecretVault {
  /** Where and how secrets are kept, for messages (never any secret). */
  readonly description: string;
  /** The secret, or null when there is none or it no longer decrypts (other key, tampered, the
   *  keychain was reset): callers then ask the user to enter it again. */
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
  /** Throws when secrets kept here would end up inside `libraryDir` (copied, shared, bundled). */
  assertOutside?(libraryDir: string): void;
}

/** Holdfast's app-data folder: HOLDFAST_DATA_DIR, else the OS's (the default library's parent). */
export function resolveAppDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.HOLDFAST_DATA_DIR) return resolve(env.HOLDFAST_DATA_DIR);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Holdfast');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Holdfast');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'holdfast');
}

export const isInside = (child: string, parent: string) => {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

export const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
// One key for every file vault in the folder. Its name is from when it kept only platform
// sessions; renaming it would orphan the secrets of existing installs.
const KEY_FILE = 'platform-sessions.key';
const MAGIC = Buffer.from('HFS1');

export class FileSecretVault implements SecretVault {
  readonly description: string;
  private key: Buffer | null = null;

  /** Secrets in `dir`/`folder`/<name>.bin, encrypted with the key in `dir`. */
  constructor(
    readonly dir: string,
    private readonly folder = 'account-secrets',
    /** What the secrets are, for the message when the folder is inside a library. */
    private readonly what = 'account secrets',
  ) {
    this.description = `encrypted files (AES-256-GCM, key file with owner-only permissions) in ${dir}`;
  }

  assertOutside(libraryDir: string): void {
    if (isInside(this.dir, libraryDir)) {
      throw new HoldfastError('invalid_input', `${this.what} can't be kept inside the library folder (${libraryDir}); set HOLDFAST_DATA_DIR to a folder outside it`);
    }
  }

  private pathOf(name: string): string {
    if (!SECRET_NAME.test(name)) throw new HoldfastError('invalid_input', 'a secret name is 1-200 letters, digits, . _ or -');
    return join(this.dir, this.folder, `${name}.bin`);
  }

  private loadKey(create: boolean): Buffer | null {
    if (this.key) return this.key;
    const path = join(this.dir, KEY_FILE);
    if (!existsSync(path)) {
      if (!create) return null;
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      try {
        // wx: never overwrite a key another process just made (that would orphan its secrets).
        writeFileSync(path, randomBytes(32), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    if (process.platform !== 'win32') {
      const mode = statSync(path).mode & 0o077;
      if (mode !== 0) {
        throw new HoldfastError('invalid_input', `the secrets key file ${path} can be read by other users; run: chmod 600 ${path}`);
      }
    }
    const key = readFileSync(path);
    if (key.length !== 32) {
      throw new HoldfastError('invalid_input', `the secrets key file ${path} is damaged; delete it, then sign in to platforms and enter RPC URLs again`);
    }
    this.key = key;
    return key;
  }

  get(name: string): string | null {
    const path = this.pathOf(name);
    if (!existsSync(path)) return null;
    const key = this.loadKey(false);
    if (!key) return null;
    const data = readFileSync(path);
    if (data.length < 4 + 12 + 16 || !data.subarray(0, 4).equals(MAGIC)) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(4, 16));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(data.subarray(16, 32));
      return Buffer.concat([decipher.update(data.subarray(32)), decipher.final()]).toString('utf8');
    } catch {
      // A file that doesn't decrypt (other key, tampered) is as good as none.
      return null;
    }
  }

  set(name: string, value: string): void {
    const path = this.pathOf(name);
    const key = this.loadKey(true)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(name));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    mkdirSync(join(this.dir, this.folder), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  }

  delete(name: string): void {
    rmSync(this.pathOf(name), { force: true });
  }
}

let vault: SecretVault | null = null;

/** The vault of this process: the shell's (useAccountSecrets), else the file vault in app data. */
export function accountSecrets(): SecretVault {
  vault ??= new FileSecretVault(join(resolveAppDataDir(), 'secrets'));
  return vault;
}

export function useAccountSecrets(next: SecretVault | null): void {
  vault = next;
}
