// Import: a bundle (path or upload) is verified in full, then its items, files and evidence are
// merged into this library without duplicates; a damaged or hostile one changes nothing.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';
import { errorMessage } from '../States.js';
import { BundleProgressBar } from './BundleProgressBar.js';
import { BundleSourceFields, resolveSource, type SourceChoice } from './BundleSource.js';
import { useBundleJob } from './use-bundle-job.js';

type Result = OpOutput<'bundle.import'>;

export function ImportPanel() {
  const { t } = useTranslation();
  const job = useBundleJob();
  const [source, setSource] = useState<SourceChoice>({ path: '', file: null });
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function start(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setResult(null);
    try {
      setResult(await job.run(async (jobId) => api['bundle.import']({ path: await resolveSource(source), jobId })));
    } catch (e) {
      setError(errorMessage(e, t));
    }
  }

  return (
    <section className="bundle-panel" data-testid="bundle-import">
      <h2>{t('bundle.import.title')}</h2>
      <p className="muted">{t('bundle.import.intro')}</p>
      <form className="bundle-form" onSubmit={(e) => void start(e)}>
        <BundleSourceFields value={source} onChange={setSource} disabled={job.running} id="bundle-import" />
        {job.running ? <BundleProgressBar progress={job.progress} onCancel={job.cancel} /> : null}
        {error ? (
          <p className="form-error bundle-error" role="alert" data-testid="bundle-import-error">
            {error}
          </p>
        ) : null}
        {result ? (
          <p className="bundle-result" role="status" data-testid="bundle-import-done">
            {t('bundle.import.done', { items: result.items, added: result.added, updated: result.updated, unchanged: result.unchanged, files: result.files })}
            {result.evidenceFailed ? ` ${t('bundle.import.evidenceFailed', { count: result.evidenceFailed })}` : ''}
          </p>
        ) : null}
        <div className="bundle-actions">
          <button type="submit" className="button button-primary" disabled={job.running || (!source.file && !source.path.trim())} data-testid="bundle-import-start">
            {job.running ? t('bundle.import.working') : t('bundle.import.start')}
          </button>
        </div>
      </form>
    </section>
  );
}
