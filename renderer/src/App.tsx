import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, ApiEvent, ItemSummary, Platform } from '../../main/api/contract.js';
import { api } from './api/index.js';
import { EmptyState, ErrorState, LoadingState, errorMessage } from './components/States.js';
import { ItemDetailView } from './components/ItemDetailView.js';
import { ItemGrid } from './components/ItemGrid.js';
import type { ItemGridHandle } from './components/ItemGrid.js';
import { Sidebar } from './components/Sidebar.js';
import { TopBar } from './components/TopBar.js';
import { SortOrderIcon } from './components/icons.js';
import { platformName } from './format.js';
import { ItemPager } from './pager.js';
import type { ListFilters } from './pager.js';
import { DEFAULT_LIBRARY, SORT_KEYS, defaultOrder, useHashRouter } from './route.js';
import type { LibraryState, SortKey } from './route.js';

const SEARCH_DEBOUNCE_MS = 150;
/** Keystrokes this close together edit one history entry instead of adding one each. */
const TYPING_BURST_MS = 1500;
const RELOAD_DEBOUNCE_MS = 300;

type SyncProgress = Extract<ApiEvent, { type: 'sync.progress' }>;

function toFilters(s: LibraryState): ListFilters {
  const f: ListFilters = { sort: s.sort, order: s.order };
  const query = s.query.trim().slice(0, 200);
  if (query) f.query = query;
  if (s.platform) f.platform = s.platform;
  if (s.accountId) f.accountId = s.accountId;
  if (s.mediaType) f.mediaType = s.mediaType;
  if (s.evidenceLevel !== null) f.evidenceLevel = s.evidenceLevel;
  if (s.held !== null) f.held = s.held;
  return f;
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function App() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { route, externalChanges, navigate } = useHashRouter();
  const routeRef = useRef(route);
  routeRef.current = route;
  const lib = route.library;

  // ── Search box: local while typing, into the URL after a short pause ────────────────────
  const [queryInput, setQueryInput] = useState(lib.query);
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
      navigate({ library: { ...routeRef.current.library, query: queryInput }, itemId: null }, { replace });
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [queryInput, navigate]);

  const updateLibrary = useCallback(
    (patch: Partial<LibraryState>) => navigate({ library: { ...routeRef.current.library, ...patch }, itemId: null }),
    [navigate],
  );

  // ── Platforms and accounts for the sidebar ────────────────────────────────────────────
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

  const platformById = useMemo(() => new Map((platforms ?? []).map((p) => [p.id, p])), [platforms]);
  const accountById = useMemo(() => new Map((accounts ?? []).map((a) => [a.id, a])), [accounts]);
  const platformLabel = useCallback((id: string) => platformName(platformById.get(id), id, lang), [platformById, lang]);

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

  // ── Items: one pager per filter set; the last complete result stays up while the next loads ──
  const filters = useMemo(() => toFilters(lib), [lib]);
  const filterKey = JSON.stringify(filters);
  const [pager, setPager] = useState<ItemPager | null>(null);
  const [shown, setShown] = useState<ItemPager | null>(null);
  const [, setSignature] = useState('');

  useEffect(() => {
    const next = new ItemPager(api, JSON.parse(filterKey) as ListFilters);
    setPager(next);
    const unsubscribe = next.subscribe(() => {
      if (next.ready) setShown(next);
      setSignature(`${next.total}|${next.error ? 'error' : ''}`);
    });
    return () => {
      unsubscribe();
      next.dispose();
    };
  }, [filterKey, reloadToken]);

  const display = shown ?? pager;
  const updating = pager !== null && shown !== null && shown !== pager;

  // ── Detail open/close ─────────────────────────────────────────────────────────────────
  const gridRef = useRef<ItemGridHandle>(null);
  const openedFromList = useRef(false);
  const lastOpenedIndex = useRef<number | null>(null);

  const openItem = useCallback(
    (item: ItemSummary, index: number) => {
      openedFromList.current = true;
      lastOpenedIndex.current = index;
      navigate({ library: routeRef.current.library, itemId: item.id });
    },
    [navigate],
  );

  const closeItem = useCallback(() => {
    if (openedFromList.current) {
      openedFromList.current = false;
      window.history.back();
    } else navigate({ library: routeRef.current.library, itemId: null });
  }, [navigate]);

  useEffect(() => {
    if (route.itemId === null && lastOpenedIndex.current !== null) {
      gridRef.current?.focusIndex(lastOpenedIndex.current);
      lastOpenedIndex.current = null;
    }
    if (route.itemId === null) openedFromList.current = false;
  }, [route.itemId]);

  useEffect(() => {
    if (!route.itemId) document.title = t('app.title');
  }, [route.itemId, t]);

  // ── Global keys: "/" to search, Escape to close the detail ───────────────────────────
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(e.target)) {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'Escape' && routeRef.current.itemId && !e.defaultPrevented) {
        e.preventDefault();
        closeItem();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [closeItem]);

  // ── Main area ─────────────────────────────────────────────────────────────────────────
  let content;
  const total = display?.total ?? null;
  if (!display || (!display.ready && total === null)) content = <LoadingState />;
  else if (total === null) content = <ErrorState error={display.error} onRetry={() => display.retry()} />;
  else if (total === 0) {
    const f = display.filters;
    const filtered = [f.query, f.platform, f.accountId, f.mediaType, f.evidenceLevel, f.held].some((v) => v !== undefined);
    content = filtered ? (
      <EmptyState
        title={f.query ? t('state.noResultsQuery', { query: f.query }) : t('state.noResultsTitle')}
        body={t('state.noResultsBody')}
        action={
          <button
            type="button"
            className="button"
            onClick={() => {
              setQueryInput('');
              navigate({ library: { ...DEFAULT_LIBRARY, sort: lib.sort, order: lib.order }, itemId: null });
            }}
          >
            {t('filters.clearAll')}
          </button>
        }
      />
    ) : (
      <EmptyState title={t('state.emptyTitle')} body={t('state.emptyBody')} />
    );
  } else
    content = (
      <ItemGrid
        ref={gridRef}
        pager={display}
        total={total}
        platformLabel={platformLabel}
        onOpen={openItem}
        resetKey={JSON.stringify(display.filters)}
      />
    );

  const pageError = display && display.total !== null && display.error ? display.error : null;

  return (
    <div className="app">
      <TopBar
        query={queryInput}
        onQuery={setQueryInput}
        searchRef={searchRef}
        sync={sync}
        onHome={() => {
          setQueryInput('');
          navigate({ library: DEFAULT_LIBRARY, itemId: null });
        }}
      />
      <div className="body">
        <div className="library" inert={route.itemId ? true : undefined}>
          <Sidebar
            state={lib}
            platforms={platforms}
            accounts={accounts}
            onChange={updateLibrary}
            onClear={() => updateLibrary({ platform: null, accountId: null, mediaType: null, evidenceLevel: null, held: null })}
          />
          <main className="main">
            <div className="toolbar">
              <span className="result-count" data-testid="result-count" aria-live="polite">
                {total !== null ? t('results.count', { count: total }) : '\u00a0'}
              </span>
              {updating ? <span className="spinner" aria-hidden /> : null}
              <div className="toolbar-end">
                <label className="sort">
                  <span>{t('sort.label')}</span>
                  <select
                    data-testid="sort-select"
                    value={lib.sort}
                    onChange={(e) => {
                      const sort = e.target.value as SortKey;
                      updateLibrary({ sort, order: defaultOrder(sort) });
                    }}
                  >
                    {SORT_KEYS.map((k) => (
                      <option key={k} value={k}>
                        {t(`sort.${k}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  className="icon-button"
                  data-testid="sort-order"
                  title={`${t(`sort.${lib.order}`)} — ${t('sort.toggleOrder')}`}
                  aria-label={`${t(`sort.${lib.order}`)} — ${t('sort.toggleOrder')}`}
                  onClick={() => updateLibrary({ order: lib.order === 'asc' ? 'desc' : 'asc' })}
                >
                  <SortOrderIcon order={lib.order} />
                </button>
              </div>
            </div>
            {pageError ? (
              <div className="banner" role="alert">
                <span>{errorMessage(pageError, t)}</span>
                <button type="button" className="link-button" onClick={() => display?.retry()}>
                  {t('state.retry')}
                </button>
              </div>
            ) : null}
            {content}
          </main>
        </div>
        {route.itemId ? (
          <ItemDetailView key={route.itemId} itemId={route.itemId} platforms={platformById} accounts={accountById} onClose={closeItem} />
        ) : null}
      </div>
    </div>
  );
}
