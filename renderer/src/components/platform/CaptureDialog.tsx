// Capture mode: record what a platform's own pages receive (desktop: in the sign-in window;
// browser: from a HAR file saved in the browser's developer tools), then confirm which field is
// the name, the media, the token id… The confirmed mapping is saved as a new profile (and, after
// a window capture, the account is added signed in).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaptureAnalysis } from '../../../../main/api/platform-contract.js';
import { api } from '../../api/index.js';
import '../accounts/accounts.css';
import { useShell } from './PlatformSignIn.js';
import './platform.css';
import { FilePicker } from '../FilePicker.js';
import { useAction } from '../use-action.js';

type Choice = Record<string, string | null>;

export function CaptureDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const shell = useShell();
  const [loginUrl, setLoginUrl] = useState('');
  const [analysis, setAnalysis] = useState<CaptureAnalysis | null>(null);
  const [candidateKey, setCandidateKey] = useState('');
  const [fields, setFields] = useState<Choice>({});
  const [media, setMedia] = useState<Record<string, boolean>>({});
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);

  const candidate = useMemo(() => analysis?.candidates.find((c) => c.key === candidateKey) ?? null, [analysis, candidateKey]);

  const choose = (a: CaptureAnalysis, key: string) => {
    const c = a.candidates.find((x) => x.key === key);
    setCandidateKey(key);
    setFields(Object.fromEntries((c?.fields ?? []).map((f) => [f.field, f.path])));
    setMedia(Object.fromEntries((c?.media ?? []).map((m) => [m.path, true])));
  };
  const analysed = (a: CaptureAnalysis) => {
    setAnalysis(a);
    if (a.candidates[0]) choose(a, a.candidates[0].key);
    if (a.origin && !id) setId(new URL(a.origin).hostname.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'captured');
  };

  let body;
  if (saved) {
    body = (
      <div className="modal-body">
        <p data-testid="capture-saved">{saved}</p>
        <div className="modal-actions">
          <button type="button" className="button button-primary" onClick={onClose}>
            {t('platform.close')}
          </button>
        </div>
      </div>
    );
  } else if (!analysis) {
    body = (
      <div className="modal-body form">
        <p>{shell === 'electron' ? t('platform.capture.introWindow') : t('platform.capture.introHar')}</p>
        {shell === 'electron' ? (
          <>
            <label>
              <span>{t('platform.capture.loginUrl')}</span>
              <input value={loginUrl} onChange={(e) => setLoginUrl(e.target.value)} placeholder="https://…/login" spellCheck={false} />
            </label>
            <button type="button" className="button button-primary" disabled={busy || !loginUrl} onClick={() => void run(async () => analysed(await api['capture.start']({ loginUrl })))}>
              {busy ? t('platform.capture.recording') : t('platform.capture.start')}
            </button>
          </>
        ) : (
          <div className="file-field">
            <span>{t('platform.capture.harFile')}</span>
            <FilePicker
              accept=".har,application/json"
              testId="capture-har"
              onFiles={([file]) => {
                if (file) void run(async () => analysed(await api['capture.fromHar']({ har: await file.text() })));
              }}
            />
          </div>
        )}
      </div>
    );
  } else if (analysis.candidates.length === 0) {
    body = <p className="modal-body" data-testid="capture-none">{t('platform.capture.none', { count: analysis.responses })}</p>;
  } else {
    body = (
      <form
        className="modal-body form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const r = await api['capture.save']({
              analysisId: analysis.analysisId,
              candidateKey,
              id,
              name,
              fields,
              media: (candidate?.media ?? []).filter((m) => media[m.path]).map((m) => ({ path: m.path, ...(m.roleFromField ? { role: m.role } : {}) })),
            });
            setSaved(r.account ? t('platform.capture.savedWithAccount', { profile: r.profile.name, account: r.account.name }) : t('platform.capture.saved', { profile: r.profile.name }));
          });
        }}
      >
        <label>
          <span>{t('platform.capture.list')}</span>
          <select value={candidateKey} onChange={(e) => choose(analysis, e.target.value)} data-testid="capture-candidate">
            {analysis.candidates.map((c) => (
              <option key={c.key} value={c.key}>
                {t('platform.capture.candidate', { path: c.requestPath, items: c.itemsPath, count: c.count })}
              </option>
            ))}
          </select>
          {candidate ? <small>{t('platform.capture.paging', { style: candidate.pagination, detail: candidate.detailPath ?? '—' })}</small> : null}
        </label>
        {candidate ? (
          <table className="capture-fields" data-testid="capture-fields">
            <thead>
              <tr>
                <th>{t('platform.capture.field')}</th>
                <th>{t('platform.capture.source')}</th>
              </tr>
            </thead>
            <tbody>
              {candidate.fields.map((f) => (
                <tr key={f.field}>
                  <td>{t(`platform.fields.${f.field}`)}</td>
                  <td>
                    <select value={fields[f.field] ?? ''} onChange={(e) => setFields({ ...fields, [f.field]: e.target.value || null })} aria-label={t(`platform.fields.${f.field}`)}>
                      <option value="">{t('platform.capture.notMapped')}</option>
                      {candidate.options.map((o) => (
                        <option key={o.path} value={o.path}>
                          {o.path} — {o.sample}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
              {candidate.media.map((m) => (
                <tr key={m.path}>
                  <td>{t('platform.capture.media', { role: t(`files.roles.${m.role}`) })}</td>
                  <td>
                    <label className="checkbox">
                      <input type="checkbox" checked={media[m.path] ?? false} onChange={(e) => setMedia({ ...media, [m.path]: e.target.checked })} />
                      <span className="capture-sample">{m.path} — {m.sample}</span>
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <label>
          <span>{t('platform.capture.profileId')}</span>
          <input value={id} onChange={(e) => setId(e.target.value)} pattern="[a-z0-9][a-z0-9-]{1,62}" required />
        </label>
        <label>
          <span>{t('platform.capture.profileName')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <div className="modal-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            {t('platform.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy} data-testid="capture-save">
            {t('platform.capture.save')}
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="modal-backdrop" role="presentation" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal capture-modal platform-dialog" role="dialog" aria-modal="true" aria-labelledby="capture-title" data-testid="capture-dialog">
        <h2 id="capture-title">{t('platform.capture.title')}</h2>
        {body}
        {error && !analysis ? <p className="form-error" role="alert">{error}</p> : null}
      </div>
    </div>
  );
}
