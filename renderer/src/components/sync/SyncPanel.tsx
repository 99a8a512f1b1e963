// The sync panel: a progress bar per account (items listed, media done/total, bytes, rate, time
// left, current item) with pause, resume and cancel; what stopped syncs left to do; the files
// that could not be fetched, with the reason; and the history of runs. Once a sync has ended, the
// previews job it queued (thumbnails and AR files of its new items) has a line of its own under
// the account, with its own bar and a stop button.
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, SyncProgress } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';
import { useApp } from '../../app-context.js';
import { formatBytes, formatDate } from '../../format.js';
import { EmptyState, ErrorState, LoadingState, errorMessage } from '../States.js';
import './sync-panel.css';
import { isGoing, previewsGoing, useSync, type PreviewsProgress } from './use-sync.js';

/** How far a run is, 0–1: by bytes when the total is known, else by files; null while unknown. */
export function progressFraction(p: SyncProgress): number | null {
  if (p.phase === 'done') return 1;
  if (p.bytesTotal) return Math.min(1, p.bytesDone / p.bytesTotal);
  if (p.listingDone && p.filesTotal > 0) return Math.min(1, (p.filesDone + (p.filesFailed ?? 0)) / p.filesTotal);
  return null;
}

function formatEta(t: TFunction, seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return t('syncPanel.etaSeconds', { count: s });
  if (s < 3600) return t('syncPanel.etaMinutes', { count: Math.round(s / 60) });
  return t('syncPanel.etaHours', { hours: Math.floor(s / 3600), minutes: Math.round((s % 3600) / 60) });
}

