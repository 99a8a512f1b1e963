// What a platform account needs from its owner, on its card: "sign in again" when the session
// ended (the next sync resumes where the last one stopped), or the platform's shutdown notice
// with "export everything now".
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../../main/api/contract.js';
import { DEMO_PLATFORM_ACCOUNT_ID } from '../../../../main/common/demo-ids.js';
import { api } from '../../api/index.js';
import { useAction } from '../use-action.js';
import { PlatformSignIn } from './PlatformSignIn.js';
import './platform.css';

export function PlatformAccountStatus({ account }: { account: Account }) {
  const { t } = useTranslation();
  const [signingIn, setSigningIn] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  if (account.kind !== 'platform') return null;

  if (account.status === 'signin-required') {
    return (
      <div className="platform-account-status" data-testid="platform-signin-required">
        <p>{t('platform.status.signinRequired')}</p>
        {signingIn ? (
          <PlatformSignIn
            account={account}
            profile={null}
            onSignedIn={() => {
              setSigningIn(false);
              void api['sync.start']({ accountId: account.id }).catch(() => undefined);
            }}
          />
        ) : (
          <button type="button" className="button button-primary" onClick={() => setSigningIn(true)} data-testid="platform-signin-again">
            {t('platform.status.signInAgain')}
          </button>
        )}
      </div>
    );
  }
  if (account.status === 'platform-closed') {
    return (
      <div className="platform-account-status platform-account-closed" role="alert" data-testid="platform-closed">
        <p className="platform-account-notice">{account.statusMessage ?? t('platform.status.closed')}</p>
        <p>{t('platform.status.exportAdvice')}</p>
        {exported ? <p data-testid="platform-exported">{t('platform.status.exported', { path: exported })}</p> : null}
        {error ? <p className="form-error">{error}</p> : null}
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          data-testid="platform-export-now"
          onClick={() => void run(async () => setExported((await api['bundle.export']({ accountId: account.id })).path))}
        >
          {busy ? t('platform.status.exporting') : t('platform.status.exportNow')}
        </button>
      </div>
    );
  }
  if (account.status === 'error' && account.statusMessage) {
    return (
      <div className="platform-account-status platform-account-error" data-testid="platform-error">
        <p>{account.id === DEMO_PLATFORM_ACCOUNT_ID ? t('platform.status.demoGone') : account.statusMessage}</p>
      </div>
    );
  }
  return null;
}
