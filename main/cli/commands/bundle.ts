// Provenance bundles on the command line: export, verify, import. Export and import go through
// the API table like the app (progress events, Ctrl+C cancels cleanly); verify needs no
// library at all — anyone with the zip can run it.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ApiEvent, BundleItemRow, BundleReport } from '../../api/contract.js';
import { EventBus } from '../../core/events.js';
import { call, withBackend, withLibrary } from '../context.js';
import { cutColumn, displayWidth, padColumn } from '../format.js';

type BundleEvent = Extract<ApiEvent, { type: 'bundle.progress' }>;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function formatBundleProgress(e: BundleEvent): string {
  const eta = e.etaSeconds === null ? '' : ` · ETA ${Math.ceil(e.etaSeconds)} s`;
  const rate = e.bytesPerSecond > 0 && e.phase !== 'evidence' ? ` at ${mb(e.bytesPerSecond)}/s` : '';
  const counts = e.phase === 'evidence' ? `${e.filesDone}/${e.filesTotal} items` : `${e.filesDone}/${e.filesTotal} files · ${mb(e.bytesDone)} of ${mb(e.bytesTotal)}`;
  const failed = e.message ? ` · ${e.message}` : '';
  return `${e.operation} ${e.phase}: ${counts}${rate}${eta}${failed}`;
}

/** A live line on a terminal; on a pipe, a line per phase and every ~10 %. */
function progressPrinter(tty: boolean): (e: ApiEvent) => void {
  let lastPhase = '';
  let lastTenth = -1;
  return (e) => {
    if (e.type !== 'bundle.progress') return;
    const line = formatBundleProgress(e);
    const finished = e.phase === 'done' || e.phase === 'failed' || e.phase === 'cancelled';
    if (tty) {
      process.stderr.write(`\r\x1b[2K${finished ? '' : line}`);
      return;
    }
    const tenth = e.bytesTotal > 0 ? Math.floor((10 * e.bytesDone) / e.bytesTotal) : 0;
    if (e.phase !== lastPhase || tenth !== lastTenth) {
      if (!finished) console.error(line);
      lastPhase = e.phase;
      lastTenth = tenth;
    }
  };
}

const EVIDENCE_MARK = { verified: '✓', failed: '✗', unverifiable: '~' } as const;

export function formatVerifyTable(rows: BundleItemRow[]): string {
  const header = ['ITEM', 'PLATFORM', 'FILES', 'CLAIMED', 'PROVEN', 'EVIDENCE', 'STATUS'];
  const cells = rows.map((r) => [
    cutColumn(r.name, 32),
    cutColumn(r.platform, 18),
    String(r.files),
    `L${r.claimedLevel}`,
    `L${r.verifiedLevel}`,
    r.evidence.length ? r.evidence.map((e) => `${e.kind} ${EVIDENCE_MARK[e.outcome]}`).join(', ') : '—',
    r.ok ? 'ok' : 'FAILED',
  ]);
  const widths = header.map((h, c) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[c] ?? ''))));
  const line = (r: string[]) => r.map((cell, c) => padColumn(cell, widths[c] ?? 0)).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}

