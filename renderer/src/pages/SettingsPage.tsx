// Settings: the library folder and what it holds, the language, and the network options that
// syncs use (gateways, local network, size limit). Saved in the library folder through the API,
// so the desktop app and the browser mode behave the same.
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, LibrarySettings } from '../../../main/api/contract.js';
import { api } from '../api/index.js';
import { CopyButton } from '../components/CopyButton.js';
import { ErrorState, LoadingState, errorMessage } from '../components/States.js';
import { formatBytes, numberFormat } from '../format.js';
import { applyLanguageSetting } from '../i18n/index.js';

type Load = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; info: AppInfo; settings: LibrarySettings };

interface Draft {
  language: LibrarySettings['language'];
  ipfsGateways: string;
  arweaveGateway: string;
  allowLocalNetwork: boolean;
  maxFileMb: string;
}

const toDraft = (s: LibrarySettings): Draft => ({
  language: s.language,
  ipfsGateways: s.ipfsGateways.join('\n'),
  arweaveGateway: s.arweaveGateway,
  allowLocalNetwork: s.allowLocalNetwork,
  maxFileMb: String(s.maxFileMb),
});

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });

  useEffect(() => {
    document.title = t('settings.title');
    return () => {
      document.title = t('app.title');
    };
  }, [t]);

  useEffect(() => {
    let live = true;
    Promise.all([api['app.info'](), api['settings.get']()]).then(
      ([info, settings]) => {
        if (!live) return;
        setLoad({ state: 'ready', info, settings });
        setDraft(toDraft(settings));
      },
      (error: unknown) => live && setLoad({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  if (load.state === 'loading' || (load.state === 'ready' && !draft)) return <LoadingState />;
  if (load.state === 'error') return <ErrorState error={load.error} onRetry={() => setAttempt((n) => n + 1)} />;
  const { info } = load;
  const d = draft!;
  const number = numberFormat(i18n.language);
  const change = (patch: Partial<Draft>) => {
    setDraft({ ...d, ...patch });
    setStatus({ kind: 'idle' });
  };

  // The desktop app opens the chosen library and reloads on it; a folder that cannot be a
  // library is explained in a dialog there and this one stays open.
  const chooseLibrary = () =>
    api['library.choose']({}).catch((error: unknown) => setStatus({ kind: 'error', message: t('settings.chooseFailed', { message: errorMessage(error, t) }) }));

  const save = (e: FormEvent) => {
    e.preventDefault();
    const maxFileMb = Number(d.maxFileMb);
    const patch: Partial<LibrarySettings> = {
      language: d.language,
      ipfsGateways: d.ipfsGateways
        .split(/\s+/)
        .map((s) => s.trim())
        .filter(Boolean),
      arweaveGateway: d.arweaveGateway.trim(),
      allowLocalNetwork: d.allowLocalNetwork,
      maxFileMb: Number.isInteger(maxFileMb) ? maxFileMb : Number.NaN,
    };
    setStatus({ kind: 'saving' });
    api['settings.set'](patch).then(
      (saved) => {
        setLoad({ state: 'ready', info, settings: saved });
        setDraft(toDraft(saved));
        applyLanguageSetting(saved.language);
        setStatus({ kind: 'saved' });
      },
      (error: unknown) => setStatus({ kind: 'error', message: errorMessage(error, t) }),
    );
  };

  return (
    <div className="page" data-testid="settings-page">
      <header className="page-head">
        <div>
          <h1>{t('settings.title')}</h1>
          <p className="page-sub">{t('settings.sub')}</p>
        </div>
      </header>
      <div className="page-body settings">
        <section className="settings-section">
          <h2>{t('settings.library')}</h2>
          <div className="settings-row">
            <span className="settings-label">{t('settings.folder')}</span>
            <span className="mono-row">
              <span className="mono" data-testid="library-dir">
                {info.libraryDir}
              </span>
              <CopyButton value={info.libraryDir} label={t('settings.folder')} />
            </span>
          </div>
          {info.shell === 'electron' ? (
            <div className="settings-row">
              <button type="button" className="button" data-testid="library-choose" onClick={() => void chooseLibrary()}>
                {t('settings.chooseFolder')}
              </button>
            </div>
          ) : null}
          <p className="settings-help">{t(info.shell === 'electron' ? 'settings.folderHelpApp' : 'settings.folderHelpBrowser')}</p>
          <dl className="settings-facts">
            <div>
              <dt>{t('settings.items')}</dt>
              <dd>{number.format(info.itemCount)}</dd>
            </div>
            <div>
              <dt>{t('settings.files')}</dt>
              <dd>{number.format(info.fileCount)}</dd>
            </div>
            <div>
              <dt>{t('settings.storage')}</dt>
              <dd>{formatBytes(t, info.storageBytes, i18n.language)}</dd>
            </div>
            <div>
              <dt>{t('settings.version')}</dt>
              <dd>
                {info.version} · {t(`settings.shell.${info.shell}`)} · {t('settings.schema', { version: info.schemaVersion })}
              </dd>
            </div>
          </dl>
        </section>

        <form className="settings-section" onSubmit={save} data-testid="settings-form">
          <h2>{t('settings.appearance')}</h2>
          <label className="settings-row">
            <span className="settings-label">{t('settings.language')}</span>
            <select value={d.language} data-testid="settings-language" onChange={(e) => change({ language: e.target.value as Draft['language'] })}>
              <option value="auto">{t('settings.languageAuto')}</option>
              <option value="zh-CN">简体中文</option>
              <option value="en">English</option>
            </select>
          </label>

          <h2>{t('settings.network')}</h2>
          <label className="settings-row settings-row-top">
            <span className="settings-label">{t('settings.ipfsGateways')}</span>
            <textarea rows={3} value={d.ipfsGateways} spellCheck={false} data-testid="settings-gateways" onChange={(e) => change({ ipfsGateways: e.target.value })} />
          </label>
          <p className="settings-help">{t('settings.ipfsHelp')}</p>
          <label className="settings-row">
            <span className="settings-label">{t('settings.arweaveGateway')}</span>
            <input type="url" value={d.arweaveGateway} spellCheck={false} onChange={(e) => change({ arweaveGateway: e.target.value })} />
          </label>
          <label className="settings-row">
            <span className="settings-label">{t('settings.maxFile')}</span>
            <span className="settings-inline">
              <input type="number" min={1} max={100000} step={1} value={d.maxFileMb} onChange={(e) => change({ maxFileMb: e.target.value })} />
              <span>MB</span>
            </span>
          </label>
          <label className="settings-check">
            <input type="checkbox" checked={d.allowLocalNetwork} onChange={(e) => change({ allowLocalNetwork: e.target.checked })} />
            <span>
              <strong>{t('settings.allowLocal')}</strong>
              <span className="settings-help">{t('settings.allowLocalHelp')}</span>
            </span>
          </label>
          <p className="settings-help">{t('settings.safetyNote')}</p>

          <div className="settings-actions">
            <button type="submit" className="button" data-testid="settings-save" disabled={status.kind === 'saving'}>
              {t('settings.save')}
            </button>
            <span role="status" className={status.kind === 'error' ? 'inline-error' : 'muted'}>
              {status.kind === 'saved' ? t('settings.saved') : status.kind === 'error' ? status.message : ''}
            </span>
          </div>
        </form>
      </div>
    </div>
  );
}
