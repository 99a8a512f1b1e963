// `holdfast import-files DIR`: a folder of saved media, certificates and sidecars becomes items
// of a files account of the platform, with progress (count, bytes, rate, ETA); Ctrl+C stops
// cleanly between items.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { ApiEvent } from '../../api/contract.js';
import { call, withBackend, withLibrary } from '../context.js';

type FilesEvent = Extract<ApiEvent, { type: 'files.progress' }>;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function formatFilesProgress(e: FilesEvent): string {
  const eta = e.etaSeconds === null ? '' : ` · ETA ${Math.ceil(e.etaSeconds)} s`;
  const rate = e.bytesPerSecond > 0 ? ` at ${mb(e.bytesPerSecond)}/s` : '';
  const problems = e.problems ? ` · ${e.problems} problem${e.problems === 1 ? '' : 's'}` : '';
  const current = e.currentFile ? ` · ${e.currentFile}` : '';
  return `${e.phase}: ${e.filesDone}/${e.filesTotal} files · ${mb(e.bytesDone)} of ${mb(e.bytesTotal)}${rate}${eta} · ${e.itemsAdded} new items${problems}${current}`;
}

const STATUSES = ['active', 'stopped', 'closed', 'unknown'] as const;

export const parseStatus = (v: string): (typeof STATUSES)[number] => {
  if (!(STATUSES as readonly string[]).includes(v)) throw new InvalidArgumentError(`one of ${STATUSES.join(', ')}`);
  return v as (typeof STATUSES)[number];
};

export const parseDate = (v: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('a date as YYYY-MM-DD');
  return v;
};

export function register(program: Command): void {
  withLibrary(program.command('import-files'))
    .argument('<dir>', 'the folder where you saved your holdings')
    .description('import a folder of saved media, certificate screenshots and sidecar files (Ctrl+C stops cleanly)')
    .option('--platform <name>', 'the platform the items came from, e.g. 幻核 (default: "Imported files")')
    .option('--account <name>', 'name of the files account (default: "<platform> (imported)")')
    .option('--platform-status <status>', `what became of the platform: ${STATUSES.join(', ')}`, parseStatus)
    .option('--exit-date <date>', 'when the platform stopped (YYYY-MM-DD)', parseDate)
    .option('--ocr', 'read certificate screenshots with OCR for fields no sidecar gives (slower)')
    .option('--json', 'print the summary as JSON')
    .action((dir: string, opts: { library?: string; platform?: string; account?: string; platformStatus?: string; exitDate?: string; ocr?: boolean; json?: boolean }) =>
      withBackend(opts.library, async (backend) => {
        const jobId = randomUUID();
        const tty = Boolean(process.stderr.isTTY);
        let lastPhase = '';
        const unsubscribe = backend.ctx.events.subscribe((e) => {
          if (e.type !== 'files.progress' || e.jobId !== jobId) return;
          const finished = e.phase === 'done' || e.phase === 'failed' || e.phase === 'cancelled';
          if (tty) process.stderr.write(`\r\x1b[2K${finished ? '' : formatFilesProgress(e)}`);
          else if (e.phase !== lastPhase || e.filesDone % 100 === 0) console.error(formatFilesProgress(e));
          lastPhase = e.phase;
        });
        const cancel = () => void call(backend, 'files.cancel', { jobId });
        process.once('SIGINT', cancel);
        try {
          const platformStatus = opts.platformStatus || opts.exitDate ? { status: opts.platformStatus as (typeof STATUSES)[number] | undefined, exitDate: opts.exitDate } : undefined;
          const r = await call(backend, 'files.import', { dir: resolve(dir), platform: opts.platform, account: opts.account, platformStatus, ocr: opts.ocr, jobId });
          if (opts.json) console.log(JSON.stringify(r, null, 2));
          else {
            console.log(
              `${r.status}: ${r.items} item${r.items === 1 ? '' : 's'} (${r.itemsAdded} new, ${r.itemsUpdated} changed, ${r.itemsUnchanged} unchanged) · ${r.filesStored} files stored (${mb(r.bytesStored)}), ${r.filesAlreadyStored} already in the library · ${r.duplicateItems} duplicates joined their item`,
            );
            console.log(`account ${r.accountId} on platform ${r.platformId}`);
            if (r.problems.length) {
              console.log(`${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} (left out, nothing else affected):`);
              for (const p of r.problems.slice(0, 100)) console.log(`  ! ${p.file}: ${p.message}`);
              if (r.problems.length > 100) console.log(`  … and ${r.problems.length - 100} more (holdfast sync runs shows them all)`);
            }
          }
          if (r.status !== 'done') process.exitCode = 1;
        } finally {
          process.off('SIGINT', cancel);
          unsubscribe();
        }
      }),
    );
}
