// "Import certificate screenshot": choose or drop screenshots (or type their paths); Holdfast
// reads them (OCR); for each, the screenshot is shown beside the fields it read — with their
// confidence — to correct and confirm. Each confirmed screenshot becomes an item (L1 evidence).
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpOutput } from '../../../../main/api/contract.js';
import { CERTIFICATE_FIELDS, type CertificateField } from '../../../../main/core/ocr/certificate-fields.js';
import { api, transport } from '../../api/index.js';
import { useApp } from '../../app-context.js';
import { errorMessage } from '../States.js';
import { CertificateFieldsForm, emptyValues, problemsOf, type FieldReading, type FieldValues } from './CertificateFieldsForm.js';
import { PlatformFields, platformStatusInput, type PlatformChoice } from './PlatformFields.js';
import { newBatchId, uploadFile } from './uploads.js';
import '../accounts/accounts.css';
import './import.css';
import { FilePicker } from '../FilePicker.js';

type Extracted = OpOutput<'certificates.extract'>[number];

interface Shot {
  path: string;
  /** A local picture of the screenshot (browser mode: the dropped file itself). */
  previewUrl: string | null;
  read: Extracted | null;
  values: FieldValues;
  state: 'pending' | 'added' | 'skipped' | 'failed';
  message: string | null;
}

function valuesOf(read: Extracted): FieldValues {
  const v = emptyValues();
  if (read.result) for (const f of CERTIFICATE_FIELDS) v[f] = read.result.fields[f].value ?? '';
  return v;
}

