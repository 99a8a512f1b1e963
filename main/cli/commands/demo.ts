import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HoldfastError } from '../../core/errors.js';
import { CATALOG_FILE, resolveLibraryDir } from '../../core/library.js';
import { parsePort, withLibrary } from '../context.js';
import { electronBinary, spawnElectron } from '../launch.js';
import { printProgress } from '../progress.js';
import { serveUntilStopped } from './serve.js';

/** The demo gets its own folder unless told otherwise, so it never mixes into a real library. */
export function demoLibraryDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag || env.HOLDFAST_LIBRARY) return resolveLibraryDir(flag, env);
  return join(resolveLibraryDir(undefined, env), '..', 'demo-library');
}

export function register(program: Command): void {
  withLibrary(program.command('demo'))
    .description('create the demo library (no account, no network needed) and optionally open it')
    .option('--open', 'open Holdfast on it afterwards (the desktop app if it can run, else the browser mode)')
    .option('--port <n>', 'port for the browser mode', parsePort)
    .option('--no-platform', 'skip the custodial-platform account (made by signing in to the built-in platform emulator)')
    .action(async (opts: { library?: string; open?: boolean; port?: number; platform: boolean }) => {
      const dir = demoLibraryDir(opts.library);
      const fresh = !existsSync(join(dir, CATALOG_FILE));
      // Loaded here, not at the top, so other commands do not pay for the backend and the demo.
      const [{ openBackend }, { createDemoLibrary }] = await Promise.all([import('../../api/backend.js'), import('../../core/demo/create-demo.js')]);
      const backend = openBackend(dir, 'http');
      try {
        console.log(`${fresh ? 'Creating' : 'Checking'} the demo library in ${dir} …`);
        const unsubscribe = backend.ctx.events.subscribe((e) => printProgress(e, false));
        const result = await createDemoLibrary(backend.ctx.library, backend.ctx.sync, { platform: opts.platform });
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
        await serveUntilStopped(backend, { port: opts.port, open: true });
      } finally {
        await backend.close();
      }
    });
}
