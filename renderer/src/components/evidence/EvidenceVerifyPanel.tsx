// "Verify again": re-checks an item's evidence offline (evidence.verify) and shows every check
// with its outcome and, for a failure, the reason.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceCheck } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';
import '../accounts/accounts.css';
import { useAction } from '../use-action.js';

type Result = { ok: boolean; level: number; checks: EvidenceCheck[] };

export function EvidenceVerifyPanel({ itemId }: { itemId: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<Result | null>(null);
  const { busy, error, run } = useAction();

  async function verify() {
    await run(async () => setResult(await api['evidence.verify']({ itemId })));
  }

  return (
    <div className="evidence-verify" data-testid="evidence-verify">
      <button type="button" className="button button-quiet" onClick={() => void verify()} disabled={busy} data-testid="evidence-verify-button">
        {busy ? t('evidenceCheck.running') : t('evidenceCheck.run')}
      </button>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {result ? (
        <div role="status">
          <p className={result.ok ? 'verify verify-ok' : 'verify verify-bad'} data-testid="evidence-verify-summary">
            {result.ok ? t('evidenceCheck.allPassed', { level: result.level }) : t('evidenceCheck.someFailed', { level: result.level })}
          </p>
          <ul className="evidence-checks">
            {result.checks.map((c) => (
              <li key={c.evidenceId} data-testid="evidence-check" data-ok={String(c.ok)}>
                <span className={c.ok === null ? 'verify verify-none' : c.ok ? 'verify verify-ok' : 'verify verify-bad'}>
                  {c.ok === null ? t('evidenceCheck.notChecked') : c.ok ? t('evidenceCheck.passed') : t('evidenceCheck.failed')}
                </span>{' '}
                <strong>{t(`evidence.kind.${c.kind}`, { defaultValue: c.kind })}</strong>
                <div className="evidence-entry-message">{c.message}</div>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
