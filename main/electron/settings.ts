// The shell's settings (library folder, language, window bounds, encrypted secrets), kept with
// electron-store in the user-data folder and checked against a JSON schema on every read and
// write. A file that fails the schema (hand-edited, corrupt) is cleared rather than crashing
// the app: nothing in it is precious (the library itself lives elsewhere; a lost secret means
// signing in again).
import { isAbsolute } from 'node:path';
import type { Schema } from 'electron-store';

export const LANGUAGES = ['auto', 'en', 'zh-CN'] as const;
export type LanguageSetting = (typeof LANGUAGES)[number];

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export type SettingsShape = {
  libraryDir: string | null;
  language: LanguageSetting;
  windowBounds: WindowBounds | null;
  /** name → base64 ciphertext from safeStorage (see secrets.ts). Never plaintext. */
  secrets: Record<string, string>;
};

export const SETTINGS_DEFAULTS: SettingsShape = { libraryDir: null, language: 'auto', windowBounds: null, secrets: {} };

export const MIN_WINDOW = { width: 480, height: 360 } as const;
const MAX_COORD = 100_000;

/** Secret names: no leading `_` or `.`, so `__proto__` and friends are never keys. */
export const SECRET_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$';

export const SETTINGS_SCHEMA: Schema<SettingsShape> = {
  libraryDir: { type: ['string', 'null'], minLength: 1, maxLength: 4096 },
  language: { type: 'string', enum: [...LANGUAGES] },
  windowBounds: {
    type: ['object', 'null'],
    properties: {
      x: { type: 'integer', minimum: -MAX_COORD, maximum: MAX_COORD },
      y: { type: 'integer', minimum: -MAX_COORD, maximum: MAX_COORD },
      width: { type: 'integer', minimum: MIN_WINDOW.width, maximum: MAX_COORD },
      height: { type: 'integer', minimum: MIN_WINDOW.height, maximum: MAX_COORD },
      maximized: { type: 'boolean' },
    },
    required: ['width', 'height', 'maximized'],
    additionalProperties: false,
  },
  secrets: {
    type: 'object',
    propertyNames: { pattern: SECRET_NAME_PATTERN },
    additionalProperties: { type: 'string', maxLength: 1_000_000 },
  },
};

/** The part of electron-store the shell uses (also met by an in-memory map in tests). */
export interface SettingsBackingStore {
  get<K extends keyof SettingsShape & string>(key: K): SettingsShape[K] | undefined;
  set<K extends keyof SettingsShape & string>(key: K, value: SettingsShape[K]): void;
}

/** Opens the electron-store file (`settings.json` in the user-data folder). Imported lazily so
 *  the rest of this module (and its tests) never loads electron-store, which loads Electron. */
export async function openSettingsStore(options: { cwd?: string } = {}): Promise<SettingsBackingStore> {
  const { default: Store } = await import('electron-store');
  const store = new Store<SettingsShape>({
    name: 'settings',
    schema: SETTINGS_SCHEMA,
    defaults: SETTINGS_DEFAULTS,
    clearInvalidConfig: true,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
  };
}

/** Settings that live only as long as the process (tests, or when the file can't be opened). */
export function memorySettingsStore(initial: Partial<SettingsShape> = {}): SettingsBackingStore {
  const values = new Map<string, unknown>(Object.entries({ ...structuredClone(SETTINGS_DEFAULTS), ...initial }));
  return {
    get: (key) => structuredClone(values.get(key)) as never,
    set: (key, value) => void values.set(key, structuredClone(value)),
  };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Typed, defensive access on top of the store: a value that is not what it should be reads as
 *  "unset" even if the schema let it through. */
export class Settings {
  constructor(readonly store: SettingsBackingStore) {}

  get libraryDir(): string | null {
    const v = this.store.get('libraryDir');
    return typeof v === 'string' && v.length > 0 && isAbsolute(v) ? v : null;
  }

  set libraryDir(dir: string | null) {
    if (dir !== null && !isAbsolute(dir)) throw new Error('the library folder must be an absolute path');
    this.store.set('libraryDir', dir);
  }

  get language(): LanguageSetting {
    const v = this.store.get('language');
    return (LANGUAGES as readonly unknown[]).includes(v) ? (v as LanguageSetting) : 'auto';
  }

  set language(language: LanguageSetting) {
    if (!(LANGUAGES as readonly string[]).includes(language)) throw new Error(`unknown language ${JSON.stringify(language)}`);
    this.store.set('language', language);
  }

  get windowBounds(): WindowBounds | null {
    const v = this.store.get('windowBounds');
    if (!v || typeof v !== 'object') return null;
    const { x, y, width, height, maximized } = v;
    if (!isInt(width) || !isInt(height) || width < MIN_WINDOW.width || height < MIN_WINDOW.height) return null;
    const bounds: WindowBounds = { width, height, maximized: maximized === true };
    if (isInt(x) && isInt(y)) Object.assign(bounds, { x, y });
    return bounds;
  }

  set windowBounds(bounds: WindowBounds | null) {
    if (bounds === null) {
      this.store.set('windowBounds', null);
      return;
    }
    const clamp = (n: number, lo: number) => Math.min(MAX_COORD, Math.max(lo, Math.round(n)));
    const clean: WindowBounds = {
      width: clamp(bounds.width, MIN_WINDOW.width),
      height: clamp(bounds.height, MIN_WINDOW.height),
      maximized: bounds.maximized === true,
    };
    if (typeof bounds.x === 'number' && typeof bounds.y === 'number') {
      clean.x = clamp(bounds.x, -MAX_COORD);
      clean.y = clamp(bounds.y, -MAX_COORD);
    }
    this.store.set('windowBounds', clean);
  }
}