export function SyncPanel() {
  const { t, i18n } = useTranslation();
  const { accounts, accountById, reloadToken, openItem } = useApp();
  const sync = useSync(reloadToken);
  const [message, setMessage] = useState<string | null>(null);
  const number = new Intl.NumberFormat(i18n.language);
  const bytes = (n: number) => formatBytes(t, n, i18n.language);
  const accountName = (id: string) => accountById.get(id)?.name ?? id;

  const act = (call: Promise<unknown>, after?: (r: unknown) => void) => {
    setMessage(null);
    call.then(
      (r) => {
        after?.(r);
        sync.reload();
      },
      (e: unknown) => setMessage(errorMessage(e, t)),
    );
  };
  const going = [...sync.live.values()].filter(isGoing);
  const anyRunning = going.some((p) => p.phase !== 'paused');
  const anyPaused = going.some((p) => p.phase === 'paused');
  const syncable = (accounts ?? []).filter((a) => a.kind !== 'files');

  return (
    <div className="page sync-panel" data-testid="sync-panel">
      <header className="page-head">
        <div>
          <h1>{t('sync.title')}</h1>
          <p className="page-sub">{going.length ? t('sync.running', { count: going.length }) : t('sync.idle')}</p>
        </div>
        <div className="page-actions">
          {anyRunning ? (
            <button type="button" className="button button-quiet" data-testid="sync-pause-all" onClick={() => act(api['sync.pause']({}))}>
              {t('syncPanel.pauseAll')}
            </button>
          ) : null}
          {anyPaused ? (
            <button type="button" className="button button-quiet" data-testid="sync-resume-all" onClick={() => act(api['sync.resume']({}))}>
              {t('syncPanel.resumeAll')}
            </button>
          ) : null}
          {going.length ? (
            <button type="button" className="button button-quiet" data-testid="sync-cancel-all" onClick={() => act(api['sync.cancel']({}))}>
              {t('syncPanel.cancelAll')}
            </button>
          ) : null}
          <button
            type="button"
            className="button"
            data-testid="sync-all"
            onClick={() => act(api['sync.start']({}), (r) => (r as { runIds: number[] }).runIds.length || setMessage(t('sync.nothingToStart')))}
          >
            {t('sync.startAll')}
          </button>
        </div>
      </header>
      <div className="page-body">
        {message ? (
          <p className="banner" role="status">
            {message}
          </p>
        ) : null}
        {sync.error ? <ErrorState error={sync.error} onRetry={sync.reload} /> : null}

        <section className="sync-accounts" aria-label={t('syncPanel.accounts')}>
          {accounts === null ? (
            <LoadingState />
          ) : syncable.length === 0 ? (
            <EmptyState title={t('syncPanel.noAccounts')} body={t('syncPanel.noAccountsBody')} />
          ) : (
            syncable.map((account) => (
              <AccountSync
                key={account.id}
                account={account}
                progress={sync.live.get(account.id) ?? null}
                pending={sync.pending.find((p) => p.accountId === account.id) ?? null}
                previews={[...sync.previews.values()].filter((p) => p.accountId === account.id).pop() ?? null}
                act={act}
                number={number}
                bytes={bytes}
              />
            ))
          )}
        </section>

        {[...sync.previews.values()].some((p) => p.accountId === undefined) ? (
          <section className="sync-accounts" aria-label={t('syncPanel.previews.other')}>
            {[...sync.previews.values()]
              .filter((p) => p.accountId === undefined)
              .map((p) => (
                <article key={p.jobId} className="sync-account">
                  <strong>{t('syncPanel.previews.other')}</strong>
                  <PreviewsLine progress={p} act={act} number={number} />
                </article>
              ))}
          </section>
        ) : null}

        {sync.failures && sync.failures.total > 0 ? (
          <section className="sync-failures" data-testid="sync-failures">
            <h2 className="section-title">{t('syncPanel.failedTitle', { count: sync.failures.total })}</h2>
            <p className="muted">{t('syncPanel.failedBody')}</p>
            <table className="runs">
              <thead>
                <tr>
                  <th>{t('syncPanel.item')}</th>
                  <th>{t('syncPanel.file')}</th>
                  <th>{t('syncPanel.reason')}</th>
                  <th className="num">{t('syncPanel.tries')}</th>
                  <th>{t('syncPanel.when')}</th>
                </tr>
              </thead>
              <tbody>
                {sync.failures.files.map((f) => (
                  <tr key={`${f.itemId}/${f.role}/${f.sourceUrl ?? ''}`}>
                    <td>
                      <button type="button" className="link-button" onClick={() => openItem(f.itemId)}>
                        {f.itemName}
                      </button>
                      <div className="muted">{accountName(f.accountId)}</div>
                    </td>
                    <td>{t(`syncPanel.role.${f.role}`, { defaultValue: f.role })}</td>
                    <td className="sync-reason" title={f.sourceUrl ?? undefined}>
                      {f.reason}
                    </td>
                    <td className="num">{number.format(f.attempts)}</td>
                    <td>{formatDate(f.failedAt, i18n.language, true)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}

        <h2 className="section-title">{t('sync.history')}</h2>
        {sync.runs === null ? (
          sync.error ? null : <LoadingState />
        ) : sync.runs.length === 0 ? (
          <EmptyState title={t('sync.noRuns')} body={t('sync.noRunsBody')} />
        ) : (
          <table className="runs" data-testid="sync-history">
            <thead>
              <tr>
                <th>{t('sync.account')}</th>
                <th>{t('sync.started')}</th>
                <th>{t('sync.status')}</th>
                <th className="num">{t('sync.seen')}</th>
                <th className="num">{t('sync.added')}</th>
                <th className="num">{t('syncPanel.changed')}</th>
                <th className="num">{t('sync.gone')}</th>
                <th className="num">{t('syncPanel.files')}</th>
                <th className="num">{t('sync.downloaded')}</th>
                <th>{t('sync.errors')}</th>
              </tr>
            </thead>
            <tbody>
              {sync.runs.map((r) => (
                <tr key={r.id}>
                  <td>{accountName(r.accountId)}</td>
                  <td>{formatDate(r.startedAt, i18n.language, true)}</td>
                  <td>
                    <span className={`run-status run-${r.status}`}>{t(`sync.runStatus.${r.status}`)}</span>
                  </td>
                  <td className="num">{number.format(r.itemsSeen)}</td>
                  <td className="num">{number.format(r.itemsAdded)}</td>
                  <td className="num">{number.format(r.itemsUpdated)}</td>
                  <td className="num">{number.format(r.itemsGone)}</td>
                  <td className="num">{number.format(r.filesAdded)}</td>
                  <td className="num">{bytes(r.bytesAdded)}</td>
                  <td title={r.errors.map((e) => (e.item ? `${e.item}: ${e.message}` : e.message)).join('\n')}>
                    {r.errors.length ? number.format(r.errors.length) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

/** The previews job of a sync (or a build started elsewhere): its state, a bar, the counts. */
function PreviewsLine({ progress: p, act, number }: { progress: PreviewsProgress; act: (call: Promise<unknown>) => void; number: Intl.NumberFormat }) {
  const { t } = useTranslation();
  const going = previewsGoing(p);
  const fraction = p.phase === 'done' ? 1 : p.itemsTotal ? p.itemsDone / p.itemsTotal : null;
  const state =
    p.phase === 'queued'
      ? t('syncPanel.previews.queued', { count: p.itemsTotal })
      : p.phase === 'failed'
        ? t('syncPanel.previews.failed', { message: p.message ?? '' })
        : t(`syncPanel.previews.${p.phase}`);
  return (
    <div className="sync-previews" data-testid="sync-previews" data-phase={p.phase} data-job={p.jobId}>
      <div className="sync-account-head">
        <div>
          <span>{t('syncPanel.previews.title')}</span>
          <span className="muted"> · {state}</span>
        </div>
        {going ? (
          <div className="sync-account-actions">
            <button type="button" className="button button-quiet" onClick={() => act(api['previews.cancel']({ jobId: p.jobId }))}>
              {t('syncPanel.previews.cancel')}
            </button>
          </div>
        ) : null}
      </div>
      {p.phase !== 'queued' ? (
        <>
          <ProgressBar className="sync-bar sync-bar-previews" fraction={fraction} going={going} label={t('syncPanel.previews.title')} />
          <p className="sync-figures">
            <span>{t('syncPanel.previews.items', { done: number.format(p.itemsDone), total: number.format(p.itemsTotal) })}</span>
            <span>{t('syncPanel.previews.built', { count: p.built })}</span>
            {p.failed ? <span className="sync-failed-count">{t('syncPanel.previews.failedItems', { count: p.failed })}</span> : null}
            {going && p.etaSeconds !== null ? <span>{formatEta(t, p.etaSeconds)}</span> : null}
          </p>
          {going && p.currentItem ? (
            <p className="sync-current muted" title={p.currentItem}>
              {p.currentItem}
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function AccountSync({
  account,
  progress,
  pending,
  previews,
  act,
  number,
  bytes,
}: {
  account: Account;
  progress: SyncProgress | null;
  pending: { queued: number; failed: number; partialBytes: number } | null;
  previews: PreviewsProgress | null;
  act: (call: Promise<unknown>) => void;
  number: Intl.NumberFormat;
  bytes: (n: number) => string;
}) {
  const { t, i18n } = useTranslation();
  const going = progress !== null && isGoing(progress);
  const fraction = progress ? progressFraction(progress) : null;
  const runId = progress?.runId;

  let status: string;
  if (progress && going) status = t(`sync.phase.${progress.phase}`);
  else if (pending && pending.queued > 0)
    status = t('syncPanel.leftOver', { count: pending.queued, bytes: bytes(pending.partialBytes) });
  else if (progress) status = t(`sync.phase.${progress.phase}`);
  else if (account.lastSyncAt) status = t('syncPanel.lastSync', { when: formatDate(account.lastSyncAt, i18n.language, true) });
  else status = t('syncPanel.neverSynced');

  return (
    <article className={`sync-account${going ? ' is-going' : ''}`} data-testid="sync-account" data-account={account.id} data-phase={progress?.phase ?? 'idle'}>
      <div className="sync-account-head">
        <div>
          <strong>{account.name}</strong>
          <span className="muted"> · {status}</span>
        </div>
        <div className="sync-account-actions">
          {going && progress.phase !== 'paused' ? (
            <button type="button" className="button button-quiet" onClick={() => act(api['sync.pause']({ runId }))}>
              {t('syncPanel.pause')}
            </button>
          ) : null}
          {going && progress.phase === 'paused' ? (
            <button type="button" className="button button-quiet" onClick={() => act(api['sync.resume']({ runId }))}>
              {t('syncPanel.resume')}
            </button>
          ) : null}
          {going ? (
            <button type="button" className="button button-quiet" onClick={() => act(api['sync.cancel']({ runId }))}>
              {t('syncPanel.cancel')}
            </button>
          ) : (
            <button type="button" className="button" onClick={() => act(api['sync.start']({ accountId: account.id }))}>
              {pending && pending.queued > 0 ? t('syncPanel.continue') : t('syncPanel.syncNow')}
            </button>
          )}
        </div>
      </div>
      {progress ? (
        <>
          <ProgressBar className="sync-bar" fraction={fraction} going={going} label={t('sync.progressLabel', { name: account.name })} />
          <p className="sync-figures">
            <span>{t('syncPanel.items', { done: number.format(progress.itemsDone), listed: number.format(progress.itemsListed) })}</span>
            <span>{t('syncPanel.media', { done: number.format(progress.filesDone), total: number.format(progress.filesTotal) })}</span>
            <span>
              {progress.bytesTotal
                ? t('syncPanel.bytesOf', { done: bytes(progress.bytesDone), total: bytes(progress.bytesTotal) })
                : bytes(progress.bytesDone)}
            </span>
            {going && progress.phase !== 'paused' ? <span>{t('syncPanel.rate', { rate: bytes(progress.bytesPerSecond) })}</span> : null}
            {going && progress.etaSeconds !== null && progress.phase !== 'paused' ? <span>{formatEta(t, progress.etaSeconds)}</span> : null}
            {progress.filesFailed ? <span className="sync-failed-count">{t('syncPanel.failedFiles', { count: progress.filesFailed })}</span> : null}
          </p>
          {going && progress.currentItem ? (
            <p className="sync-current muted" title={progress.currentItem}>
              {t('syncPanel.current', { name: progress.currentItem })}
            </p>
          ) : null}
        </>
      ) : null}
      {previews ? <PreviewsLine progress={previews} act={act} number={number} /> : null}
    </article>
  );
}

/** A bar for a fraction done; while going with no fraction known yet, it runs indeterminate. */
function ProgressBar({ className, fraction, going, label }: { className: string; fraction: number | null; going: boolean; label: string }) {
  return (
    <div
      className={`${className}${fraction === null && going ? ' is-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
    >
      <div className="sync-bar-fill" style={{ width: `${Math.round((fraction ?? 0) * 100)}%` }} />
    </div>
  );
}
