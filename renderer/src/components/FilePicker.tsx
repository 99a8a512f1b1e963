// A file input that speaks the app's language: the browser's own control says "Choose File /
// No file chosen" in the browser's language whatever the app is set to. The real input stays
// (hidden, still reachable by keyboard through its label) so drag-and-drop and tests work as before.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface FilePickerProps {
  accept?: string;
  multiple?: boolean;
  disabled?: boolean;
  /** The button's text; defaults to "Choose file…". */
  label?: string;
  onFiles(files: File[]): void;
  testId?: string;
}

export function FilePicker({ accept, multiple, disabled, label, onFiles, testId }: FilePickerProps) {
  const { t } = useTranslation();
  const [names, setNames] = useState<string[]>([]);
  return (
    <span className="file-picker">
      <label className={`button button-quiet file-picker-button${disabled ? ' disabled' : ''}`}>
        {label ?? t(multiple ? 'files.chooseMany' : 'files.choose')}
        <input
          type="file"
          className="file-picker-input"
          accept={accept}
          multiple={multiple}
          disabled={disabled}
          data-testid={testId}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            setNames(files.map((f) => f.name));
            onFiles(files);
          }}
        />
      </label>
      <span className="file-picker-name" title={names.join(', ')}>
        {names.length === 0 ? t('files.noneChosen') : names.length === 1 ? names[0] : t('files.chosenCount', { count: names.length })}
      </span>
    </span>
  );
}
