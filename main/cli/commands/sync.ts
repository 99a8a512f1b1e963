// `holdfast sync`: sync one account or all, with live progress; `sync status`, `sync failures`,
// `sync history` read what syncs left behind. On a terminal, p pauses and resumes, c (or Ctrl+C)
// cancels; a cancelled or interrupted sync continues where it stopped next time. Once the sync
// has ended and reported, the previews of its new and changed items (thumbnails, AR files) are
// built as a separate step with their own progress (`--no-previews` skips it).
import type { Command } from 'commander';
import type { Backend } from '../../api/backend.js';
import type { PreviewsProgress } from '../../api/contract.js';
import { call, withBackend, withLibrary } from '../context.js';
import { formatBytes, formatDuration, padColumn } from '../format.js';
import { ProgressView } from '../progress.js';

const FAILURES_SHOWN = 20;

export function register(program: Command): void {
  const sync = withLibrary(program.command('sync'))
    .description('sync one account, or all of them, into the library; on a terminal: p pauses/resumes, c or Ctrl+C cancels')
    .option('--account <id>', 'only this account')
    .option('--no-previews', 'do not build thumbnails and AR files for new items afterwards (`holdfast previews` builds them later)')
    .action((opts: { library?: string; account?: string; previews: boolean }) =>
      withBackend(opts.library, (backend) => runSync(backend, opts.account, opts.previews)),
    );

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

async function runSync(backend: Backend, accountId: string | undefined, previews: boolean): Promise<void> {
  backend.ctx.sync.previewsAfterSync = previews;
  const view = new ProgressView(process.stdout);
  const unsubscribe = backend.ctx.events.subscribe((e) => view.update(e));
  let paused = false;
  let cancelAction = () => {
    view.note('Cancelling… (files already downloading are kept for next time)');
    backend.ctx.sync.cancel();
  };
  const cancel = () => cancelAction();
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
    const started = Date.now();
    const statuses = await backend.ctx.sync.wait(runIds);
    const syncSeconds = (Date.now() - started) / 1000;
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
    console.log(`Sync finished in ${formatDuration(syncSeconds)}.`);

    // The previews step: the jobs the runs queued, followed to their end. Keys and Ctrl+C now cancel them.
    const jobIds = await backend.ctx.sync.previewJobIds(runIds);
    if (!previews) console.log('Previews not built (--no-previews); `holdfast previews` builds what is missing.');
    else if (jobIds.length) {
      cancelAction = () => {
        view.note('Cancelling the previews… (`holdfast previews` builds the rest later)');
        void call(backend, 'previews.cancel', {}).catch(() => undefined);
      };
      const outcome = await followPreviews(backend, runIds, jobIds);
      console.log(
        `Previews ${outcome.cancelled ? 'cancelled' : 'done'}: ${outcome.itemsDone}/${outcome.itemsTotal} items · ${outcome.built} built · ${outcome.failed} failed in ${formatDuration(outcome.seconds)}` +
          (outcome.message ? ` (${outcome.message})` : ''),
      );
      if (outcome.failed) console.log('  `holdfast previews` lists what could not be built.');
    }
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

/** Follows the previews jobs of a sync's runs (`jobIds`) to their end with one progress line (a
 *  live line on a terminal, a line every 25 items otherwise). */
async function followPreviews(
  backend: Backend,
  runIds: readonly number[],
  jobIds: readonly string[],
): Promise<{ itemsTotal: number; itemsDone: number; built: number; failed: number; cancelled: boolean; message: string | null; seconds: number }> {
  const started = Date.now();
  const tty = Boolean(process.stdout.isTTY);
  const last = new Map<string, PreviewsProgress>();
  const sum = (f: (e: PreviewsProgress) => number) => [...last.values()].reduce((n, e) => n + f(e), 0);
  let printed = -1;
  const line = () => {
    const running = [...last.values()].find((e) => e.phase === 'running');
    const eta = running?.etaSeconds == null ? '' : ` · ETA ${formatDuration(running.etaSeconds)}`;
    const rate = running?.itemsPerSecond ? ` · ${running.itemsPerSecond.toFixed(1)} items/s` : '';
    return `previews: ${sum((e) => e.itemsDone)}/${sum((e) => e.itemsTotal)} items · ${sum((e) => e.built)} built · ${sum((e) => e.failed)} failed${rate}${eta}${running?.currentItem ? ` · ${running.currentItem}` : ''}`;
  };
  const unsubscribe = backend.ctx.events.subscribe((e) => {
    if (e.type !== 'previews.progress' || !jobIds.includes(e.jobId)) return;
    last.set(e.jobId, e);
    const done = sum((x) => x.itemsDone);
    if (tty) process.stdout.write(`\r\x1b[2K${line()}`);
    else if (done - printed >= 25 || (e.phase !== 'running' && e.phase !== 'queued' && done !== printed)) {
      printed = done;
      console.log(line());
    }
  });
  try {
    await backend.ctx.sync.waitForPreviews(runIds);
    if (tty) process.stdout.write('\n');
    const ends = [...last.values()];
    return {
      itemsTotal: sum((e) => e.itemsTotal),
      itemsDone: sum((e) => e.itemsDone),
      built: sum((e) => e.built),
      failed: sum((e) => e.failed),
      cancelled: ends.some((e) => e.phase === 'cancelled'),
      message: ends.map((e) => e.message).find((m) => m) ?? null,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    unsubscribe();
  }
}
