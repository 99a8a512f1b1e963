import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../api/backend.js';
import { HoldfastError } from '../../core/errors.js';
import { parsePort, withBackend, withLibrary } from '../context.js';
import { openInBrowser } from '../launch.js';

// The bundle puts this file's code in out/cli/holdfast.js; the UI is built to out/renderer.
const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');

/** Serves a backend until Ctrl+C. */
export async function serveUntilStopped(backend: Backend, opts: { port?: number; open?: boolean; lan?: boolean }): Promise<void> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new HoldfastError('not_found', 'the app UI is not built; run `npm run build` first');
  }
  const { startServer } = await import('../../http/server.js');
  const server = await startServer({ backend, rendererDir, port: opts.port, lan: opts.lan });
  console.log(`Holdfast is serving ${backend.ctx.library.dir}`);
  console.log(`Open this address in a browser (it carries your access token):\n\n  ${server.url}\n`);
  if (opts.lan) {
    if (server.lanUrls.length) {
      console.log('Also on your local network (phones on the same Wi-Fi; "View in AR" shows a QR code per item):');
      for (const u of server.lanUrls) console.log(`\n  ${u}`);
      console.log('\nAnyone on this network who has the address can open your library: stop with Ctrl+C when done.\n');
    } else console.log('--lan: this machine has no local network address (Wi-Fi or Ethernet); serving on 127.0.0.1 only.\n');
  }
  console.log('Press Ctrl+C to stop.');
  // A sync that the last run of the app left midway (closed, crashed, power cut) continues now.
  const resumed = backend.ctx.sync.resumeInterrupted();
  if (resumed.length) console.log(`Continuing ${resumed.length} interrupted sync${resumed.length === 1 ? '' : 's'}.`);
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
    .option('--lan', 'also listen on the local network, for phones on the same Wi-Fi (View in AR); token-protected')
    .action((opts: { library?: string; port?: number; open?: boolean; lan?: boolean }) => withBackend(opts.library, (b) => serveUntilStopped(b, opts)));
}
