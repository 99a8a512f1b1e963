// Library state lives in the URL hash so back/forward, reload and links all work:
//   #/?q=龙&platform=huanhe&account=a1&media=image&level=3&held=0&sort=name&order=asc
//   #/item/<id>?q=龙&platform=huanhe   (the detail keeps the library state underneath it)
import { useCallback, useEffect, useState } from 'react';
import type { ListItemsInput, MediaType } from '../../main/api/contract.js';

export type SortKey = NonNullable<ListItemsInput['sort']>;
export type SortOrder = NonNullable<ListItemsInput['order']>;

export const MEDIA_TYPES: readonly MediaType[] = ['image', 'model', 'video', 'audio', 'html', 'other'];
export const SORT_KEYS: readonly SortKey[] = ['acquired', 'name', 'platform', 'chain'];
export const EVIDENCE_LEVELS = [3, 2, 1, 0] as const;

export interface LibraryState {
  query: string;
  platform: string | null;
  accountId: string | null;
  mediaType: MediaType | null;
  evidenceLevel: number | null;
  held: boolean | null;
  sort: SortKey;
  order: SortOrder;
}

export interface Route {
  library: LibraryState;
  itemId: string | null;
}

export const DEFAULT_LIBRARY: LibraryState = {
  query: '',
  platform: null,
  accountId: null,
  mediaType: null,
  evidenceLevel: null,
  held: null,
  sort: 'acquired',
  order: 'desc',
};

/** The natural direction for each sort: newest first, names A→Z. */
export function defaultOrder(sort: SortKey): SortOrder {
  return sort === 'acquired' ? 'desc' : 'asc';
}

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
  const held = params.get('held');
  const library: LibraryState = {
    query: params.get('q') ?? '',
    platform: params.get('platform') || null,
    accountId: params.get('account') || null,
    mediaType: MEDIA_TYPES.includes(media as MediaType) ? (media as MediaType) : null,
    evidenceLevel: level !== null && /^[0-3]$/.test(level) ? Number(level) : null,
    held: held === '1' ? true : held === '0' ? false : null,
    sort,
    order: orderParam === 'asc' || orderParam === 'desc' ? orderParam : defaultOrder(sort),
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
  return { library, itemId };
}

export function formatHash(route: Route): string {
  const s = route.library;
  const params = new URLSearchParams();
  if (s.query) params.set('q', s.query);
  if (s.platform) params.set('platform', s.platform);
  if (s.accountId) params.set('account', s.accountId);
  if (s.mediaType) params.set('media', s.mediaType);
  if (s.evidenceLevel !== null) params.set('level', String(s.evidenceLevel));
  if (s.held !== null) params.set('held', s.held ? '1' : '0');
  if (s.sort !== DEFAULT_LIBRARY.sort) params.set('sort', s.sort);
  if (s.order !== defaultOrder(s.sort)) params.set('order', s.order);
  const query = params.toString();
  const path = route.itemId ? `/item/${encodeURIComponent(route.itemId)}` : '/';
  return `#${path}${query ? `?${query}` : ''}`;
}

export function hasFilters(s: LibraryState): boolean {
  return Boolean(s.query || s.platform || s.accountId || s.mediaType || s.evidenceLevel !== null || s.held !== null);
}

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
