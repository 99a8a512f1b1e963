// Export: what to put in the bundle (everything, an account, a collection, a search), where to
// save it (a full path; in the browser it may be left empty and the finished zip downloads),
// then progress with cancel, and where it went.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../../main/api/contract.js';
import { api, transport } from '../../api/index.js';
import { useApp } from '../../app-context.js';
import { errorMessage } from '../States.js';
import { BundleProgressBar } from './BundleProgressBar.js';
import { useBundleJob } from './use-bundle-job.js';

type Scope = 'all' | 'account' | 'collection' | 'search';
type Result = OpOutput<'bundle.export'>;

export function ExportPanel() {
  const { t } = useTranslation();
  const { accounts, route } = useApp();
  const job = useBundleJob();
  const [scope, setScope] = useState<Scope>('all');
  const [accountId, setAccountId] = useState('');
  const [collection, setCollection] = useState(route.library.collection ?? '');
  const [query, setQuery] = useState(route.library.query);
  const [holder, setHolder] = useState('');
  const [out, setOut] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  const needsPath = transport !== 'http';
  const ready =
    (!needsPath || out.trim() !== '') &&
    (scope !== 'account' || accountId !== '') &&
    (scope !== 'collection' || collection.trim() !== '') &&
    (scope !== 'search' || query.trim() !== '');

  async function start(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setResult(null);
    try {
      const r = await job.run((jobId) =>
        api['bundle.export']({
          jobId,
          ...(out.trim() ? { out: out.trim(), overwrite } : {}),
          ...(scope === 'account' ? { accountId } : {}),
          ...(scope === 'collection' ? { collection: collection.trim() } : {}),
          ...(scope === 'search' ? { query: query.trim() } : {}),
          ...(holder.trim() ? { holder: holder.trim() } : {}),
        }),
      );
      setResult(r);
    } catch (e) {
      setError(errorMessage(e, t));
    }
  }

  return (
    <section className="bundle-panel" data-testid="bundle-export">
      <h2>{t('bundle.export.title')}</h2>
      <p className="muted">{t('bundle.export.intro')}</p>
      <form className="bundle-form" onSubmit={(e) => void start(e)}>
        <fieldset disabled={job.running}>
          <legend>{t('bundle.export.what')}</legend>
          {(['all', 'account', 'collection', 'search'] as const).map((s) => (
            <label key={s} className="checkbox">
              <input type="radio" name="bundle-scope" checked={scope === s} onChange={() => setScope(s)} data-testid={`bundle-scope-${s}`} />
              <span>{t(`bundle.export.scope.${s}`)}</span>
            </label>
          ))}
          {scope === 'account' ? (
            <select value={accountId} onChange={(e) => setAccountId(e.target.value)} aria-label={t('bundle.export.scope.account')} data-testid="bundle-account">
              <option value="">{t('bundle.export.chooseAccount')}</option>
              {(accounts ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          ) : null}
          {scope === 'collection' ? (
            <input value={collection} onChange={(e) => setCollection(e.target.value)} placeholder={t('bundle.export.collectionPlaceholder')} aria-label={t('bundle.export.scope.collection')} />
          ) : null}
          {scope === 'search' ? (
            <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('bundle.export.searchPlaceholder')} aria-label={t('bundle.export.scope.search')} />
          ) : null}
        </fieldset>
        <label>
          <span>{t('bundle.export.holder')}</span>
          <input value={holder} onChange={(e) => setHolder(e.target.value)} placeholder={t('bundle.export.holderPlaceholder')} disabled={job.running} />
        </label>
        <label>
          <span>{needsPath ? t('bundle.export.outRequired') : t('bundle.export.outOptional')}</span>
          <input
            value={out}
            onChange={(e) => setOut(e.target.value)}
            placeholder={t('bundle.export.outPlaceholder')}
            spellCheck={false}
            disabled={job.running}
            data-testid="bundle-out"
          />
        </label>
        {transport === 'electron' ? (
          <button
            type="button"
            className="button button-quiet"
            disabled={job.running}
            onClick={() =>
              void api['bundle.choosePath']({ purpose: 'save' }).then(
                (r) => {
                  // The system's save dialog has already asked about replacing a file.
                  if (r.path) {
                    setOut(r.path);
                    setOverwrite(true);
                  }
                },
                (e: unknown) => setError(errorMessage(e, t)),
              )
            }
          >
            {t('bundle.choose')}
          </button>
        ) : null}
        {out.trim() ? (
          <label className="checkbox">
            <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} disabled={job.running} />
            <span>{t('bundle.export.overwrite')}</span>
          </label>
        ) : null}
        {job.running ? <BundleProgressBar progress={job.progress} onCancel={job.cancel} /> : null}
        {error ? (
          <p className="form-error" role="alert" data-testid="bundle-export-error">
            {error}
          </p>
        ) : null}
        {result ? (
          <div className="bundle-result" role="status" data-testid="bundle-export-done">
            <p>{t('bundle.export.done', { items: result.items, files: result.files, mb: (result.zipBytes / 1e6).toFixed(1) })}</p>
            <p className="mono">{result.path}</p>
            {result.downloadName ? (
              <a className="button button-primary" href={`bundles/download/${encodeURIComponent(result.downloadName)}`} download={result.downloadName} data-testid="bundle-download">
                {t('bundle.export.download')}
              </a>
            ) : null}
          </div>
        ) : null}
        <div className="bundle-actions">
          <button type="submit" className="button button-primary" disabled={job.running || !ready} data-testid="bundle-export-start">
            {job.running ? t('bundle.export.working') : t('bundle.export.start')}
          </button>
        </div>
      </form>
    </section>
  );
}
