// The `holdfast` command line: the same core and the same API table as the app.
import { Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBackend, type Backend } from '../api/backend.js';
import type { ApiEvent, ItemSummary, OperationName, OpInput, OpOutput } from '../api/contract.js';
import { createDemoLibrary } from '../core/demo/create-demo.js';
import { HoldfastError } from '../core/errors.js';
import { CATALOG_FILE, resolveLibraryDir } from '../core/library.js';
import { HOLDFAST_VERSION } from '../core/version.js';
import { startServer } from '../http/server.js';
import { electronBinary, openInBrowser, spawnElectron } from './launch.js';
import { formatItemsTable, formatProgress } from './format.js';

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');

/** Calls one operation of the table and unwraps its result, as the UI does. */
async function call<N extends OperationName>(backend: Backend, name: N, input?: OpInput<N>): Promise<OpOutput<N>> {
  const r = await backend.call(name, input);
  if (!r.ok) throw new HoldfastError(r.error.code === 'not_found' ? 'not_found' : 'invalid_input', r.error.message);
  return r.result as OpOutput<N>;
}

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535');
  return n;
};

/** The demo gets its own folder unless told otherwise, so it never mixes into a real library. */
function demoLibraryDir(flag: string | undefined): string {
  if (flag || process.env.HOLDFAST_LIBRARY) return resolveLibraryDir(flag);
  return join(resolveLibraryDir(undefined), '..', 'demo-library');
}

async function serve(backend: Backend, opts: { port?: number; open?: boolean }): Promise<void> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new HoldfastError('not_found', 'the app UI is not built; run `npm run build` first');
  }
  const server = await startServer({ backend, rendererDir, port: opts.port });
  console.log(`Holdfast is serving ${backend.ctx.library.dir}`);
  console.log(`Open this address in a browser (it carries your access token):\n\n  ${server.url}\n`);
  console.log('Press Ctrl+C to stop.');
  if (opts.open) openInBrowser(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
}

function printProgress(event: ApiEvent, tty: boolean): void {
  if (event.type !== 'sync.progress') return;
  const line = formatProgress(event);
  if (tty) process.stdout.write(`\r\x1b[2K${line}`);
  else if (event.phase !== 'fetching' || event.itemsDone % 25 === 0) console.log(line);
  if (tty && event.phase !== 'fetching' && event.phase !== 'listing') process.stdout.write('\n');
}

