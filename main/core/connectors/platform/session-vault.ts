// Where platform session cookies are kept: encrypted, outside the library folder, never logged.
//
// The desktop app keeps them with Electron's safeStorage (the OS keychain; see
// main/electron/platform-signin.ts). The command line and the browser mode have no keychain, so
// they use `FileSessionVault`: AES-256-GCM with a random 256-bit key in a key file (0600, in a
// 0700 folder) in the app-data folder, one ciphertext file per account, the account id bound in
// as associated data so files can't be swapped between accounts. That protects the cookies from
// anyone who gets the library folder, a backup of it, a bundle or a log; it does NOT protect
// them from someone who can read the user's own files (the key sits beside them). That is
// weaker than safeStorage, and the README says so.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { HoldfastError } from '../../errors.js';

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

const KEY_FILE = 'platform-sessions.key';
const MAGIC = Buffer.from('HFS1');

export class FileSessionVault implements SessionVault {
  readonly description: string;
  private key: Buffer | null = null;

  constructor(readonly dir: string) {
    this.description = `encrypted files (AES-256-GCM, key file with owner-only permissions) in ${dir}`;
  }

  /** Refuses to keep sessions inside a library folder (libraries get copied, shared, bundled). */
  assertOutside(libraryDir: string): void {
    if (isInside(this.dir, libraryDir)) {
      throw new HoldfastError('invalid_input', `platform sessions can't be kept inside the library folder (${libraryDir}); set HOLDFAST_DATA_DIR to a folder outside it`);
    }
  }

  private sessionPath(accountId: string): string {
    checkId(accountId);
    return join(this.dir, 'platform-sessions', `${accountId}.bin`);
  }

  private loadKey(create: boolean): Buffer | null {
    if (this.key) return this.key;
    const path = join(this.dir, KEY_FILE);
    if (!existsSync(path)) {
      if (!create) return null;
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      try {
        // wx: never overwrite a key another process just made (that would orphan its sessions).
        writeFileSync(path, randomBytes(32), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    if (process.platform !== 'win32') {
      const mode = statSync(path).mode & 0o077;
      if (mode !== 0) {
        throw new HoldfastError('invalid_input', `the session key file ${path} can be read by other users; run: chmod 600 ${path}`);
      }
    }
    const key = readFileSync(path);
    if (key.length !== 32) throw new HoldfastError('invalid_input', `the session key file ${path} is damaged; delete it and sign in again`);
    this.key = key;
    return key;
  }

  async load(accountId: string): Promise<PlatformSession | null> {
    const path = this.sessionPath(accountId);
    if (!existsSync(path)) return null;
    const key = this.loadKey(false);
    if (!key) return null;
    const data = readFileSync(path);
    if (data.length < 4 + 12 + 16 || !data.subarray(0, 4).equals(MAGIC)) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(4, 16));
      decipher.setAAD(Buffer.from(accountId));
      decipher.setAuthTag(data.subarray(16, 32));
      const plain = Buffer.concat([decipher.update(data.subarray(32)), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as PlatformSession;
    } catch {
      // A file that doesn't decrypt (other key, tampered) is as good as none: sign in again.
      return null;
    }
  }

  async save(accountId: string, session: PlatformSession): Promise<void> {
    const path = this.sessionPath(accountId);
    const key = this.loadKey(true)!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(accountId));
    const body = Buffer.concat([cipher.update(JSON.stringify(session), 'utf8'), cipher.final()]);
    const folder = join(this.dir, 'platform-sessions');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  }

  async delete(accountId: string): Promise<void> {
    rmSync(this.sessionPath(accountId), { force: true });
  }
}
