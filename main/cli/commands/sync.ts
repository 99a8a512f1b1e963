import type { Command } from 'commander';
import { call, withBackend, withLibrary } from '../context.js';
import { printProgress } from '../progress.js';

export function register(program: Command): void {
  withLibrary(program.command('sync'))
    .description('sync one account, or all of them, into the library (Ctrl+C cancels cleanly)')
    .option('--account <id>', 'only this account')
    .action((opts: { library?: string; account?: string }) =>
      withBackend(opts.library, async (backend) => {
        const tty = Boolean(process.stdout.isTTY);
        const unsubscribe = backend.ctx.events.subscribe((e) => printProgress(e, tty));
        const cancel = () => backend.ctx.sync.cancel();
        process.once('SIGINT', cancel);
        try {
          const { runIds } = await call(backend, 'sync.start', { accountId: opts.account });
          const statuses = await backend.ctx.sync.wait(runIds);
          const runs = await call(backend, 'sync.runs', { limit: runIds.length });
          for (const r of runs) {
            console.log(
              `${r.accountId}: ${r.status} — ${r.itemsSeen} seen, ${r.itemsAdded} new, ${r.itemsUpdated} changed, ${r.itemsGone} no longer held, ${r.filesAdded} files added, ${r.errors.length} errors`,
            );
            for (const e of r.errors.slice(0, 20)) console.log(`  ! ${e.item ?? '(account)'}: ${e.message}`);
          }
          if (statuses.some((s) => s !== 'done')) process.exitCode = 1;
        } finally {
          process.off('SIGINT', cancel);
          unsubscribe();
        }
      }),
    );
}
