// "Import folder": drop a folder (browser mode uploads it to the local server first) or type
// its path; name the platform and what became of it; watch the progress; read what was left out.
import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiEvent, OpOutput } from '../../../../main/api/contract.js';
import { api, transport } from '../../api/index.js';
import { errorMessage } from '../States.js';
import { PlatformFields, platformStatusInput, type PlatformChoice } from './PlatformFields.js';
import { filesOfDrop, newBatchId, uploadFile, type DroppedFile } from './uploads.js';
import '../accounts/accounts.css';
import './import.css';

type Progress = Extract<ApiEvent, { type: 'files.progress' }>;
type Summary = OpOutput<'files.import'>;

const mb = (n: number) => (n / 1e6).toFixed(1);

export function ImportFolderDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [path, setPath] = useState('');
  const [dropped, setDropped] = useState<DroppedFile[] | null>(null);
  const [platform, setPlatform] = useState<PlatformChoice>({ name: '', status: '', exitDate: '' });
  const [ocr, setOcr] = useState(false);
  const [phase, setPhase] = useState<'form' | 'uploading' | 'importing' | 'done'>('form');
  const [uploaded, setUploaded] = useState(0);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const jobId = useRef(`files-${crypto.randomUUID()}`);
  const cancelled = useRef(false);

  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.type === 'files.progress' && e.jobId === jobId.current) setProgress(e);
      }),
    [],
  );

  async function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    if (transport !== 'http') {
      // The desktop app reads the dropped folder where it is; nothing is uploaded.
      const first = event.dataTransfer.files[0];
      const droppedPath = first ? (api.pathForFile?.(first) ?? null) : null;
      if (droppedPath) {
        setPath(droppedPath);
        setError(null);
      } else {
        setError(t('import.dropNeedsPath'));
      }
      return;
    }
    try {
      const files = await filesOfDrop(event.dataTransfer);
      setDropped(files.length ? files : null);
      if (!files.length) setError(t('import.dropEmpty'));
      else setError(null);
    } catch (e) {
      setError(errorMessage(e, t));
    }
  }

  async function start(event: FormEvent) {
    event.preventDefault();
    setError(null);
    cancelled.current = false;
    try {
      let dir = path.trim();
      if (dropped) {
        setPhase('uploading');
        const batch = newBatchId();
        for (const [i, f] of dropped.entries()) {
          if (cancelled.current) throw new Error(t('import.cancelled'));
          dir = (await uploadFile(batch, f)).dir;
          setUploaded(i + 1);
        }
      }
      setPhase('importing');
      const r = await api['files.import']({
        dir,
        jobId: jobId.current,
        ocr,
        ...(platform.name.trim() ? { platform: platform.name.trim() } : {}),
        ...platformStatusInput(platform),
      });
      setSummary(r);
      setPhase('done');
    } catch (e) {
      setError(errorMessage(e, t));
      setPhase('form');
    }
  }

  const busy = phase === 'uploading' || phase === 'importing';
  const uploadBytes = dropped?.reduce((n, f) => n + f.file.size, 0) ?? 0;
  return (
    <div className="modal-backdrop" role="presentation" onClick={(e) => e.target === e.currentTarget && !busy && onClose()}>
      <div className="modal modal-wide" role="dialog" aria-modal="true" aria-labelledby="import-folder-title" data-testid="import-folder">
        <h2 id="import-folder-title">{t('import.folderTitle')}</h2>
        {phase === 'done' && summary ? (
          <div className="modal-body" data-testid="import-folder-done">
            <p>
              {t('import.summary', {
                count: summary.items,
                added: summary.itemsAdded,
                updated: summary.itemsUpdated,
                stored: summary.filesStored,
                already: summary.filesAlreadyStored,
                duplicates: summary.duplicateItems,
              })}
            </p>
            {summary.status !== 'done' ? <p className="form-error">{t(`import.status.${summary.status}`)}</p> : null}
            {summary.problems.length ? (
              <>
                <h3>{t('import.problems', { count: summary.problems.length })}</h3>
                <ul className="import-problems" data-testid="import-problems">
                  {summary.problems.slice(0, 200).map((p, i) => (
                    <li key={i}>
                      <span className="mono">{p.file}</span> — {p.message}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <div className="modal-actions">
              <button type="button" className="button button-primary" onClick={onClose}>
                {t('import.close')}
              </button>
            </div>
          </div>
        ) : (
          <form className="modal-body form" onSubmit={(e) => void start(e)}>
            <div
              className={`drop-zone${dragging ? ' drop-zone-over' : ''}`}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={(e) => void onDrop(e)}
              data-testid="import-drop"
            >
              {dropped ? (
                <p>{t('import.droppedFiles', { count: dropped.length, mb: mb(uploadBytes) })}</p>
              ) : (
                <p>{transport === 'http' ? t('import.dropFolder') : t('import.typePathOnly')}</p>
              )}
            </div>
            <label>
              <span>{t('import.folderPath')}</span>
              <input
                value={path}
                onChange={(e) => {
                  setPath(e.target.value);
                  setDropped(null);
                }}
                placeholder={t('import.folderPathPlaceholder')}
                spellCheck={false}
                disabled={busy}
                data-testid="import-path"
              />
            </label>
            <PlatformFields value={platform} onChange={setPlatform} disabled={busy} />
            <label className="checkbox">
              <input type="checkbox" checked={ocr} onChange={(e) => setOcr(e.target.checked)} disabled={busy} />
              <span>{t('import.readCertificates')}</span>
            </label>
            {phase === 'uploading' ? (
              <p className="import-progress" role="status">
                {t('import.uploading', { done: uploaded, total: dropped?.length ?? 0 })}
              </p>
            ) : null}
            {phase === 'importing' && progress ? (
              <p className="import-progress" role="status" data-testid="import-progress">
                {t('import.progress', {
                  files: progress.filesDone,
                  total: progress.filesTotal,
                  done: mb(progress.bytesDone),
                  all: mb(progress.bytesTotal),
                  rate: mb(progress.bytesPerSecond),
                  items: progress.itemsAdded,
                })}
                {progress.etaSeconds !== null ? ` · ${t('import.eta', { seconds: Math.ceil(progress.etaSeconds) })}` : ''}
              </p>
            ) : null}
            {error ? (
              <p className="form-error" role="alert" data-testid="import-error">
                {error}
              </p>
            ) : null}
            <div className="modal-actions">
              {busy ? (
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => {
                    cancelled.current = true;
                    void api['files.cancel']({ jobId: jobId.current });
                  }}
                >
                  {t('import.cancel')}
                </button>
              ) : (
                <button type="button" className="button button-quiet" onClick={onClose}>
                  {t('import.close')}
                </button>
              )}
              <button type="submit" className="button button-primary" disabled={busy || (!dropped && !path.trim())} data-testid="import-start">
                {busy ? t('import.importing') : t('import.start')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
