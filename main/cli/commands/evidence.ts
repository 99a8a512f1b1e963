// `holdfast verify-evidence ITEM`: re-checks an item's evidence offline (no network, no RPC).
import type { Command } from 'commander';
import { call, withBackend, withLibrary } from '../context.js';

export function register(program: Command): void {
  withLibrary(program.command('verify-evidence'))
    .description("check an item's captured evidence offline (headers, ownership and receipt proofs); exits 1 if any check fails")
    .argument('<item>', 'item id (from `holdfast list --json`)')
    .option('--json', 'print JSON')
    .action((itemId: string, opts: { library?: string; json?: boolean }) =>
      withBackend(opts.library, async (backend) => {
        const result = await call(backend, 'evidence.verify', { itemId });
        if (opts.json) console.log(JSON.stringify(result, null, 2));
        else {
          for (const c of result.checks) console.log(`${c.ok === null ? 'SKIP' : c.ok ? 'OK  ' : 'FAIL'}  ${c.kind.padEnd(14)} ${c.message}`);
          if (result.checks.length === 0) console.log('this item has no evidence to check');
          console.log(`${result.ok ? 'all checks passed' : 'some checks FAILED'} — evidence level L${result.level}`);
        }
        if (!result.ok) process.exitCode = 1;
      }),
    );
}
