// Collections: every collection in the library with its picture, counts and storage; a click
// shows its items in the library.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CollectionSummary } from '../../../main/api/contract.js';
import { api } from '../api/index.js';
import { useApp } from '../app-context.js';
import { EmptyState, ErrorState, LoadingState } from '../components/States.js';
import { CollectionsIcon, SearchIcon } from '../components/icons.js';
import { formatBytes, numberFormat } from '../format.js';

const FILTER_DEBOUNCE_MS = 120;

type Load = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; total: number; collections: CollectionSummary[] };

export function CollectionsPage() {
  const { t, i18n } = useTranslation();
  const { openLibrary, platformLabel, reloadToken } = useApp();
  const [filter, setFilter] = useState('');
  const [query, setQuery] = useState('');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(filter.trim()), FILTER_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [filter]);

  useEffect(() => {
    document.title = t('collections.title');
    return () => {
      document.title = t('app.title');
    };
  }, [t]);

  useEffect(() => {
    let live = true;
    api['collections.list'](query ? { query, limit: 1000 } : { limit: 1000 }).then(
      (r) => live && setLoad({ state: 'ready', ...r }),
      (error: unknown) => live && setLoad({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [query, reloadToken, attempt]);

  const number = numberFormat(i18n.language);
  let body;
  if (load.state === 'loading') body = <LoadingState />;
  else if (load.state === 'error') body = <ErrorState error={load.error} onRetry={() => setAttempt((n) => n + 1)} />;
  else if (load.collections.length === 0)
    body = query ? (
      <EmptyState title={t('collections.noMatch', { query })} body={t('collections.noMatchBody')} />
    ) : (
      <EmptyState title={t('collections.emptyTitle')} body={t('collections.emptyBody')} />
    );
  else
    body = (
      <>
        <ul className="collection-grid" data-testid="collection-grid">
          {load.collections.map((c) => (
            <li key={`${c.platform}\n${c.name}`}>
              <button
                type="button"
                className="collection-card"
                data-testid="collection-card"
                onClick={() => openLibrary({ collection: c.name, platform: c.platform })}
              >
                <span className="collection-media">
                  {c.preview ? <img src={api.mediaUrl(c.preview.sha256)} alt="" loading="lazy" decoding="async" /> : <CollectionsIcon size={36} />}
                </span>
                <span className="collection-info">
                  <span className="collection-name" title={c.name}>
                    {c.name}
                  </span>
                  <span className="collection-platform">{platformLabel(c.platform)}</span>
                  <span className="collection-stats">
                    <span>{t('collections.items', { count: c.itemCount, formatted: number.format(c.itemCount) })}</span>
                    {c.heldCount < c.itemCount ? <span>{t('collections.held', { count: c.heldCount, formatted: number.format(c.heldCount) })}</span> : null}
                    <span>{formatBytes(t, c.storageBytes, i18n.language)}</span>
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
        {load.total > load.collections.length ? (
          <p className="page-note">{t('collections.truncated', { shown: number.format(load.collections.length), total: number.format(load.total) })}</p>
        ) : null}
      </>
    );

  return (
    <div className="page" data-testid="collections-page">
      <header className="page-head">
        <div>
          <h1>{t('collections.title')}</h1>
          <p className="page-sub">{load.state === 'ready' ? t('collections.count', { count: load.total, formatted: number.format(load.total) }) : '\u00a0'}</p>
        </div>
        <label className="page-filter">
          <SearchIcon />
          <input
            type="search"
            value={filter}
            placeholder={t('collections.filter')}
            aria-label={t('collections.filter')}
            data-testid="collection-filter"
            onChange={(e) => setFilter(e.target.value)}
          />
        </label>
      </header>
      <div className="page-body">{body}</div>
    </div>
  );
}
