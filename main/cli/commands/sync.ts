// `holdfast sync`: sync one account or all, with live progress; `sync status`, `sync failures`,
// `sync history` read what syncs left behind. On a terminal, p pauses and resumes, c (or Ctrl+C)
// cancels; a cancelled or interrupted sync continues where it stopped next time.
import type { Command } from 'commander';
import type { Backend } from '../../api/backend.js';
import { call, withBackend, withLibrary } from '../context.js';
import { formatBytes, padColumn } from '../format.js';
import { ProgressView } from '../progress.js';

const FAILURES_SHOWN = 20;

export function register(program: Command): void {
  const sync = withLibrary(program.command('sync'))
    .description('sync one account, or all of them, into the library; on a terminal: p pauses/resumes, c or Ctrl+C cancels')
    .option('--account <id>', 'only this account')
    .action((opts: { library?: string; account?: string }) => withBackend(opts.library, (backend) => runSync(backend, opts.account)));

  withLibrary(sync.command('status'))
    .description('what interrupted, cancelled or failed syncs left to do')
    .option('--json', 'print JSON')
    .action((_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ library?: string; json?: boolean }>();
      return withBackend(opts.library, async (backend) => {
        const status = await call(backend, 'sync.status');
        if (opts.json) return console.log(JSON.stringify(status, null, 2));
        if (status.pending.length === 0) return console.log('Nothing left to do: every listed file is stored.');
        for (const p of status.pending) {
          console.log(
            `${p.accountId}: ${p.queued} file${p.queued === 1 ? '' : 's'} queued${p.partialBytes ? ` (${formatBytes(p.partialBytes)} already downloaded)` : ''}, ${p.failed} failed`,
          );
        }
        console.log('Run `holdfast sync` to continue; `holdfast sync failures` lists the reasons.');
      });
    });

  withLibrary(sync.command('failures'))
    .description('files the last syncs could not fetch, with the reason (the next sync tries them again)')
    .option('--account <id>', 'only this account')
    .option('--json', 'print JSON')
    .action((_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ library?: string; account?: string; json?: boolean }>();
      return withBackend(opts.library, async (backend) => {
        const failures = await call(backend, 'sync.failures', { accountId: opts.account, limit: 1000 });
        if (opts.json) return console.log(JSON.stringify(failures, null, 2));
        if (failures.total === 0) return console.log('No failed files.');
        for (const f of failures.files) {
          console.log(`${padColumn(f.itemName, 24)}  ${f.role}  ${f.reason}  (${f.attempts} ${f.attempts === 1 ? 'try' : 'tries'}, ${f.failedAt})`);
          if (f.sourceUrl) console.log(`${' '.repeat(26)}${f.sourceUrl}`);
        }
        console.log(`${failures.total} failed file${failures.total === 1 ? '' : 's'}; \`holdfast sync\` tries them again.`);
      });
    });

  withLibrary(sync.command('history'))
    .description('past syncs: when, what changed, what failed')
    .option('--account <id>', 'only this account')
    .option('--limit <n>', 'how many (default 20)', (v) => Number(v))
    .option('--json', 'print JSON')
    .action((_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<{ library?: string; account?: string; limit?: number; json?: boolean }>();
      return withBackend(opts.library, async (backend) => {
        const runs = await call(backend, 'sync.runs', { accountId: opts.account, limit: opts.limit ?? 20 });
        if (opts.json) return console.log(JSON.stringify(runs, null, 2));
        if (runs.length === 0) return console.log('No syncs yet.');
        for (const r of runs) {
          console.log(
            `#${r.id} ${r.startedAt}  ${r.accountId}  ${r.status}: ${r.itemsSeen} seen, ${r.itemsAdded} new, ${r.itemsUpdated} changed, ${r.itemsGone} no longer held, ${r.filesAdded} files (${formatBytes(r.bytesAdded)}) added, ${r.errors.length} errors`,
          );
        }
      });
    });
}

async function runSync(backend: Backend, accountId: string | undefined): Promise<void> {
  const view = new ProgressView(process.stdout);
  const unsubscribe = backend.ctx.events.subscribe((e) => view.update(e));
  let paused = false;
  const cancel = () => {
    view.note('Cancelling… (files already downloading are kept for next time)');
    backend.ctx.sync.cancel();
  };
  const onKey = (key: Buffer) => {
    const k = key.toString();
    if (k === '\u0003' || k === 'c' || k === 'q') cancel();
    else if (k === 'p' || k === ' ') {
      paused = !paused;
      void call(backend, paused ? 'sync.pause' : 'sync.resume', {});
      view.note(paused ? 'Paused. Press p to resume, c to cancel.' : 'Resumed.');
    }
  };
  const keys = process.stdin.isTTY && process.stdout.isTTY;
  process.once('SIGINT', cancel);
  try {
    const { runIds } = await call(backend, 'sync.start', { accountId });
    if (runIds.length === 0) {
      console.log('No account to sync. Add one in the app, or with `holdfast accounts add`.');
      return;
    }
    if (keys) {
      process.stdin.setRawMode(true);
      process.stdin.on('data', onKey);
      process.stdin.resume();
      view.note('Syncing. Press p to pause, c to cancel.');
    }
    const statuses = await backend.ctx.sync.wait(runIds);
    view.finish();
    const runs = (await call(backend, 'sync.runs', { limit: 200 })).filter((r) => runIds.includes(r.id));
    for (const r of runs) {
      console.log(
        `${r.accountId}: ${r.status} — ${r.itemsSeen} listed, ${r.itemsAdded} new, ${r.itemsUpdated} changed, ${r.itemsGone} no longer held, ${r.filesAdded} files (${formatBytes(r.bytesAdded)}) added`,
      );
      for (const e of r.errors.filter((e) => e.item === null)) console.log(`  ! ${e.message}`);
    }
    const accounts = new Set(runs.map((r) => r.accountId));
    const failures = (await call(backend, 'sync.failures', { accountId, limit: 1000 })).files.filter((f) => accounts.has(f.accountId));
    for (const f of failures.slice(0, FAILURES_SHOWN)) console.log(`  ! ${f.itemName} (${f.role}): ${f.reason}`);
    if (failures.length > FAILURES_SHOWN) console.log(`  … and ${failures.length - FAILURES_SHOWN} more: \`holdfast sync failures\``);
    if (failures.length) console.log(`${failures.length} file${failures.length === 1 ? '' : 's'} could not be fetched; the next sync tries again.`);
    if (statuses.some((s) => s === 'cancelled')) console.log('Cancelled: run `holdfast sync` again to continue where it stopped.');
    if (statuses.some((s) => s !== 'done') || failures.length) process.exitCode = 1;
  } finally {
    process.off('SIGINT', cancel);
    if (keys) {
      process.stdin.off('data', onKey);
      process.stdin.setRawMode(false);
      process.stdin.pause();
    }
    view.finish();
    unsubscribe();
  }
}
