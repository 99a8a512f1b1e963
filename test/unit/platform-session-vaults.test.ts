// Where platform sessions are kept: the CLI's AES-GCM file vault (owner-only files, account
// bound in, outside any library) and the desktop app's safeStorage vault (which refuses Linux's
// basic_text backend unless the user agreed). Cookies must never be readable in what is stored.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSessionVault } from '../../main/core/connectors/platform/session-vault.js';
import { safeStorageSessionVault } from '../../main/electron/platform-signin.js';
import { createSecretStore } from '../../main/electron/secrets.js';
import { memorySettingsStore } from '../../main/electron/settings.js';
import { tempDir } from '../helpers/tmp.js';

const session = { cookies: [{ name: 'sid', value: 'very-secret-cookie-value-123' }], savedAt: '2025-01-01T00:00:00.000Z' };

describe('platform session vaults', () => {
  it('the file vault encrypts, binds the account, keeps files owner-only, and refuses a library folder', async () => {
    const dir = join(tempDir(), 'secrets');
    const vault = new FileSessionVault(dir);
    await vault.save('acct-1', session);
    expect(await vault.load('acct-1')).toEqual(session);
    const file = join(dir, 'platform-sessions', 'acct-1.bin');
    expect(readFileSync(file).includes('very-secret-cookie-value-123')).toBe(false);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(statSync(join(dir, 'platform-sessions.key')).mode & 0o077).toBe(0);
    // A file moved to another account's name does not decrypt (the id is authenticated data).
    const { copyFileSync } = await import('node:fs');
    copyFileSync(file, join(dir, 'platform-sessions', 'acct-2.bin'));
    expect(await vault.load('acct-2')).toBeNull();
    expect(() => vault.assertOutside(join(dir, '..'))).toThrow(/inside the library folder/);
    expect(() => vault.assertOutside(join(dir, '..', 'library'))).not.toThrow();
    await vault.delete('acct-1');
    expect(readdirSync(join(dir, 'platform-sessions'))).toEqual(['acct-2.bin']);
  });

  it('the desktop vault keeps ciphertext only, and refuses the basic_text backend unless allowed', async () => {
    const safeStorage = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text' as const,
      encryptString: (s: string) => Buffer.from(`v1:${Buffer.from(s).toString('base64')}`),
      decryptString: (b: Buffer) => Buffer.from(b.toString().slice(3), 'base64').toString(),
    };
    const store = memorySettingsStore();
    const refused = safeStorageSessionVault(createSecretStore({ safeStorage, store, platform: 'linux' }));
    await expect(refused.save('acct-1', session)).rejects.toThrow(/no system keyring/);
    const allowed = safeStorageSessionVault(createSecretStore({ safeStorage, store, platform: 'linux', allowPlainTextBackend: true }));
    await allowed.save('acct-1', session);
    expect(JSON.stringify(store.get('secrets'))).not.toContain('very-secret-cookie-value-123');
    expect(await allowed.load('acct-1')).toEqual(session);
  });
});
