// Where a bundle to verify or import comes from: a full path on this computer, or — in the
// browser — a zip chosen here and uploaded to the local server first (up to the upload limit).
import { useTranslation } from 'react-i18next';
import { api, transport } from '../../api/index.js';
import { newBatchId, uploadFile } from '../import/uploads.js';
import { FilePicker } from '../FilePicker.js';

export interface SourceChoice {
  path: string;
  file: File | null;
}

export function BundleSourceFields({ value, onChange, disabled, id }: { value: SourceChoice; onChange(v: SourceChoice): void; disabled: boolean; id: string }) {
  const { t } = useTranslation();
  return (
    <div className="bundle-source">
      <label>
        <span>{t('bundle.sourcePath')}</span>
        <input
          value={value.path}
          onChange={(e) => onChange({ path: e.target.value, file: null })}
          placeholder={t('bundle.sourcePathPlaceholder')}
          spellCheck={false}
          disabled={disabled}
          data-testid={`${id}-path`}
        />
      </label>
      {transport === 'electron' ? (
        <button
          type="button"
          className="button button-quiet"
          disabled={disabled}
          onClick={() => void api['bundle.choosePath']({ purpose: 'open' }).then((r) => r.path && onChange({ path: r.path, file: null }), () => undefined)}
        >
          {t('bundle.choose')}
        </button>
      ) : null}
      {transport === 'http' ? (
        <div className="file-field">
          <span>{t('bundle.orUpload')}</span>
          <FilePicker accept=".zip,application/zip" disabled={disabled} onFiles={(files) => onChange({ path: '', file: files[0] ?? null })} testId={`${id}-file`} />
        </div>
      ) : null}
    </div>
  );
}

/** The path the backend should read: the typed one, or where the upload landed. */
export async function resolveSource(value: SourceChoice): Promise<string> {
  if (value.file) return (await uploadFile(newBatchId(), { file: value.file, path: value.file.name })).path;
  return value.path.trim();
}
