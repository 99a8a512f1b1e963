// The library: filters on the left, the items as a grid or a list, the item page over it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainSummary, ItemSummary } from '../../../main/api/contract.js';
import { api } from '../api/index.js';
import { useApp } from '../app-context.js';
import { ItemDetailView } from '../components/ItemDetailView.js';
import { ItemGrid } from '../components/ItemGrid.js';
import type { ItemGridHandle } from '../components/ItemGrid.js';
import { ItemList } from '../components/ItemList.js';
import { Sidebar } from '../components/Sidebar.js';
import { EmptyState, ErrorState, LoadingState, errorMessage } from '../components/States.js';
import { CloseIcon, GridViewIcon, ListViewIcon, SortOrderIcon } from '../components/icons.js';
import { ItemPager, filtersKey, libraryFilters, takePager } from '../pager.js';
import type { ListFilters } from '../pager.js';
import { NO_FILTERS, SORT_KEYS, defaultOrder } from '../route.js';
import type { LibraryState, SortKey } from '../route.js';

interface LibraryPageProps {
  /** The search box as typed (ahead of the URL, which follows after a pause). */
  query: string;
  onQuery(query: string): void;
}

export function LibraryPage({ query, onQuery }: LibraryPageProps) {
  const { t } = useTranslation();
  const { route, navigate, platforms, accounts, platformById, accountById, platformLabel, reloadToken } = useApp();
  const lib = route.library;
  const routeRef = useRef(route);
  routeRef.current = route;

  const updateLibrary = useCallback(
    (patch: Partial<LibraryState>) => navigate({ page: 'library', library: { ...routeRef.current.library, ...patch }, itemId: null }),
    [navigate],
  );

  const clearFilters = useCallback(() => updateLibrary(NO_FILTERS), [updateLibrary]);

  // Chains for the filter list (small: one row per chain).
  const [chains, setChains] = useState<ChainSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    api['chains.list']().then(
      (c) => live && setChains(c),
      () => live && setChains(null),
    );
    return () => {
      live = false;
    };
  }, [reloadToken]);

  // ── Items: one pager per filter set; the last complete result stays up while the next loads ──
  const filterKey = filtersKey(libraryFilters(lib, query));
  const [pager, setPager] = useState<ItemPager | null>(null);
  const [shown, setShown] = useState<ItemPager | null>(null);
  const [, setSignature] = useState('');

  const pagerReloadToken = useRef(reloadToken);
  useEffect(() => {
    // A pager started by a keystroke is taken up, unless the library changed since (reload).
    const filters = JSON.parse(filterKey) as ListFilters;
    const reloaded = pagerReloadToken.current !== reloadToken;
    pagerReloadToken.current = reloadToken;
    const next = reloaded ? new ItemPager(api, filters) : takePager(api, filters);
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

  // ── Opening and closing an item ───────────────────────────────────────────────────────
  const gridRef = useRef<ItemGridHandle>(null);
  const openedFromList = useRef(false);
  const lastOpenedIndex = useRef<number | null>(null);

  const openItem = useCallback(
    (item: ItemSummary, index: number) => {
      openedFromList.current = true;
      lastOpenedIndex.current = index;
      navigate({ page: 'library', library: routeRef.current.library, itemId: item.id });
    },
    [navigate],
  );

  const closeItem = useCallback(() => {
    if (openedFromList.current) {
      openedFromList.current = false;
      window.history.back();
    } else navigate({ page: 'library', library: routeRef.current.library, itemId: null });
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

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && routeRef.current.itemId && !e.defaultPrevented) {
        e.preventDefault();
        closeItem();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [closeItem]);

  // ── Active filters the sidebar may not show (a collection picked on its page) ───────────
  const chips = useMemo(() => {
    const list: Array<{ key: keyof LibraryState; label: string }> = [];
    if (lib.collection) list.push({ key: 'collection', label: t('filters.chipCollection', { name: lib.collection }) });
    if (lib.chain) list.push({ key: 'chain', label: t('filters.chipChain', { name: lib.chain }) });
    if (lib.accountId) list.push({ key: 'accountId', label: t('filters.chipAccount', { name: accountById.get(lib.accountId)?.name ?? lib.accountId }) });
    if (lib.platform) list.push({ key: 'platform', label: t('filters.chipPlatform', { name: platformLabel(lib.platform) }) });
    if (lib.syncFailed) list.push({ key: 'syncFailed', label: t('filters.syncFailed') });
    return list;
  }, [lib, t, accountById, platformLabel]);

  // ── Main area ─────────────────────────────────────────────────────────────────────────
  let content;
  const total = display?.total ?? null;
  const resetKey = display ? JSON.stringify(display.filters) : '';
  if (!display || (!display.ready && total === null)) content = <LoadingState />;
  else if (total === null) content = <ErrorState error={display.error} onRetry={() => display.retry()} />;
  else if (total === 0) {
    const f = display.filters;
    const filtered = Object.entries(f).some(([k, v]) => k !== 'sort' && k !== 'order' && v !== undefined);
    content = filtered ? (
      <EmptyState
        title={f.query ? t('state.noResultsQuery', { query: f.query }) : t('state.noResultsTitle')}
        body={t('state.noResultsBody')}
        action={
          <button
            type="button"
            className="button"
            onClick={() => {
              onQuery('');
              navigate({ page: 'library', library: { ...lib, ...NO_FILTERS, query: '' }, itemId: null });
            }}
          >
            {t('filters.clearAll')}
          </button>
        }
      />
    ) : (
      <EmptyState
        title={t('state.emptyTitle')}
        body={t('state.emptyBody')}
        action={
          <button type="button" className="button" onClick={() => navigate({ page: 'accounts', library: lib, itemId: null })}>
            {t('state.emptyAction')}
          </button>
        }
      />
    );
  } else if (lib.view === 'list')
    content = <ItemList ref={gridRef} pager={display} total={total} platformLabel={platformLabel} onOpen={openItem} resetKey={resetKey} />;
  else content = <ItemGrid ref={gridRef} pager={display} total={total} platformLabel={platformLabel} onOpen={openItem} resetKey={resetKey} />;

  const pageError = display && display.total !== null && display.error ? display.error : null;

  return (
    <>
      <div className="library" inert={route.itemId ? true : undefined}>
        <Sidebar
          state={lib}
          platforms={platforms}
          accounts={accounts}
          chains={chains}
          onChange={updateLibrary}
          onClear={clearFilters}
        />
        <main className="main">
          <div className="toolbar">
            <span className="result-count" data-testid="result-count" data-query={display?.ready ? (display.filters.query ?? '') : undefined} aria-live="polite">
              {total !== null ? t('results.count', { count: total }) : '\u00a0'}
            </span>
            {updating ? <span className="spinner" aria-hidden /> : null}
            {chips.map((chip) => (
              <span className="chip" key={chip.key} data-testid={`chip-${chip.key}`}>
                <span className="chip-label">{chip.label}</span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('filters.remove', { name: chip.label })}
                  title={t('filters.remove', { name: chip.label })}
                  onClick={() => updateLibrary({ [chip.key]: null })}
                >
                  <CloseIcon />
                </button>
              </span>
            ))}
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
              <div className="segmented" role="group" aria-label={t('view.label')}>
                <button
                  type="button"
                  data-testid="view-grid"
                  aria-pressed={lib.view === 'grid'}
                  className={lib.view === 'grid' ? 'active' : undefined}
                  title={t('view.grid')}
                  aria-label={t('view.grid')}
                  onClick={() => updateLibrary({ view: 'grid' })}
                >
                  <GridViewIcon />
                </button>
                <button
                  type="button"
                  data-testid="view-list"
                  aria-pressed={lib.view === 'list'}
                  className={lib.view === 'list' ? 'active' : undefined}
                  title={t('view.list')}
                  aria-label={t('view.list')}
                  onClick={() => updateLibrary({ view: 'list' })}
                >
                  <ListViewIcon />
                </button>
              </div>
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
      {route.itemId ? <ItemDetailView key={route.itemId} itemId={route.itemId} platforms={platformById} accounts={accountById} onClose={closeItem} /> : null}
    </>
  );
}
