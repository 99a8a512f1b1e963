// What the library's pages show, from the command line: collections, chains, settings, and
// where a file is stored.
import type { Command } from 'commander';
import { HoldfastError } from '../../core/errors.js';
import { call, withBackend, withLibrary } from '../context.js';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** A setting's value as typed: lists are comma-separated, true/false and numbers as such. */
async function parseSettingValue(key: string, raw: string): Promise<unknown> {
  // The table's schemas (zod) load with the backend, not when the program starts.
  const { LibrarySettings } = await import('../../api/contract.js');
  const shape = LibrarySettings.shape as Record<string, unknown>;
  if (!(key in shape)) throw new HoldfastError('invalid_input', `unknown setting ${JSON.stringify(key)}; settings are ${Object.keys(shape).join(', ')}`);
  if (key === 'ipfsGateways') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (key === 'allowLocalNetwork') {
    if (raw !== 'true' && raw !== 'false') throw new HoldfastError('invalid_input', `${key} is true or false, not ${JSON.stringify(raw)}`);
    return raw === 'true';
  }
  if (key === 'maxFileMb') return Number(raw);
  return raw;
}

export function register(program: Command): void {
  withLibrary(program.command('collections'))
    .description('list the collections with their counts and storage, largest first')
    .option('--json', 'print JSON')
    .option('--query <text>', 'only collections whose name contains this')
    .action((opts: { library?: string; json?: boolean; query?: string }) =>
      withBackend(opts.library, async (backend) => {
        const { total, collections } = await call(backend, 'collections.list', { query: opts.query, limit: 5000 });
        if (opts.json) return console.log(JSON.stringify({ total, collections }, null, 2));
        for (const c of collections) console.log(`${c.name}\t${c.platform}\t${c.itemCount} items (${c.heldCount} held)\t${mb(c.storageBytes)}`);
        if (total > collections.length) console.log(`… and ${total - collections.length} more`);
      }),
    );

  withLibrary(program.command('chains'))
    .description('list the chains the items are on, with counts')
    .option('--json', 'print JSON')
    .action((opts: { library?: string; json?: boolean }) =>
      withBackend(opts.library, async (backend) => {
        const chains = await call(backend, 'chains.list', {});
        if (opts.json) console.log(JSON.stringify(chains, null, 2));
        else for (const c of chains) console.log(`${c.chain}\t${c.itemCount}`);
      }),
    );

  const settings = program.command('settings').description('show or change the library settings (language, gateways, network safety)');
  withLibrary(settings.command('get'))
    .description('print the settings as JSON')
    .action((opts: { library?: string }) =>
      withBackend(opts.library, async (backend) => console.log(JSON.stringify(await call(backend, 'settings.get', {}), null, 2))),
    );
  withLibrary(settings.command('set'))
    .description('change one setting, e.g. `settings set language zh-CN`, `settings set ipfsGateways https://a,https://b`')
    .argument('<key>', 'language, ipfsGateways, arweaveGateway, allowLocalNetwork or maxFileMb')
    .argument('<value>', 'the new value')
    .action((key: string, value: string, opts: { library?: string }) =>
      withBackend(opts.library, async (backend) =>
        console.log(JSON.stringify(await call(backend, 'settings.set', { [key]: await parseSettingValue(key, value) }), null, 2)),
      ),
    );

  withLibrary(program.command('where'))
    .description('print where a stored file is on disk (its SHA-256 from `holdfast show`)')
    .argument('<sha256>', 'the file')
    .action((sha256: string, opts: { library?: string }) =>
      withBackend(opts.library, async (backend) => console.log((await call(backend, 'files.reveal', { sha256 })).path)),
    );
}
