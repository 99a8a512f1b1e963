// Progress of a bundle job: a bar, files and bytes, rate and time left, and a cancel button.
import { useTranslation } from 'react-i18next';
import type { BundleProgressEvent } from './use-bundle-job.js';

const mb = (n: number) => (n / 1e6).toFixed(1);

export function BundleProgressBar({ progress, onCancel }: { progress: BundleProgressEvent | null; onCancel(): void }) {
  const { t } = useTranslation();
  const fraction =
    progress === null ? null : progress.phase === 'evidence' ? progress.filesDone / Math.max(progress.filesTotal, 1) : progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : null;
  return (
    <div className="bundle-progress" role="status" data-testid="bundle-progress" data-phase={progress?.phase ?? 'preparing'}>
      <div className={`bundle-bar${fraction === null ? ' is-indeterminate' : ''}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}>
        <div className="bundle-bar-fill" style={{ width: `${Math.round((fraction ?? 0.3) * 100)}%` }} />
      </div>
      <div className="bundle-progress-line">
        <span>
          {t(`bundle.phase.${progress?.phase ?? 'preparing'}`)}
          {progress && progress.phase === 'evidence' ? ` · ${t('bundle.itemsOf', { done: progress.filesDone, total: progress.filesTotal })}` : null}
          {progress && progress.phase !== 'evidence' && progress.filesTotal > 0
            ? ` · ${t('bundle.filesOf', { done: progress.filesDone, total: progress.filesTotal, bytes: mb(progress.bytesDone), all: mb(progress.bytesTotal) })}`
            : null}
          {progress && progress.bytesPerSecond > 0 && progress.phase !== 'evidence' ? ` · ${t('bundle.rate', { rate: mb(progress.bytesPerSecond) })}` : null}
          {progress?.etaSeconds != null ? ` · ${t('bundle.eta', { seconds: Math.ceil(progress.etaSeconds) })}` : null}
        </span>
        <button type="button" className="button button-quiet" onClick={onCancel} data-testid="bundle-cancel">
          {t('bundle.cancel')}
        </button>
      </div>
      {progress?.current ? <div className="bundle-current mono">{progress.current}</div> : null}
    </div>
  );
}
