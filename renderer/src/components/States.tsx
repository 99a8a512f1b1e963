import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { ApiCallError } from '../api/index.js';

export function LoadingState({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" data-testid="loading-state">
      <span className="spinner spinner-large" aria-hidden />
      <p>{message ?? t('state.loading')}</p>
    </div>
  );
}

export function errorMessage(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiCallError) {
    if (error.code === 'network') return `${t('errors.network')} (${error.message})`;
    if (error.code === 'unauthorized') return t('errors.unauthorized');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorState({ error, message, onRetry }: { error?: unknown; message?: string; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="state state-error" role="alert" data-testid="error-state">
      <h2>{t('state.errorTitle')}</h2>
      <p className="error-message">{message ?? errorMessage(error, t)}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function EmptyState({ title, body, action }: { title: string; body: string; action?: ReactNode }) {
  return (
    <div className="state state-empty" data-testid="empty-state">
      <svg width="56" height="56" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.2" aria-hidden>
        <rect x="3" y="4" width="18" height="16" rx="2.5" />
        <circle cx="9" cy="10" r="1.8" />
        <path d="m4 18 5.5-5.5 4 4L16 14l4 4" />
      </svg>
      <h2>{title}</h2>
      <p>{body}</p>
      {action}
    </div>
  );
}
