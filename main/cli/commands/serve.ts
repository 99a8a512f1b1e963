import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../api/backend.js';
import { HoldfastError } from '../../core/errors.js';
import { startServer } from '../../http/server.js';
import { parsePort, withBackend, withLibrary } from '../context.js';
import { openInBrowser } from '../launch.js';

// The bundle puts this file's code in out/cli/holdfast.js; the UI is built to out/renderer.
const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');

/** Serves a backend until Ctrl+C. */
export async function serveUntilStopped(backend: Backend, opts: { port?: number; open?: boolean }): Promise<void> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new HoldfastError('not_found', 'the app UI is not built; run `npm run build` first');
  }
  const server = await startServer({ backend, rendererDir, port: opts.port });
  console.log(`Holdfast is serving ${backend.ctx.library.dir}`);
  console.log(`Open this address in a browser (it carries your access token):\n\n  ${server.url}\n`);
  console.log('Press Ctrl+C to stop.');
  if (opts.open) openInBrowser(server.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
}

export function register(program: Command): void {
  withLibrary(program.command('serve'))
    .description('serve the app UI and API on 127.0.0.1 for a browser (token-protected)')
    .option('--port <n>', 'port to listen on (default: a free one)', parsePort)
    .option('--open', 'open the system browser')
    .action((opts: { library?: string; port?: number; open?: boolean }) => withBackend(opts.library, (b) => serveUntilStopped(b, opts)));
}