export function buildProgram(): Command {
  const program = new Command()
    .name('holdfast')
    .description('Keep your digital collectibles on your own disk.')
    .version(HOLDFAST_VERSION)
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) });

  const withLibrary = (cmd: Command) => cmd.option('--library <dir>', 'library folder (default: $HOLDFAST_LIBRARY, else the app-data folder)');

  withLibrary(program.command('demo'))
    .description('create the demo library (no account, no network needed) and optionally open it')
    .option('--open', 'open Holdfast on it afterwards (the desktop app if it can run, else the browser mode)')
    .option('--port <n>', 'port for the browser mode', port)
    .action(async (opts: { library?: string; open?: boolean; port?: number }) => {
      const dir = demoLibraryDir(opts.library);
      const fresh = !existsSync(join(dir, CATALOG_FILE));
      const backend = openBackend(dir, 'http');
      try {
        console.log(`${fresh ? 'Creating' : 'Checking'} the demo library in ${dir} …`);
        const unsubscribe = backend.ctx.events.subscribe((e) => printProgress(e, false));
        const result = await createDemoLibrary(backend.ctx.library, backend.ctx.sync);
        unsubscribe();
        console.log(`Demo library ready: ${result.items} items.`);
        if (result.failed.length) throw new HoldfastError('conflict', `the demo sync did not finish cleanly (${result.failed.join(', ')})`);
        if (!opts.open) return;
        const electron = electronBinary();
        if (electron) {
          await backend.close();
          await spawnElectron(electron, ['--library', dir]);
          return;
        }
        console.log('The desktop runtime (Electron) is not available here, so Holdfast opens in browser mode.');
        await serve(backend, { port: opts.port, open: true });
      } finally {
        await backend.close();
      }
    });

  withLibrary(program.command('serve'))
    .description('serve the app UI and API on 127.0.0.1 for a browser (token-protected)')
    .option('--port <n>', 'port to listen on (default: a free one)', port)
    .option('--open', 'open the system browser')
    .action(async (opts: { library?: string; port?: number; open?: boolean }) => {
      const backend = openBackend(resolveLibraryDir(opts.library), 'http');
      try {
        await serve(backend, opts);
      } finally {
        await backend.close();
      }
    });

  withLibrary(program.command('list'))
    .description('list the items in the library')
    .option('--json', 'print JSON (one array of items)')
    .option('--query <text>', 'only items matching this search (Chinese or English)')
    .option('--account <id>', 'only this account')
    .option('--platform <id>', 'only this platform')
    .action(async (opts: { library?: string; json?: boolean; query?: string; account?: string; platform?: string }) => {
      const backend = openBackend(resolveLibraryDir(opts.library), 'http');
      try {
        const items: ItemSummary[] = [];
        for (let offset = 0; ; offset += 500) {
          const page = await call(backend, 'items.list', {
            query: opts.query, accountId: opts.account, platform: opts.platform, offset, limit: 500, sort: 'name', order: 'asc',
          });
          items.push(...page.items);
          if (items.length >= page.total || page.items.length === 0) break;
        }
        if (opts.json) console.log(JSON.stringify(items, null, 2));
        else console.log(formatItemsTable(items));
      } finally {
        await backend.close();
      }
    });

  withLibrary(program.command('show'))
    .description('show everything the library holds about one item')
    .argument('<id>', 'item id (from `holdfast list --json`)')
    .action(async (id: string, opts: { library?: string }) => {
      const backend = openBackend(resolveLibraryDir(opts.library), 'http');
      try {
        console.log(JSON.stringify(await call(backend, 'items.get', { id }), null, 2));
      } finally {
        await backend.close();
      }
    });

  withLibrary(program.command('accounts'))
    .description('list the accounts in the library')
    .option('--json', 'print JSON')
    .action(async (opts: { library?: string; json?: boolean }) => {
      const backend = openBackend(resolveLibraryDir(opts.library), 'http');
      try {
        const accounts = await call(backend, 'accounts.list', {});
        if (opts.json) console.log(JSON.stringify(accounts, null, 2));
        else for (const a of accounts) console.log(`${a.id}\t${a.kind}\t${a.status}\t${a.heldCount}/${a.itemCount} held\t${a.name}`);
      } finally {
        await backend.close();
      }
    });

  withLibrary(program.command('sync'))
    .description('sync one account, or all of them, into the library')
    .option('--account <id>', 'only this account')
    .action(async (opts: { library?: string; account?: string }) => {
      const backend = openBackend(resolveLibraryDir(opts.library), 'http');
      const tty = Boolean(process.stdout.isTTY);
      const unsubscribe = backend.ctx.events.subscribe((e) => printProgress(e, tty));
      const cancel = () => backend.ctx.sync.cancel();
      process.once('SIGINT', cancel);
      try {
        const { runIds } = await call(backend, 'sync.start', { accountId: opts.account });
        const statuses = await backend.ctx.sync.wait(runIds);
        const runs = await call(backend, 'sync.runs', { limit: runIds.length });
        for (const r of runs) {
          console.log(`${r.accountId}: ${r.status} — ${r.itemsSeen} seen, ${r.itemsAdded} new, ${r.itemsUpdated} changed, ${r.itemsGone} no longer held, ${r.filesAdded} files added, ${r.errors.length} errors`);
          for (const e of r.errors.slice(0, 20)) console.log(`  ! ${e.item ?? '(account)'}: ${e.message}`);
        }
        if (statuses.some((s) => s !== 'done')) process.exitCode = 1;
      } finally {
        process.off('SIGINT', cancel);
        unsubscribe();
        await backend.close();
      }
    });

  withLibrary(program.command('info'))
    .description('show where the library is and what it holds')
    .option('--json', 'print JSON')
    .action(async (opts: { library?: string; json?: boolean }) => {
      const backend = openBackend(resolveLibraryDir(opts.library), 'http');
      try {
        const info = await call(backend, 'app.info', {});
        if (opts.json) console.log(JSON.stringify(info, null, 2));
        else console.log(`Holdfast ${info.version}\nlibrary: ${info.libraryDir}\nitems: ${info.itemCount}\nfiles: ${info.fileCount} (${(info.storageBytes / 1e6).toFixed(1)} MB)`);
      } finally {
        await backend.close();
      }
    });

  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof HoldfastError) {
      console.error(`holdfast: ${error.message}`);
    } else {
      console.error(`holdfast: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.HOLDFAST_DEBUG) console.error(error);
      else console.error('(set HOLDFAST_DEBUG=1 to see the details)');
    }
    process.exitCode = 1;
  }
}

await main();