export function formatVerifyReport(report: BundleReport): string {
  const s = report.summary;
  const lines = [formatVerifyTable(report.rows), ''];
  if (report.problems.length) {
    lines.push(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:`);
    for (const p of report.problems.slice(0, 200)) lines.push(`  ✗ ${p}`);
    if (report.problems.length > 200) lines.push(`  … and ${report.problems.length - 200} more`);
    lines.push('');
  }
  lines.push(
    `bag: ${report.bag.files} payload files, ${mb(report.bag.bytes)}, checksums ${report.intact ? 'ok' : 'NOT ok'}${report.bag.holdfastVersion ? ` (made by Holdfast ${report.bag.holdfastVersion})` : ''}`,
    `items: ${report.items} — ${s.validItems} valid, ${s.invalidItems} invalid · proven L3 ${s.levels.l3}, L2 ${s.levels.l2}, L1 ${s.levels.l1}, L0 ${s.levels.l0}`,
    `evidence: ${s.evidenceVerified} verified, ${s.evidenceFailed} failed, ${s.evidenceUnverifiable} captured but not independently verifiable (~)`,
    report.ok ? `VALID: ${report.path}` : `INVALID: ${report.path}`,
  );
  return lines.join('\n');
}

/** Runs an API job with live progress; Ctrl+C asks the job to stop. */
async function withProgress<T>(events: EventBus, cancel: () => void, work: () => Promise<T>): Promise<T> {
  const unsubscribe = events.subscribe(progressPrinter(Boolean(process.stderr.isTTY)));
  process.once('SIGINT', cancel);
  try {
    return await work();
  } finally {
    process.off('SIGINT', cancel);
    unsubscribe();
  }
}

export function register(program: Command): void {
  withLibrary(program.command('export'))
    .description('export items to a provenance bundle (a BagIt zip with the files, evidence and an offline viewer)')
    .argument('<out.zip>', 'the zip to write')
    .option('--account <id>', 'only this account')
    .option('--query <text>', 'only items matching this search')
    .option('--collection <name>', 'only this collection')
    .option('--items <ids>', 'only these items (comma-separated ids, from `holdfast list --json`)')
    .option('--holder <name>', "holder's name for bag-info.txt (default: the accounts' names)")
    .option('--force', 'replace the zip if it exists')
    .action(
      (
        out: string,
        opts: { library?: string; account?: string; query?: string; collection?: string; items?: string; holder?: string; force?: boolean },
      ) =>
        withBackend(opts.library, async (backend) => {
          const jobId = randomUUID();
          const result = await withProgress(
            backend.ctx.events,
            () => void backend.call('bundle.cancel', { jobId }),
            () =>
              call(backend, 'bundle.export', {
                out: resolve(out),
                accountId: opts.account,
                query: opts.query,
                collection: opts.collection,
                itemIds: opts.items
                  ?.split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
                holder: opts.holder,
                overwrite: opts.force,
                jobId,
              }),
          );
          console.log(`exported ${result.items} items (${result.files} files, ${mb(result.bytes)}) to ${result.path} (${mb(result.zipBytes)})`);
        }),
    );

  program
    .command('verify')
    .description('check a provenance bundle (zip or unzipped folder) offline: checksums, schema, evidence; exit 0 only if all is valid')
    .argument('<bundle>', 'the bundle zip, or the folder it was unzipped to')
    .option('--json', 'print the report as JSON')
    .action(async (bundle: string, opts: { json?: boolean }) => {
      // No library needed: a verifier anywhere has only the bundle. The verifier (zip reader,
      // schema, proof checks) loads here, not when the program starts.
      const [{ toApiReport }, { bundleJobsFor }, { verifyBundle }] = await Promise.all([
        import('../../api/bundle-handlers.js'),
        import('../../core/bundle/jobs.js'),
        import('../../core/bundle/verify-bundle.js'),
      ]);
      const events = new EventBus();
      const jobs = bundleJobsFor(events);
      const { jobId, result } = await withProgress(
        events,
        () => jobs.cancel(),
        () => jobs.run('verify', undefined, (signal, onProgress) => verifyBundle(resolve(bundle), { signal, onProgress })),
      );
      const report = toApiReport(result, jobId);
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatVerifyReport(report));
      if (!report.ok) process.exitCode = 1;
    });

  withLibrary(program.command('import'))
    .description('import a provenance bundle into the library (verified first; merges without duplicates)')
    .argument('<bundle>', 'the bundle zip, or the folder it was unzipped to')
    .action((bundle: string, opts: { library?: string }) =>
      withBackend(opts.library, async (backend) => {
        const jobId = randomUUID();
        const r = await withProgress(
          backend.ctx.events,
          () => void backend.call('bundle.cancel', { jobId }),
          () => call(backend, 'bundle.import', { path: resolve(bundle), jobId }),
        );
        console.log(
          `imported ${r.items} items: ${r.added} new, ${r.updated} updated, ${r.unchanged} already there · ${r.files} files written (${mb(r.bytes)})${r.evidenceFailed ? ` · ${r.evidenceFailed} evidence failed its check and is marked so` : ''}`,
        );
      }),
    );
}
