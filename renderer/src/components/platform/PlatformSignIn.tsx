// Signing a platform account in. In the desktop app: the platform's own page in a window with
// the account's own session. In the browser there is no such window, so the SMS-code flow the
// profile describes runs through the backend (the code goes to the platform, never elsewhere);
// a platform without one needs the desktop app or `holdfast accounts add platform`.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../../main/api/contract.js';
import type { ProfileSummary } from '../../../../main/api/platform-contract.js';
import { api } from '../../api/index.js';
import { useAction } from '../use-action.js';

export function useShell(): 'electron' | 'http' | null {
  const [shell, setShell] = useState<'electron' | 'http' | null>(null);
  useEffect(() => {
    let live = true;
    api['app.info']().then((i) => live && setShell(i.shell), () => live && setShell('http'));
    return () => {
      live = false;
    };
  }, []);
  return shell;
}

export function PlatformSignIn({ account, profile, onSignedIn }: { account: Account; profile: ProfileSummary | null; onSignedIn(account: Account): void }) {
  const { t } = useTranslation();
  const shell = useShell();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, setError, run } = useAction();


  if (shell === null) return null;
  if (shell === 'electron') {
    return (
      <div className="platform-signin">
        <p>{t('platform.signin.windowHint')}</p>
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          data-testid="platform-signin-window"
          onClick={() =>
            void run(async () => {
              const next = await api['platform.signin.window']({ accountId: account.id });
              if (next.status === 'ok') onSignedIn(next);
              else setError(t('platform.signin.notDone'));
            })
          }
        >
          {busy ? t('platform.signin.waiting') : t('platform.signin.openWindow')}
        </button>
      </div>
    );
  }
  if (profile && !profile.smsSignIn) {
    return (
      <p className="platform-signin" data-testid="platform-signin-desktop-only">
        {t('platform.signin.desktopOnly', { command: `holdfast accounts signin ${account.id}` })}
      </p>
    );
  }
  const sendCode = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api['platform.signin.sendCode']({ accountId: account.id, phone });
      setSent(true);
    });
  };
  const verify = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => onSignedIn(await api['platform.signin.verifyCode']({ accountId: account.id, phone, code })));
  };
  return (
    <form className="form platform-signin" onSubmit={sent ? verify : sendCode} data-testid="platform-signin-sms">
      <p>{t('platform.signin.smsHint')}</p>
      <label>
        <span>{t('platform.signin.phone')}</span>
        <input value={phone} onChange={(e) => setPhone(e.target.value)} inputMode="tel" autoComplete="tel" required data-testid="platform-phone" />
      </label>
      {sent ? (
        <label>
          <span>{t('platform.signin.code')}</span>
          <input value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" required data-testid="platform-code" />
          <small>{t('platform.signin.codeSent')}</small>
        </label>
      ) : null}
      {error ? (
        <p className="form-error" role="alert" data-testid="platform-signin-error">
          {error}
        </p>
      ) : null}
      <div className="modal-actions">
        {sent ? (
          <button type="button" className="button button-quiet" disabled={busy} onClick={(e) => sendCode(e as unknown as FormEvent)}>
            {t('platform.signin.resend')}
          </button>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy} data-testid="platform-signin-submit">
          {sent ? t('platform.signin.signIn') : t('platform.signin.sendCode')}
        </button>
      </div>
    </form>
  );
}
