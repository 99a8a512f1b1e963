// Settings: the electron-store file with its JSON schema (electron-store is replaced by the
// `conf` package it is built on, which does the schema work, pointed at a temp folder), the typed
// accessors, and which library folder wins.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { chooseLibraryDir, libraryFlag } from '../../main/electron/library-dir.js';
import { memorySettingsStore, openSettingsStore, Settings, SETTINGS_SCHEMA } from '../../main/electron/settings.js';
import { tempDir } from '../helpers/tmp.js';

const seen = vi.hoisted(() => ({ options: [] as Record<string, unknown>[] }));

vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ElectronStoreStandIn extends Conf<Record<string, unknown>> {
    constructor(options: Record<string, unknown> & { name?: string; cwd?: string }) {
      seen.options.push(options);
      const { name, ...rest } = options;
      super({ ...rest, configName: name ?? 'config', projectName: 'holdfast-test', cwd: options.cwd });
    }
  }
  return { default: ElectronStoreStandIn };
});

describe('settings file', () => {
  it('opens settings.json with the schema and persists values', async () => {
    const cwd = tempDir();
    const store = await openSettingsStore({ cwd });
    expect(seen.options.at(-1)).toMatchObject({ name: 'settings', schema: SETTINGS_SCHEMA, clearInvalidConfig: true });
    const settings = new Settings(store);
    expect(settings.libraryDir).toBeNull();
    expect(settings.language).toBe('auto');
    settings.libraryDir = '/home/me/Holdfast';
    settings.language = 'zh-CN';
    settings.windowBounds = { x: 10.4, y: -20, width: 1200, height: 800, maximized: true };
    const onDisk = JSON.parse(readFileSync(join(cwd, 'settings.json'), 'utf8'));
    expect(onDisk).toMatchObject({
      libraryDir: '/home/me/Holdfast',
      language: 'zh-CN',
      windowBounds: { x: 10, y: -20, width: 1200, height: 800, maximized: true },
    });
    const again = new Settings(await openSettingsStore({ cwd }));
    expect(again.libraryDir).toBe('/home/me/Holdfast');
    expect(again.language).toBe('zh-CN');
    expect(again.windowBounds).toEqual({ x: 10, y: -20, width: 1200, height: 800, maximized: true });
  });

  it('refuses values the schema forbids', async () => {
    const store = await openSettingsStore({ cwd: tempDir() });
    expect(() => store.set('language', 'fr' as never)).toThrow(/schema/i);
    expect(() => store.set('windowBounds', { width: 10, height: 10, maximized: false })).toThrow(/schema/i);
    expect(() => store.set('secrets', { 'bad name': 'x' })).toThrow(/schema/i);
    expect(() => store.set('secrets', { good: 42 as never })).toThrow(/schema/i);
    expect(() => store.set('libraryDir', 7 as never)).toThrow(/schema/i);
  });

  it('clears a file that fails the schema instead of crashing', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'settings.json'), JSON.stringify({ language: 'klingon', libraryDir: 3 }));
    const settings = new Settings(await openSettingsStore({ cwd }));
    expect(settings.language).toBe('auto');
    expect(settings.libraryDir).toBeNull();
  });
});

describe('Settings accessors', () => {
  it('read odd values as unset', () => {
    const settings = new Settings(memorySettingsStore({ libraryDir: 'relative/dir', windowBounds: { width: 5, height: 5, maximized: false } }));
    expect(settings.libraryDir).toBeNull();
    expect(settings.windowBounds).toBeNull();
    expect(() => (settings.libraryDir = 'relative')).toThrow();
    expect(() => (settings.language = 'fr' as never)).toThrow();
  });

  it('clamps window bounds to the minimum size', () => {
    const settings = new Settings(memorySettingsStore());
    settings.windowBounds = { width: 100, height: 100, maximized: false };
    expect(settings.windowBounds).toEqual({ width: 480, height: 360, maximized: false });
  });
});

describe('library folder', () => {
  const env = { HOME: '/home/me', XDG_DATA_HOME: '/home/me/.data' };

  it('takes --library first, then HOLDFAST_LIBRARY, then settings, then the default', () => {
    expect(chooseLibraryDir({ argv: ['electron', 'main.js', '--library', 'lib'], env: { ...env, HOLDFAST_LIBRARY: '/env' }, saved: '/saved', platform: 'linux' })).toEqual({
      dir: resolve('lib'),
      source: 'argv',
    });
    expect(chooseLibraryDir({ argv: ['electron', '--library=/flag'], env: { HOLDFAST_LIBRARY: '/env' }, saved: '/saved' })).toEqual({ dir: '/flag', source: 'argv' });
    expect(chooseLibraryDir({ argv: [], env: { ...env, HOLDFAST_LIBRARY: '/env' }, saved: '/saved' })).toEqual({ dir: '/env', source: 'env' });
    expect(chooseLibraryDir({ argv: [], env, saved: '/saved' })).toEqual({ dir: '/saved', source: 'settings' });
    expect(chooseLibraryDir({ argv: [], env, saved: null, platform: 'linux' })).toEqual({ dir: '/home/me/.data/holdfast/library', source: 'default' });
  });

  it('parses the flag strictly', () => {
    expect(libraryFlag(['--library'])).toBeUndefined();
    expect(libraryFlag(['--library', '--inspect'])).toBeUndefined();
    expect(libraryFlag(['--library='])).toBeUndefined();
    expect(libraryFlag(['--', '--library', 'x'])).toBeUndefined();
    expect(libraryFlag(['--no-sandbox', '--library', '/a b'])).toBe('/a b');
  });
});
