// "Add platform account": choose a platform profile (shipped or imported) or import one, say
// where the platform is and what to call the account, then sign in. A platform with no profile
// can be captured instead (CaptureDialog).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account } from '../../../../main/api/contract.js';
import type { ProfileSummary } from '../../../../main/api/platform-contract.js';
import { api } from '../../api/index.js';
import { errorMessage } from '../States.js';
import '../accounts/accounts.css';
import { CaptureDialog } from './CaptureDialog.js';
import { PlatformSignIn } from './PlatformSignIn.js';
import './platform.css';
import { FilePicker } from '../FilePicker.js';
import { useAction } from '../use-action.js';

export function AddPlatformAccountDialog({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const [profiles, setProfiles] = useState<ProfileSummary[] | null>(null);
  const [profileId, setProfileId] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [name, setName] = useState('');
  const [account, setAccount] = useState<Account | null>(null);
  const [signedIn, setSignedIn] = useState<Account | null>(null);
  const [capture, setCapture] = useState(false);
  const { busy, error, setError, run } = useAction();

  const load = (select?: string) =>
    api['profiles.list']().then(
      (list) => {
        setProfiles(list);
        const chosen = list.find((p) => p.id === select) ?? list[0];
        if (chosen) {
          setProfileId(chosen.id);
          setBaseUrl(chosen.baseUrl ?? '');
        }
      },
      (e: unknown) => setError(errorMessage(e, t)),
    );
  useEffect(() => {
    void load();
  }, []);

  const profile = profiles?.find((p) => p.id === profileId) ?? null;
  const label = (p: ProfileSummary) => (i18n.language === 'zh-CN' && p.nameZh ? p.nameZh : p.name);

  async function importFile(file: File) {
    setError(null);
    try {
      const imported = await api['profiles.import']({ json: await file.text() });
      await load(imported.id);
    } catch (e) {
      setError(errorMessage(e, t));
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    await run(async () =>
      setAccount(await api['accounts.add']({ kind: 'platform', profileId, ...(baseUrl ? { baseUrl } : {}), ...(name.trim() ? { name: name.trim() } : {}) })),
    );
  }

  if (capture) return <CaptureDialog onClose={onClose} />;
  return (
    <div className="modal-backdrop" role="presentation" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal platform-dialog" role="dialog" aria-modal="true" aria-labelledby="add-platform-title" data-testid="add-platform-account">
        <h2 id="add-platform-title">{t('platform.add.title')}</h2>
        {signedIn ? (
          <div className="modal-body">
            <p data-testid="platform-added">{t('platform.add.done', { name: signedIn.name })}</p>
            <div className="modal-actions">
              <button type="button" className="button button-quiet" onClick={onClose}>
                {t('platform.close')}
              </button>
              <button
                type="button"
                className="button button-primary"
                data-testid="platform-sync-now"
                onClick={() => void api['sync.start']({ accountId: signedIn.id }).then(onClose, (e: unknown) => setError(errorMessage(e, t)))}
              >
                {t('platform.add.syncNow')}
              </button>
            </div>
          </div>
        ) : account ? (
          <div className="modal-body">
            <p>{t('platform.add.signInTo', { name: account.name })}</p>
            <PlatformSignIn account={account} profile={profile} onSignedIn={setSignedIn} />
          </div>
        ) : (
          <form className="modal-body form" onSubmit={(e) => void add(e)}>
            <label>
              <span>{t('platform.add.profile')}</span>
              <select
                value={profileId}
                onChange={(e) => {
                  setProfileId(e.target.value);
                  setBaseUrl(profiles?.find((p) => p.id === e.target.value)?.baseUrl ?? '');
                }}
                required
                data-testid="platform-profile"
              >
                {(profiles ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {label(p)} {p.source === 'imported' ? `(${t('platform.add.imported')})` : ''}
                  </option>
                ))}
              </select>
              <small>{t('platform.add.profileHint')}</small>
            </label>
            <div className="platform-file">
              <span>{t('platform.add.importProfile')}</span>
              <FilePicker
                label={t('platform.add.chooseFile')}
                accept=".json,application/json"
                onFiles={([file]) => file && void importFile(file)}
                testId="platform-import-profile"
              />
            </div>
            <label>
              <span>{t('platform.add.baseUrl')}</span>
              <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://…" spellCheck={false} data-testid="platform-base-url" />
              <small>{t('platform.add.baseUrlHint')}</small>
            </label>
            <label>
              <span>{t('platform.add.name')}</span>
              <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
            </label>
            {error ? (
              <p className="form-error" role="alert" data-testid="platform-add-error">
                {error}
              </p>
            ) : null}
            <div className="modal-actions">
              <button type="button" className="button button-quiet" onClick={() => setCapture(true)} data-testid="platform-capture">
                {t('platform.add.notListed')}
              </button>
              <button type="button" className="button button-quiet" onClick={onClose}>
                {t('platform.cancel')}
              </button>
              <button type="submit" className="button button-primary" disabled={busy || !profileId} data-testid="platform-add-submit">
                {t('platform.add.next')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}

/** The "Add platform account" button for the accounts page. */
export function AddPlatformAccountButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="add-platform-account-button">
        {t('platform.add.button')}
      </button>
      {open ? <AddPlatformAccountDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
