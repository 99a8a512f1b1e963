// Where the user is lives in the URL hash, so back/forward, reload and links all work:
//   #/?q=龙&platform=huanhe&account=a1&chain=至信链&collection=…&media=image&level=3&held=0
//       &failed=1&sort=name&order=asc&view=list          the library, with its filters
//   #/item/<id>?q=龙&…                                   an item (the library state stays under it)
//   #/collections  #/accounts  #/sync  #/bundles  #/settings   the other pages
import { useCallback, useEffect, useState } from 'react';
import type { ListItemsInput, MediaType } from '../../main/api/contract.js';

export type SortKey = NonNullable<ListItemsInput['sort']>;
export type SortOrder = NonNullable<ListItemsInput['order']>;
export type ViewMode = 'grid' | 'list';

export const MEDIA_TYPES: readonly MediaType[] = ['image', 'model', 'video', 'audio', 'html', 'other'];
export const SORT_KEYS: readonly SortKey[] = ['acquired', 'name', 'platform', 'chain'];
export const EVIDENCE_LEVELS = [3, 2, 1, 0] as const;

/** The pages of the app, in the order of the navigation. Features add theirs here. */
export const PAGES = ['library', 'collections', 'accounts', 'sync', 'bundles', 'settings'] as const;
export type PageId = (typeof PAGES)[number];

export interface LibraryState {
  query: string;
  platform: string | null;
  accountId: string | null;
  chain: string | null;
  collection: string | null;
  mediaType: MediaType | null;
  evidenceLevel: number | null;
  held: boolean | null;
  syncFailed: boolean | null;
  sort: SortKey;
  order: SortOrder;
  view: ViewMode;
}

export interface Route {
  page: PageId;
  library: LibraryState;
  itemId: string | null;
}

export const DEFAULT_LIBRARY: LibraryState = {
  query: '',
  platform: null,
  accountId: null,
  chain: null,
  collection: null,
  mediaType: null,
  evidenceLevel: null,
  held: null,
  syncFailed: null,
  sort: 'acquired',
  order: 'desc',
  view: 'grid',
};

/** The natural direction for each sort: newest first, names A→Z. */
export function defaultOrder(sort: SortKey): SortOrder {
  return sort === 'acquired' ? 'desc' : 'asc';
}

const flag = (value: string | null): boolean | null => (value === '1' ? true : value === '0' ? false : null);

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const qIndex = raw.indexOf('?');
  const path = qIndex >= 0 ? raw.slice(0, qIndex) : raw;
  const params = new URLSearchParams(qIndex >= 0 ? raw.slice(qIndex + 1) : '');
  const sortParam = params.get('sort');
  const sort = SORT_KEYS.includes(sortParam as SortKey) ? (sortParam as SortKey) : DEFAULT_LIBRARY.sort;
  const orderParam = params.get('order');
  const media = params.get('media');
  const level = params.get('level');
  const library: LibraryState = {
    query: params.get('q') ?? '',
    platform: params.get('platform') || null,
    accountId: params.get('account') || null,
    chain: params.get('chain') || null,
    collection: params.get('collection') || null,
    mediaType: MEDIA_TYPES.includes(media as MediaType) ? (media as MediaType) : null,
    evidenceLevel: level !== null && /^[0-3]$/.test(level) ? Number(level) : null,
    held: flag(params.get('held')),
    syncFailed: flag(params.get('failed')),
    sort,
    order: orderParam === 'asc' || orderParam === 'desc' ? orderParam : defaultOrder(sort),
    view: params.get('view') === 'list' ? 'list' : 'grid',
  };
  const itemMatch = /^\/item\/(.+)$/.exec(path);
  let itemId: string | null = null;
  if (itemMatch?.[1]) {
    try {
      itemId = decodeURIComponent(itemMatch[1]);
    } catch {
      itemId = itemMatch[1];
    }
  }
  const pageName = /^\/([a-z]+)\/?$/.exec(path)?.[1];
  const page: PageId = itemId ? 'library' : PAGES.includes(pageName as PageId) ? (pageName as PageId) : 'library';
  return { page, library, itemId };
}

export function formatHash(route: Route): string {
  const s = route.library;
  const params = new URLSearchParams();
  if (s.query) params.set('q', s.query);
  if (s.platform) params.set('platform', s.platform);
  if (s.accountId) params.set('account', s.accountId);
  if (s.chain) params.set('chain', s.chain);
  if (s.collection) params.set('collection', s.collection);
  if (s.mediaType) params.set('media', s.mediaType);
  if (s.evidenceLevel !== null) params.set('level', String(s.evidenceLevel));
  if (s.held !== null) params.set('held', s.held ? '1' : '0');
  if (s.syncFailed !== null) params.set('failed', s.syncFailed ? '1' : '0');
  if (s.sort !== DEFAULT_LIBRARY.sort) params.set('sort', s.sort);
  if (s.order !== defaultOrder(s.sort)) params.set('order', s.order);
  if (s.view !== DEFAULT_LIBRARY.view) params.set('view', s.view);
  const query = params.toString();
  const path = route.itemId ? `/item/${encodeURIComponent(route.itemId)}` : route.page === 'library' ? '/' : `/${route.page}`;
  // Other pages keep the library's state in their URL too, so coming back restores it.
  return `#${path}${query ? `?${query}` : ''}`;
}

/** Filters other than the search text are set. */
export function hasFilters(s: LibraryState): boolean {
  return Boolean(
    s.query || s.platform || s.accountId || s.chain || s.collection || s.mediaType || s.evidenceLevel !== null || s.held !== null || s.syncFailed !== null,
  );
}

export const NO_FILTERS: Pick<LibraryState, 'platform' | 'accountId' | 'chain' | 'collection' | 'mediaType' | 'evidenceLevel' | 'held' | 'syncFailed'> = {
  platform: null,
  accountId: null,
  chain: null,
  collection: null,
  mediaType: null,
  evidenceLevel: null,
  held: null,
  syncFailed: null,
};

export interface HashRouter {
  route: Route;
  /** Increments whenever the route changed from outside (back/forward, a typed URL). */
  externalChanges: number;
  navigate(route: Route, options?: { replace?: boolean }): void;
}

export function useHashRouter(): HashRouter {
  const [state, setState] = useState(() => ({ route: parseHash(window.location.hash), externalChanges: 0 }));

  useEffect(() => {
    const onChange = () =>
      setState((prev) => ({ route: parseHash(window.location.hash), externalChanges: prev.externalChanges + 1 }));
    window.addEventListener('popstate', onChange);
    window.addEventListener('hashchange', onChange);
    return () => {
      window.removeEventListener('popstate', onChange);
      window.removeEventListener('hashchange', onChange);
    };
  }, []);

  const navigate = useCallback((route: Route, options?: { replace?: boolean }) => {
    const hash = formatHash(route);
    if (hash !== window.location.hash) {
      if (options?.replace) window.history.replaceState(window.history.state, '', hash);
      else window.history.pushState(null, '', hash);
    }
    setState((prev) => ({ route: parseHash(hash), externalChanges: prev.externalChanges }));
  }, []);

  return { route: state.route, externalChanges: state.externalChanges, navigate };
}
