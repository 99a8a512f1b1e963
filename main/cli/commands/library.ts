// Reading the library: list, show, accounts, info.
import type { Command } from 'commander';
import type { ItemSummary } from '../../api/contract.js';
import { call, withBackend, withLibrary } from '../context.js';
import { formatItemsTable } from '../format.js';

export function register(program: Command): void {
  withLibrary(program.command('list'))
    .description('list the items in the library')
    .option('--json', 'print JSON (one array of items)')
    .option('--query <text>', 'only items matching this search (Chinese or English)')
    .option('--account <id>', 'only this account')
    .option('--platform <id>', 'only this platform')
    .option('--chain <name>', 'only items on this chain (e.g. 至信链, Ethereum)')
    .option('--collection <name>', 'only this collection')
    .option('--media <type>', 'only this media type: image, model, video, audio, html, other')
    .option('--level <n>', 'only this evidence level (0-3)', (v) => Number(v))
    .option('--held', 'only items still held')
    .option('--not-held', 'only items no longer held')
    .option('--failed', 'only items whose last sync failed')
    .option('--sort <key>', 'acquired, name, platform or chain', 'name')
    .option('--order <dir>', 'asc or desc')
    .action(
      (opts: {
        library?: string; json?: boolean; query?: string; account?: string; platform?: string; chain?: string; collection?: string;
        media?: string; level?: number; held?: boolean; notHeld?: boolean; failed?: boolean; sort: string; order?: string;
      }) =>
      withBackend(opts.library, async (backend) => {
        const items: ItemSummary[] = [];
        for (let offset = 0; ; offset += 500) {
          // Invalid values (a media type that does not exist, level 7) are refused by the API table, by name.
          const page = await call(backend, 'items.list', {
            query: opts.query, accountId: opts.account, platform: opts.platform, chain: opts.chain, collection: opts.collection,
            mediaType: opts.media as never, evidenceLevel: opts.level,
            held: opts.held ? true : opts.notHeld ? false : undefined, syncFailed: opts.failed ? true : undefined,
            offset, limit: 500, sort: opts.sort as never, order: (opts.order ?? (opts.sort === 'acquired' ? 'desc' : 'asc')) as never,
          });
          items.push(...page.items);
          if (items.length >= page.total || page.items.length === 0) break;
        }
        console.log(opts.json ? JSON.stringify(items, null, 2) : formatItemsTable(items));
      }),
    );

  withLibrary(program.command('show'))
    .description('show everything the library holds about one item')
    .argument('<id>', 'item id (from `holdfast list --json`)')
    .action((id: string, opts: { library?: string }) =>
      withBackend(opts.library, async (backend) => console.log(JSON.stringify(await call(backend, 'items.get', { id }), null, 2))),
    );

  withLibrary(program.command('info'))
    .description('show where the library is and what it holds')
    .option('--json', 'print JSON')
    .action((opts: { library?: string; json?: boolean }) =>
      withBackend(opts.library, async (backend) => {
        const info = await call(backend, 'app.info', {});
        if (opts.json) console.log(JSON.stringify(info, null, 2));
        else console.log(`Holdfast ${info.version}\nlibrary: ${info.libraryDir}\nitems: ${info.itemCount}\nfiles: ${info.fileCount} (${(info.storageBytes / 1e6).toFixed(1)} MB)`);
      }),
    );
}
