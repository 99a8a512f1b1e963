import type { ComponentType, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiEvent } from '../../../main/api/contract.js';
import { chooseLanguage } from '../language.js';
import { LANGUAGES } from '../i18n/index.js';
import { PAGES, type PageId } from '../route.js';
import { AccountsIcon, CloseIcon, CollectionsIcon, ExportIcon, LibraryIcon, LogoMark, SearchIcon, SettingsIcon, SyncIcon } from './icons.js';

type SyncProgress = Extract<ApiEvent, { type: 'sync.progress' }>;

const PAGE_ICONS: Record<PageId, ComponentType<{ size?: number }>> = {
  library: LibraryIcon,
  collections: CollectionsIcon,
  accounts: AccountsIcon,
  sync: SyncIcon,
  bundles: ExportIcon,
  settings: SettingsIcon,
};

interface TopBarProps {
  page: PageId;
  query: string;
  onQuery(query: string): void;
  searchRef: Ref<HTMLInputElement>;
  sync: SyncProgress | null;
  onPage(page: PageId): void;
  onHome(): void;
}

export function TopBar({ page, query, onQuery, searchRef, sync, onPage, onHome }: TopBarProps) {
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

      <nav className="pages" aria-label={t('nav.label')}>
        {PAGES.map((id) => {
          const Icon = PAGE_ICONS[id];
          return (
            <a
              key={id}
              href={id === 'library' ? '#/' : `#/${id}`}
              className={`page-link${page === id ? ' active' : ''}`}
              aria-current={page === id ? 'page' : undefined}
              data-testid={`nav-${id}`}
              title={t(`nav.${id}`)}
              onClick={(e) => {
                e.preventDefault();
                onPage(id);
              }}
            >
              <Icon size={17} />
              <span className="page-link-label">{t(`nav.${id}`)}</span>
              {id === 'sync' && sync ? <span className="nav-busy" aria-hidden /> : null}
            </a>
          );
        })}
      </nav>

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
          <button type="button" className="sync-status" role="status" onClick={() => onPage('sync')}>
            <span className="spinner" aria-hidden />
            {sync.phase === 'listing' ? t('sync.listing') : t('sync.progress', { done: sync.itemsDone, total: sync.itemsListed })}
          </button>
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
              onClick={() => chooseLanguage(lng)}
            >
              {t(`language.${lng}`)}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
