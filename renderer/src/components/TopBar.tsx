import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiEvent } from '../../../main/api/contract.js';
import { LANGUAGES, setLanguage } from '../i18n/index.js';
import { CloseIcon, LogoMark, SearchIcon } from './icons.js';

type SyncProgress = Extract<ApiEvent, { type: 'sync.progress' }>;

interface TopBarProps {
  query: string;
  onQuery(query: string): void;
  searchRef: Ref<HTMLInputElement>;
  sync: SyncProgress | null;
  onHome(): void;
}

export function TopBar({ query, onQuery, searchRef, sync, onHome }: TopBarProps) {
  const { t, i18n } = useTranslation();
  return (
    <header className="topbar">
      <a
        className="brand"
        href="#/"
        onClick={(e) => {
          e.preventDefault();
          onHome();
        }}
      >
        <LogoMark />
        <span>{t('app.name')}</span>
      </a>

      <div className="search" role="search">
        <SearchIcon />
        <input
          ref={searchRef}
          type="search"
          data-testid="search-input"
          value={query}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          title={t('search.shortcut')}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && query) {
              e.preventDefault();
              onQuery('');
            }
          }}
        />
        {query ? (
          <button type="button" className="search-clear" aria-label={t('search.clear')} title={t('search.clear')} onClick={() => onQuery('')}>
            <CloseIcon />
          </button>
        ) : (
          <kbd className="search-kbd" aria-hidden>
            /
          </kbd>
        )}
      </div>

      <div className="topbar-end">
        {sync ? (
          <span className="sync-status" role="status">
            <span className="spinner" aria-hidden />
            {sync.phase === 'listing' ? t('sync.listing') : t('sync.progress', { done: sync.itemsDone, total: sync.itemsListed })}
          </span>
        ) : null}
        <div className="lang-switch" data-testid="lang-switch" role="group" aria-label={t('language.label')}>
          {LANGUAGES.map((lng) => (
            <button
              key={lng}
              type="button"
              lang={lng}
              data-testid={lng === 'zh-CN' ? 'lang-zh' : 'lang-en'}
              aria-pressed={i18n.language === lng}
              className={i18n.language === lng ? 'active' : undefined}
              onClick={() => setLanguage(lng)}
            >
              {t(`language.${lng}`)}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
