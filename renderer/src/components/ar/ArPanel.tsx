// "View in AR" on an item page: the AR files (GLB for Android and 3D apps, USDZ for iPhone and
// iPad), a QR code a phone on the same Wi-Fi scans to open the item's AR page (served by
// `holdfast serve --lan`), what the preview pipeline could not do, and a button to build it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import type { ItemDetail, ItemFile, ItemPreviews, PreviewsProgress } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';
import { formatBytes } from '../../format.js';
import { previewsGoing } from '../sync/use-sync.js';
import './ar.css';

function downloadName(item: ItemDetail, ext: string): string {
  const safe = [...item.name].map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
  return `${safe || item.id}.${ext}`;
}

function FileLink({ item, file, ext, label, note }: { item: ItemDetail; file: ItemFile; ext: string; label: string; note: string | null }) {
  const { t, i18n } = useTranslation();
  return (
    <li>
      <a href={api.mediaUrl(file.sha256)} download={downloadName(item, ext)} data-testid={`ar-file-${ext}`}>
        {label}
      </a>{' '}
      <span className="muted">
        {formatBytes(t, file.size, i18n.language)}
        {note ? ` · ${note}` : ''}
      </span>
    </li>
  );
}

export function ArPanel({ item }: { item: ItemDetail }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<ItemPreviews | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [job, setJob] = useState<{ id: string; progress: PreviewsProgress | null } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    api['previews.get']({ id: item.id }).then(
      (r) => live && (setInfo(r), setFailed(null)),
      (error: unknown) => live && setFailed(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [item.id, reload]);

  useEffect(() => {
    if (!info?.phoneUrl) return setQr(null);
    let live = true;
    QRCode.toString(info.phoneUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (svg) => live && setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [info?.phoneUrl]);

  useEffect(
    () =>
      api.onEvent((event) => {
        // A job queued elsewhere (after a sync) may have just built this item's files.
        if (event.type === 'previews.progress' && event.phase === 'done' && (!job || event.jobId !== job.id)) setReload((n) => n + 1);
        if (event.type === 'previews.progress' && job && event.jobId === job.id) {
          setJob({ id: job.id, progress: event });
          if (!previewsGoing(event)) {
            setJob(null);
            setReload((n) => n + 1);
          }
        }
      }),
    [job],
  );

  const build = () => {
    api['previews.build']({ itemIds: [item.id], rebuild: true }).then(
      ({ jobId }) => setJob({ id: jobId, progress: null }),
      (error: unknown) => setFailed(error instanceof Error ? error.message : String(error)),
    );
  };

  if (failed) return <p className="muted">{failed}</p>;
  if (!info) return null;
  const { glb, usdz } = info.ar;
  const arStage = info.stages.find((s) => s.stage === 'ar');
  const sizeCm = Math.round(Number(/@([\d.]+)m$/.exec(arStage?.source ?? '')?.[1] ?? 0.4) * 100);
  const problems = info.stages.filter((s) => s.status !== 'ok' && s.message);

  return (
    <section className="detail-section ar-panel" id="ar" data-testid="ar-panel" aria-labelledby="ar-panel-title">
      <h2 id="ar-panel-title">{t('ar.title')}</h2>
      {glb || usdz ? (
        <>
          <p>{info.ar.framed ? t('ar.introFramed', { size: sizeCm }) : t('ar.intro3d')}</p>
          <div className="ar-body">
            {qr ? (
              <figure className="ar-qr">
                <img src={qr} alt={t('ar.qrAlt', { name: item.name })} width={148} height={148} data-testid="ar-qr" />
                <figcaption>{t('ar.scan')}</figcaption>
                <a href={info.phoneUrl!} target="_blank" rel="noreferrer">
                  {t('ar.openPhonePage')}
                </a>
              </figure>
            ) : (
              <p className="ar-no-lan muted" data-testid="ar-no-lan">
                {t('ar.noLan')}
              </p>
            )}
            <ul className="ar-files">
              {glb ? <FileLink item={item} file={glb} ext="glb" label={t('ar.glb')} note={info.ar.framed ? null : info.ar.glbIsOriginal ? t('ar.original') : t('ar.optimized')} /> : null}
              {usdz ? <FileLink item={item} file={usdz} ext="usdz" label={t('ar.usdz')} note={null} /> : null}
            </ul>
          </div>
        </>
      ) : (
        <p className="muted">{t('ar.none')}</p>
      )}
      {problems.length ? (
        <ul className="ar-problems" data-testid="preview-problems">
          {problems.map((p) => (
            <li key={p.stage}>
              <strong>{t(`ar.stage.${p.stage}`)}</strong> · {t(`ar.status.${p.status}`)}: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="button button-quiet ar-build" onClick={build} disabled={job !== null} data-testid="ar-build">
        {job ? t('ar.building', { done: job.progress?.itemsDone ?? 0, total: job.progress?.itemsTotal ?? 1 }) : t('ar.build')}
      </button>
    </section>
  );
}
