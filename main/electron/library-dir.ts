// Which library folder the desktop app opens: `--library DIR` (or `--library=DIR`) on the
// command line, else HOLDFAST_LIBRARY, else the folder chosen earlier (settings), else the OS
// default from the core.
import { resolve } from 'node:path';
import { resolveLibraryDir } from '../core/library.js';

export type LibraryDirSource = 'argv' | 'env' | 'settings' | 'default';

/** The value of `--library` in an argv (Electron's or a second instance's), if any. */
export function libraryFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--library') {
      const next = argv[i + 1];
      return next && !next.startsWith('--') ? next : undefined;
    }
    if (arg.startsWith('--library=')) return arg.slice('--library='.length) || undefined;
  }
  return undefined;
}

export function chooseLibraryDir(options: {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  saved: string | null;
  platform?: NodeJS.Platform;
}): { dir: string; source: LibraryDirSource } {
  const flag = libraryFlag(options.argv);
  if (flag) return { dir: resolve(flag), source: 'argv' };
  if (options.env.HOLDFAST_LIBRARY) return { dir: resolve(options.env.HOLDFAST_LIBRARY), source: 'env' };
  if (options.saved) return { dir: resolve(options.saved), source: 'settings' };
  const env = { ...options.env };
  delete env.HOLDFAST_LIBRARY;
  return { dir: resolveLibraryDir(undefined, env, options.platform), source: 'default' };
}
