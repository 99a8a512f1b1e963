// Sync: what is syncing now (from the engine's progress events) and what the last runs did.
// The sync panel (renderer/src/components/sync/) takes this page's place when it lands; until
// then this is the plain version: start all, cancel, progress, history.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiEvent, SyncRun } from '../../../main/api/contract.js';
import { api } from '../api/index.js';
import { useApp } from '../app-context.js';
import { EmptyState, ErrorState, LoadingState, errorMessage } from '../components/States.js';
import { formatBytes, formatDate } from '../format.js';

type Progress = Extract<ApiEvent, { type: 'sync.progress' }>;

export function SyncPage() {
  const { t, i18n } = useTranslation();
  const { accountById, reloadToken } = useApp();
  const [live, setLive] = useState<Map<number, Progress>>(new Map());
  const [runs, setRuns] = useState<SyncRun[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    document.title = t('sync.title');
    return () => {
      document.title = t('app.title');
    };
  }, [t]);

  useEffect(() => {
    let active = true;
    api['sync.runs']({ limit: 30 }).then(
      (r) => {
        if (!active) return;
        setRuns(r);
        setError(null);
      },
      (e: unknown) => active && setError(e),
    );
    return () => {
      active = false;
    };
  }, [reloadToken, attempt]);

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type !== 'sync.progress') return;
        const going = event.phase === 'listing' || event.phase === 'fetching' || event.phase === 'paused';
        setLive((prev) => {
          const next = new Map(prev);
          if (going) next.set(event.runId, event);
          else next.delete(event.runId);
          return next;
        });
        if (!going) setAttempt((n) => n + 1); // a run ended: its row in the history changed
      }),
    [],
  );

  const number = new Intl.NumberFormat(i18n.language);
  const accountName = (id: string) => accountById.get(id)?.name ?? id;

  return (
    <div className="page" data-testid="sync-page">
      <header className="page-head">
        <div>
          <h1>{t('sync.title')}</h1>
          <p className="page-sub">{live.size ? t('sync.running', { count: live.size }) : t('sync.idle')}</p>
        </div>
        <div className="page-actions">
          {live.size ? (
            <button type="button" className="button button-quiet" onClick={() => void api['sync.cancel']({}).catch((e: unknown) => setMessage(errorMessage(e, t)))}>
              {t('sync.cancelAll')}
            </button>
          ) : null}
          <button
            type="button"
            className="button"
            data-testid="sync-all"
            onClick={() => {
              setMessage(null);
              api['sync.start']({}).then(
                (r) => setMessage(r.runIds.length ? null : t('sync.nothingToStart')),
                (e: unknown) => setMessage(errorMessage(e, t)),
              );
            }}
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
        {[...live.values()].map((p) => {
          const fraction = p.filesTotal > 0 ? p.filesDone / p.filesTotal : p.itemsListed > 0 ? p.itemsDone / p.itemsListed : 0;
          return (
            <section className="sync-live" key={p.runId} data-testid="sync-live">
              <div className="sync-live-head">
                <strong>{accountName(p.accountId)}</strong>
                <span>{t(`sync.phase.${p.phase}`, { defaultValue: p.phase })}</span>
              </div>
              <progress max={1} value={fraction} aria-label={t('sync.progressLabel', { name: accountName(p.accountId) })} />
              <p className="sync-live-figures">
                {t('sync.figures', {
                  items: number.format(p.itemsDone),
                  listed: number.format(p.itemsListed),
                  files: number.format(p.filesDone),
                  filesTotal: number.format(p.filesTotal),
                  bytes: formatBytes(t, p.bytesDone, i18n.language),
                  rate: formatBytes(t, p.bytesPerSecond, i18n.language),
                })}
                {p.etaSeconds !== null ? ` · ${t('sync.eta', { minutes: Math.max(1, Math.round(p.etaSeconds / 60)) })}` : ''}
              </p>
              {p.currentItem ? <p className="muted">{p.currentItem}</p> : null}
            </section>
          );
        })}
        <h2 className="section-title">{t('sync.history')}</h2>
        {error ? (
          <ErrorState error={error} onRetry={() => setAttempt((n) => n + 1)} />
        ) : runs === null ? (
          <LoadingState />
        ) : runs.length === 0 ? (
          <EmptyState title={t('sync.noRuns')} body={t('sync.noRunsBody')} />
        ) : (
          <table className="runs">
            <thead>
              <tr>
                <th>{t('sync.account')}</th>
                <th>{t('sync.started')}</th>
                <th>{t('sync.status')}</th>
                <th className="num">{t('sync.seen')}</th>
                <th className="num">{t('sync.added')}</th>
                <th className="num">{t('sync.gone')}</th>
                <th className="num">{t('sync.downloaded')}</th>
                <th>{t('sync.errors')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{accountName(r.accountId)}</td>
                  <td>{formatDate(r.startedAt, i18n.language, true)}</td>
                  <td>
                    <span className={`run-status run-${r.status}`}>{t(`sync.runStatus.${r.status}`)}</span>
                  </td>
                  <td className="num">{number.format(r.itemsSeen)}</td>
                  <td className="num">{number.format(r.itemsAdded)}</td>
                  <td className="num">{number.format(r.itemsGone)}</td>
                  <td className="num">{formatBytes(t, r.bytesAdded, i18n.language)}</td>
                  <td title={r.errors.map((e) => e.message).join('\n')}>{r.errors.length ? number.format(r.errors.length) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
