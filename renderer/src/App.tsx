import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, ApiEvent, Platform } from '../../main/api/contract.js';
import { api } from './api/index.js';
import { AppContext, type AppContextValue } from './app-context.js';
import { TopBar } from './components/TopBar.js';
import { platformName } from './format.js';
import { applyLanguageSetting } from './i18n/index.js';
import { AccountsPage } from './pages/AccountsPage.js';
import { BundlesPage } from './pages/BundlesPage.js';
import { CollectionsPage } from './pages/CollectionsPage.js';
import { LibraryPage } from './pages/LibraryPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { SyncPage } from './pages/SyncPage.js';
import { libraryFilters, startPager } from './pager.js';
import { DEFAULT_LIBRARY, NO_FILTERS, useHashRouter } from './route.js';
import type { LibraryState, PageId } from './route.js';

const SEARCH_URL_DEBOUNCE_MS = 250;
/** Keystrokes this close together edit one history entry instead of adding one each. */
const TYPING_BURST_MS = 1500;
const RELOAD_DEBOUNCE_MS = 300;

type SyncProgress = Extract<ApiEvent, { type: 'sync.progress' }>;

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function App() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const { route, externalChanges, navigate } = useHashRouter();
  const routeRef = useRef(route);
  routeRef.current = route;

  // ── Search box: results follow every keystroke; the URL follows after a short pause ─────
  const [queryInput, setQueryInput] = useState(route.library.query);
  const lastQueryNav = useRef(0);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setQueryInput(routeRef.current.library.query);
  }, [externalChanges]);

  useEffect(() => {
    if (queryInput === routeRef.current.library.query) return;
    const timer = window.setTimeout(() => {
      const now = Date.now();
      const replace = now - lastQueryNav.current < TYPING_BURST_MS;
      lastQueryNav.current = now;
      // Only the query changes: an item opened meanwhile stays open.
      navigate({ ...routeRef.current, library: { ...routeRef.current.library, query: queryInput } }, { replace });
    }, SEARCH_URL_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [queryInput, navigate]);

  const onQuery = useCallback(
    (query: string) => {
      // The query goes out now; React draws the keystroke while it travels.
      if (routeRef.current.page === 'library') startPager(api, libraryFilters(routeRef.current.library, query));
      setQueryInput(query);
      // Typing a search from another page shows the library.
      if (routeRef.current.page !== 'library' || routeRef.current.itemId) {
        navigate({ page: 'library', library: routeRef.current.library, itemId: null });
      }
    },
    [navigate],
  );

  // ── The library's platforms and accounts, for every page ─────────────────────────────
  const [platforms, setPlatforms] = useState<Platform[] | null>(null);
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [reloadToken, setReloadToken] = useState(0);

  useEffect(() => {
    let live = true;
    api['platforms.list']().then(
      (p) => live && setPlatforms(p),
      () => live && setPlatforms(null),
    );
    api['accounts.list']().then(
      (a) => live && setAccounts(a),
      () => live && setAccounts(null),
    );
    return () => {
      live = false;
    };
  }, [reloadToken]);

  // The language saved in the library's settings wins over this browser's remembered choice.
  useEffect(() => {
    api['settings.get']().then(
      (s) => applyLanguageSetting(s.language),
      () => undefined,
    );
  }, []);

  // ── Backend events: refresh on library changes, show sync progress ───────────────────
  const [sync, setSync] = useState<SyncProgress | null>(null);
  useEffect(() => {
    let timer: number | undefined;
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'library.changed') {
        window.clearTimeout(timer);
        timer = window.setTimeout(() => setReloadToken((n) => n + 1), RELOAD_DEBOUNCE_MS);
      } else if (event.type === 'sync.progress') {
        setSync(event.phase === 'listing' || event.phase === 'fetching' ? event : null);
      }
    });
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, []);

  // ── Moving around ─────────────────────────────────────────────────────────────────────
  const openLibrary = useCallback(
    (patch: Partial<LibraryState>, options?: { keep?: boolean }) => {
      const base = options?.keep ? routeRef.current.library : { ...routeRef.current.library, ...NO_FILTERS, query: '' };
      const library = { ...base, ...patch };
      setQueryInput(library.query);
      navigate({ page: 'library', library, itemId: null });
    },
    [navigate],
  );
  const openPage = useCallback((page: PageId) => navigate({ page, library: routeRef.current.library, itemId: null }), [navigate]);
  const openItem = useCallback((id: string) => navigate({ page: 'library', library: routeRef.current.library, itemId: id }), [navigate]);

  // "/" focuses the search box from anywhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(e.target)) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const platformById = useMemo(() => new Map((platforms ?? []).map((p) => [p.id, p])), [platforms]);
  const accountById = useMemo(() => new Map((accounts ?? []).map((a) => [a.id, a])), [accounts]);
  const platformLabel = useCallback((id: string) => platformName(platformById.get(id), id, lang), [platformById, lang]);

  const context: AppContextValue = useMemo(
    () => ({ route, platforms, accounts, platformById, accountById, platformLabel, reloadToken, navigate, openLibrary, openPage, openItem }),
    [route, platforms, accounts, platformById, accountById, platformLabel, reloadToken, navigate, openLibrary, openPage, openItem],
  );

  let page;
  switch (route.page) {
    case 'collections':
      page = <CollectionsPage />;
      break;
    case 'accounts':
      page = <AccountsPage />;
      break;
    case 'sync':
      page = <SyncPage />;
      break;
    case 'bundles':
      page = <BundlesPage />;
      break;
    case 'settings':
      page = <SettingsPage />;
      break;
    default:
      page = <LibraryPage query={queryInput} onQuery={setQueryInput} />;
  }

  return (
    <AppContext.Provider value={context}>
      <div className="app">
        <TopBar
          page={route.page}
          query={queryInput}
          onQuery={onQuery}
          searchRef={searchRef}
          sync={sync}
          onPage={openPage}
          onHome={() => {
            setQueryInput('');
            navigate({ page: 'library', library: DEFAULT_LIBRARY, itemId: null });
          }}
        />
        <div className="body">{page}</div>
      </div>
    </AppContext.Provider>
  );
}
