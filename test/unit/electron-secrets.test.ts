// The secret store over a stand-in safeStorage (XOR "encryption" with a version tag) and an
// in-memory settings store.
import { beforeEach, describe, expect, it } from 'vitest';
import { createSecretStore, SecretStoreError, type SafeStorageLike } from '../../main/electron/secrets.js';
import { memorySettingsStore, type SettingsBackingStore } from '../../main/electron/settings.js';
import { standIn } from './electron-stand-in.js';

const safeStorage = standIn.electron.safeStorage as unknown as SafeStorageLike;
let store: SettingsBackingStore;

beforeEach(() => {
  standIn.reset();
  store = memorySettingsStore();
});

const TOKEN = 'session=s3cr3t-龙-token';

describe('secrets on Linux', () => {
  it('refuses the basic_text backend unless explicitly allowed', () => {
    standIn.state.backend = 'basic_text';
    const secrets = createSecretStore({ safeStorage, store, platform: 'linux' });
    expect(secrets.status()).toMatchObject({ available: false, code: 'plain_text_backend' });
    const error = (() => {
      try {
        secrets.set('account:a1:session', TOKEN);
      } catch (e) {
        return e;
      }
      return null;
    })() as SecretStoreError;
    expect(error).toBeInstanceOf(SecretStoreError);
    expect(error.code).toBe('plain_text_backend');
    expect(error.message).not.toContain(TOKEN);
    expect(store.get('secrets')).toEqual({});
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
  });

  it('round-trips on basic_text when allowPlainTextBackend is passed', () => {
    standIn.state.backend = 'basic_text';
    const secrets = createSecretStore({ safeStorage, store, platform: 'linux', allowPlainTextBackend: true });
    secrets.set('account:a1:session', TOKEN);
    expect(secrets.get('account:a1:session')).toBe(TOKEN);
  });

  it('round-trips with a keyring backend and stores only base64 ciphertext under `secrets`', () => {
    standIn.state.backend = 'gnome_libsecret';
    const secrets = createSecretStore({ safeStorage, store, platform: 'linux' });
    expect(secrets.status()).toEqual({ available: true });
    secrets.set('account:a1:session', TOKEN);
    secrets.set('rpc.key', 'k-123');
    const saved = store.get('secrets')!;
    expect(Object.keys(saved).sort()).toEqual(['account:a1:session', 'rpc.key']);
    expect(saved['account:a1:session']).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(JSON.stringify(saved)).not.toContain('s3cr3t');
    expect(secrets.get('account:a1:session')).toBe(TOKEN);
    expect(secrets.has('rpc.key')).toBe(true);
    expect(secrets.names()).toEqual(['account:a1:session', 'rpc.key']);
    expect(secrets.delete('rpc.key')).toBe(true);
    expect(secrets.delete('rpc.key')).toBe(false);
    expect(secrets.get('rpc.key')).toBeNull();
  });
});

describe('secrets elsewhere', () => {
  it('ignores the Linux backend question on macOS and Windows', () => {
    standIn.state.backend = 'basic_text';
    for (const platform of ['darwin', 'win32'] as const) {
      const secrets = createSecretStore({ safeStorage, store: memorySettingsStore(), platform });
      secrets.set('a', 'b');
      expect(secrets.get('a')).toBe('b');
    }
  });

  it('refuses when the OS offers no encryption at all', () => {
    standIn.state.encryption = false;
    const secrets = createSecretStore({ safeStorage, store, platform: 'darwin', allowPlainTextBackend: true });
    expect(secrets.status()).toMatchObject({ available: false, code: 'unavailable' });
    expect(() => secrets.set('a', 'b')).toThrow(SecretStoreError);
  });

  it('reads a secret that can no longer be decrypted as missing', () => {
    const secrets = createSecretStore({ safeStorage, store, platform: 'darwin' });
    store.set('secrets', { broken: Buffer.from('garbage').toString('base64') });
    expect(secrets.get('broken')).toBeNull();
  });

  it('checks secret names', () => {
    const secrets = createSecretStore({ safeStorage, store, platform: 'darwin' });
    for (const bad of ['', 'a b', '../x', 'x'.repeat(201), '__proto__', '_x', '.x']) {
      expect(() => secrets.set(bad, 'v')).toThrow(SecretStoreError);
    }
    expect(secrets.get('constructor')).toBeNull();
    expect(secrets.has('toString')).toBe(false);
  });
});