export function ImportCertificateDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { openItem } = useApp();
  const [platform, setPlatform] = useState<PlatformChoice>({ name: '', status: '', exitDate: '' });
  const [paths, setPaths] = useState('');
  const [shots, setShots] = useState<Shot[]>([]);
  const [current, setCurrent] = useState(0);
  const [busy, setBusy] = useState<null | 'reading' | 'adding'>(null);
  const [error, setError] = useState<string | null>(null);
  const [lastItem, setLastItem] = useState<string | null>(null);

  // Local pictures of dropped screenshots live until the dialog closes.
  const previews = useRef<string[]>([]);
  useEffect(() => () => previews.current.forEach((url) => URL.revokeObjectURL(url)), []);

  async function read(files: File[] | null) {
    setError(null);
    setBusy('reading');
    try {
      let list: Array<{ path: string; previewUrl: string | null }>;
      if (files) {
        const batch = newBatchId();
        list = [];
        for (const file of files) {
          const previewUrl = URL.createObjectURL(file);
          previews.current.push(previewUrl);
          list.push({ path: (await uploadFile(batch, { file, path: file.name })).path, previewUrl });
        }
      } else {
        list = paths
          .split('\n')
          .map((p) => p.trim())
          .filter(Boolean)
          .map((path) => ({ path, previewUrl: null }));
      }
      if (!list.length) return;
      const results = await api['certificates.extract']({ paths: list.map((l) => l.path) });
      setShots(
        results.map((r, i) => ({
          path: r.path,
          previewUrl: list[i]?.previewUrl ?? null,
          read: r,
          values: valuesOf(r),
          state: r.result ? 'pending' : 'failed',
          message: r.error,
        })),
      );
      setCurrent(Math.max(0, results.findIndex((r) => r.result)));
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setBusy(null);
    }
  }

  const shot = shots[current];
  const readings = useMemo(() => {
    const out: Partial<Record<CertificateField, FieldReading>> = {};
    if (shot?.read?.result) for (const f of CERTIFICATE_FIELDS) out[f] = shot.read.result.fields[f];
    return out;
  }, [shot]);
  const invalid = shot ? Object.keys(problemsOf(shot.values)).length > 0 : true;

  const update = (patch: Partial<Shot>) => setShots((all) => all.map((s, i) => (i === current ? { ...s, ...patch } : s)));
  const next = () => {
    const after = shots.findIndex((s, i) => i > current && s.state === 'pending');
    if (after >= 0) setCurrent(after);
  };

  async function confirm() {
    if (!shot) return;
    setBusy('adding');
    setError(null);
    try {
      const fields = Object.fromEntries(CERTIFICATE_FIELDS.map((f) => [f, shot.values[f].trim() || null]));
      const r = await api['certificates.add']({
        image: shot.path,
        fields,
        platform: platform.name.trim() || t('import.defaultPlatform'),
        ...platformStatusInput(platform),
      });
      update({ state: 'added', message: null });
      setLastItem(r.itemId);
      next();
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setBusy(null);
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    const files = [...event.dataTransfer.files].filter((f) => f.type.startsWith('image/'));
    if (transport !== 'http') setError(t('import.dropNeedsPath'));
    else if (files.length) void read(files);
  }

  const done = shots.length > 0 && shots.every((s) => s.state !== 'pending');
  return (
    <div className="modal-backdrop" role="presentation" onClick={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div className="modal modal-wide modal-certificate" role="dialog" aria-modal="true" aria-labelledby="import-cert-title" data-testid="import-certificate">
        <h2 id="import-cert-title">{t('import.certificateTitle')}</h2>
        <div className="modal-body form">
          <PlatformFields value={platform} onChange={setPlatform} disabled={busy !== null} />
          {shots.length === 0 ? (
            <>
              <div className="drop-zone" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="cert-drop">
                {transport === 'http' ? (
                  <div className="file-pick">
                    <span>{t('import.dropScreenshots')}</span>
                    <FilePicker accept="image/*" multiple onFiles={(files) => files.length && void read(files)} testId="cert-file" />
                  </div>
                ) : (
                  <p>{t('import.typePathOnly')}</p>
                )}
              </div>
              <label>
                <span>{t('import.screenshotPaths')}</span>
                <textarea value={paths} onChange={(e) => setPaths(e.target.value)} rows={2} spellCheck={false} placeholder="/…/证书.png" data-testid="cert-paths" />
              </label>
            </>
          ) : (
            <>
              <ol className="shot-tabs" aria-label={t('import.screenshots')}>
                {shots.map((s, i) => (
                  <li key={s.path}>
                    <button type="button" className={`link-button${i === current ? ' shot-current' : ''}`} onClick={() => setCurrent(i)} aria-current={i === current ? 'true' : undefined}>
                      {s.read?.result?.fileName ?? s.path.split(/[\\/]/).pop()} · {t(`import.shot.${s.state}`)}
                    </button>
                  </li>
                ))}
              </ol>
              {shot ? (
                <div className="shot" data-testid="cert-shot">
                  <div className="shot-image">
                    {shot.previewUrl ? <img src={shot.previewUrl} alt={t('import.screenshotAlt')} /> : <p className="shot-no-preview">{t('import.noPreview')}</p>}
                    {shot.read?.result?.lowConfidence ? <p className="cert-unsure" role="note">{t('import.lowConfidence')}</p> : null}
                  </div>
                  <div className="shot-fields">
                    {shot.state === 'failed' ? (
                      <p className="form-error" role="alert">
                        {shot.message}
                      </p>
                    ) : (
                      <CertificateFieldsForm values={shot.values} onChange={(values) => update({ values })} readings={readings} idPrefix={`shot-${current}`} />
                    )}
                  </div>
                </div>
              ) : null}
            </>
          )}
          {busy === 'reading' ? (
            <p className="import-progress" role="status">
              {t('import.reading')}
            </p>
          ) : null}
          {error ? (
            <p className="form-error" role="alert" data-testid="cert-error">
              {error}
            </p>
          ) : null}
          {done ? (
            <p role="status" data-testid="cert-done">
              {t('import.certificatesDone', { count: shots.filter((s) => s.state === 'added').length })}
            </p>
          ) : null}
          <div className="modal-actions">
            <button type="button" className="button button-quiet" onClick={onClose} disabled={busy !== null}>
              {t('import.close')}
            </button>
            {lastItem ? (
              <button type="button" className="button button-quiet" onClick={() => (onClose(), openItem(lastItem))}>
                {t('import.openItem')}
              </button>
            ) : null}
            {shots.length === 0 ? (
              <button type="button" className="button button-primary" disabled={busy !== null || !paths.trim()} onClick={() => void read(null)} data-testid="cert-read">
                {t('import.read')}
              </button>
            ) : shot && shot.state === 'pending' ? (
              <>
                <button type="button" className="button button-quiet" disabled={busy !== null} onClick={() => (update({ state: 'skipped' }), next())}>
                  {t('import.skip')}
                </button>
                <button type="button" className="button button-primary" disabled={busy !== null || invalid} onClick={() => void confirm()} data-testid="cert-confirm">
                  {busy === 'adding' ? t('import.adding') : t('import.confirm')}
                </button>
              </>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}
