import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies a value to the clipboard and says so for a moment. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const timer = window.setTimeout(() => setStatus('idle'), 1600);
    return () => window.clearTimeout(timer);
  }, [status]);
  return (
    <button
      type="button"
      className="copy-button"
      aria-label={t('detail.copyLabel', { field: label })}
      data-testid="copy-button"
      onClick={() => {
        navigator.clipboard.writeText(value).then(
          () => setStatus('copied'),
          () => setStatus('failed'),
        );
      }}
    >
      {status === 'copied' ? t('detail.copied') : status === 'failed' ? t('detail.copyFailed') : t('detail.copy')}
    </button>
  );
}
