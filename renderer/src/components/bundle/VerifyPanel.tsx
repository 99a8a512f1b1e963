// Verify: check a bundle offline (checksums, schema, every item's evidence) and show the table:
// one row per item with the level it claimed and the level proven now, each piece of evidence
// verified / failed / not independently verifiable, then every problem, each naming its file.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';
import { errorMessage } from '../States.js';
import { BundleProgressBar } from './BundleProgressBar.js';
import { BundleSourceFields, resolveSource, type SourceChoice } from './BundleSource.js';
import { useBundleJob } from './use-bundle-job.js';

type Report = OpOutput<'bundle.verify'>;
const MARK = { verified: '✓', failed: '✗', unverifiable: '~' } as const;

export function VerifyPanel() {
  const { t } = useTranslation();
  const job = useBundleJob();
  const [source, setSource] = useState<SourceChoice>({ path: '', file: null });
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function start(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setReport(null);
    try {
      const r = await job.run(async (jobId) => api['bundle.verify']({ path: await resolveSource(source), jobId }));
      setReport(r);
    } catch (e) {
      setError(errorMessage(e, t));
    }
  }

  return (
    <section className="bundle-panel" data-testid="bundle-verify">
      <h2>{t('bundle.verify.title')}</h2>
      <p className="muted">{t('bundle.verify.intro')}</p>
      <form className="bundle-form" onSubmit={(e) => void start(e)}>
        <BundleSourceFields value={source} onChange={setSource} disabled={job.running} id="bundle-verify" />
        {job.running ? <BundleProgressBar progress={job.progress} onCancel={job.cancel} /> : null}
        {error ? (
          <p className="form-error" role="alert" data-testid="bundle-verify-error">
            {error}
          </p>
        ) : null}
        <div className="bundle-actions">
          <button type="submit" className="button button-primary" disabled={job.running || (!source.file && !source.path.trim())} data-testid="bundle-verify-start">
            {job.running ? t('bundle.verify.working') : t('bundle.verify.start')}
          </button>
        </div>
      </form>
      {report ? <VerifyReport report={report} /> : null}
    </section>
  );
}

function VerifyReport({ report }: { report: Report }) {
  const { t } = useTranslation();
  const s = report.summary;
  return (
    <div className="bundle-report" data-testid="bundle-verify-report" data-ok={report.ok ? 'true' : 'false'}>
      <p className={report.ok ? 'bundle-verdict ok' : 'bundle-verdict bad'} data-testid="bundle-verdict">
        {report.ok ? t('bundle.verify.valid') : t('bundle.verify.invalid')}
      </p>
      <p>
        {t('bundle.verify.summary', { items: report.items, valid: s.validItems, invalid: s.invalidItems })} ·{' '}
        {t('bundle.verify.evidenceSummary', { verified: s.evidenceVerified, failed: s.evidenceFailed, unverifiable: s.evidenceUnverifiable })} ·{' '}
        {t('bundle.verify.bagSummary', { files: report.bag.files, mb: (report.bag.bytes / 1e6).toFixed(1) })}
      </p>
      <div className="bundle-table-wrap">
        <table className="bundle-table">
          <thead>
            <tr>
              <th>{t('bundle.verify.col.item')}</th>
              <th>{t('bundle.verify.col.platform')}</th>
              <th>{t('bundle.verify.col.files')}</th>
              <th>{t('bundle.verify.col.claimed')}</th>
              <th>{t('bundle.verify.col.proven')}</th>
              <th>{t('bundle.verify.col.evidence')}</th>
              <th>{t('bundle.verify.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.id} className={row.ok ? '' : 'bad'} data-testid="bundle-verify-row">
                <td>{row.name}</td>
                <td>{row.platform}</td>
                <td>{row.files}</td>
                <td>L{row.claimedLevel}</td>
                <td>L{row.verifiedLevel}</td>
                <td>
                  {row.evidence.length
                    ? row.evidence.map((e, i) => (
                        <span key={i} className={`bundle-evidence ${e.outcome}`} title={`${t(`bundle.outcome.${e.outcome}`)}: ${e.detail}`}>
                          {e.kind} {MARK[e.outcome]}
                        </span>
                      ))
                    : '—'}
                </td>
                <td>{row.ok ? t('bundle.verify.rowOk') : t('bundle.verify.rowFailed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.problems.length ? (
        <>
          <h3>{t('bundle.verify.problems', { count: report.problems.length })}</h3>
          <ul className="bundle-problems" data-testid="bundle-problems">
            {report.problems.slice(0, 300).map((p, i) => (
              <li key={i} className="mono">
                {p}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="muted">{t('bundle.verify.legend')}</p>
    </div>
  );
}
