// What every command shares: the --library option, opening the backend, calling the table.
import { InvalidArgumentError, type Command } from 'commander';
import type { Backend } from '../api/backend.js';
import type { OperationName, OpInput, OpOutput } from '../api/contract.js';
import { HoldfastError } from '../core/errors.js';
import { resolveLibraryDir } from '../core/library.js';

export const withLibrary = (cmd: Command): Command =>
  cmd.option('--library <dir>', 'library folder (default: $HOLDFAST_LIBRARY, else the app-data folder)');

/** Opens the library named by --library (or the default), runs `work`, always closes it. */
export async function withBackend<T>(libraryFlag: string | undefined, work: (backend: Backend) => Promise<T>): Promise<T> {
  // Imported here, not at the top: `holdfast --help` and commands without a library never load it.
  const { openBackend } = await import('../api/backend.js');
  const backend = openBackend(resolveLibraryDir(libraryFlag), 'http');
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

/** Calls one operation of the table and unwraps its result, as the UI does. */
export async function call<N extends OperationName>(backend: Backend, name: N, input?: OpInput<N>): Promise<OpOutput<N>> {
  const r = await backend.call(name, input);
  if (!r.ok) throw new HoldfastError(r.error.code === 'not_found' ? 'not_found' : 'invalid_input', r.error.message);
  return r.result as OpOutput<N>;
}

export const parsePort = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
};
