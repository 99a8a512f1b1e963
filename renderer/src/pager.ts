// Lazily paged view over `items.list` for one set of filters. Pages of PAGE_SIZE are fetched as
// the grid asks for index ranges, at most MAX_IN_FLIGHT at a time and only while still wanted,
// and kept in a bounded LRU cache, so 100,000 items scroll without ever being loaded at once.
import type { HoldfastApi, ItemSummary, ListItemsInput } from '../../main/api/contract.js';
import type { LibraryState } from './route.js';

export const PAGE_SIZE = 100;
const MAX_CACHED_PAGES = 120;
const MAX_IN_FLIGHT = 2;

export type ListFilters = Omit<ListItemsInput, 'offset' | 'limit'>;

/** What `items.list` is asked for the library's state and the search box as typed. */
export function libraryFilters(s: LibraryState, query: string): ListFilters {
  const f: ListFilters = { sort: s.sort, order: s.order };
  const q = query.trim().slice(0, 200);
  if (q) f.query = q;
  if (s.platform) f.platform = s.platform;
  if (s.accountId) f.accountId = s.accountId;
  if (s.chain) f.chain = s.chain;
  if (s.collection) f.collection = s.collection;
  if (s.mediaType) f.mediaType = s.mediaType;
  if (s.evidenceLevel !== null) f.evidenceLevel = s.evidenceLevel;
  if (s.held !== null) f.held = s.held;
  if (s.syncFailed !== null) f.syncFailed = s.syncFailed;
  return f;
}

/** One string per distinct set of filters. */
export const filtersKey = (filters: ListFilters): string => JSON.stringify(filters);

// Pagers started ahead of the render that shows them: a keystroke sends its query at once,
// while React is still drawing the keystroke, and the library page takes the pager up when it
// renders. Unclaimed ones (the page went elsewhere) are dropped after a moment.
const STARTED_TTL_MS = 2000;
const started = new Map<string, { pager: ItemPager; at: number }>();

function dropStale(now: number): void {
  for (const [key, entry] of started) {
    if (now - entry.at > STARTED_TTL_MS) {
      entry.pager.dispose();
      started.delete(key);
    }
  }
}

/** Starts loading the first page for these filters now; `takePager` hands it over later. */
export function startPager(api: HoldfastApi, filters: ListFilters): void {
  const now = Date.now();
  dropStale(now);
  const key = filtersKey(filters);
  if (!started.has(key)) started.set(key, { pager: new ItemPager(api, filters), at: now });
}

/** The pager started for these filters if there is a fresh one, else a new one. */
export function takePager(api: HoldfastApi, filters: ListFilters): ItemPager {
  dropStale(Date.now()); // an expired one is disposed there, not handed over
  const key = filtersKey(filters);
  const entry = started.get(key);
  started.delete(key);
  return entry?.pager ?? new ItemPager(api, filters);
}

export class ItemPager {
  total: number | null = null;
  error: unknown = null;
  version = 0;
  private readonly pages = new Map<number, ItemSummary[]>();
  private readonly inFlight = new Set<number>();
  private wanted: number[] = [0];
  private disposed = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: HoldfastApi,
    readonly filters: ListFilters,
  ) {
    this.pump();
  }

  get ready(): boolean {
    return this.total !== null || this.error !== null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  get(index: number): ItemSummary | undefined {
    const page = this.pages.get(Math.floor(index / PAGE_SIZE));
    return page?.[index % PAGE_SIZE];
  }

  /** Makes sure the items in [start, end] (inclusive) are loaded or on their way. */
  ensureRange(start: number, end: number): void {
    if (this.disposed) return;
    const last = this.total === null ? end : Math.min(end, this.total - 1);
    if (last < start) return;
    const wanted: number[] = [];
    for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
      const page = this.pages.get(p);
      if (page) {
        // Touch: most recently used pages are evicted last.
        this.pages.delete(p);
        this.pages.set(p, page);
      } else wanted.push(p);
    }
    this.wanted = wanted;
    this.pump();
  }

  retry(): void {
    if (this.disposed) return;
    this.error = null;
    if (this.total === null) this.wanted = [0];
    this.changed();
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private pump(): void {
    for (const page of this.wanted) {
      if (this.inFlight.size >= MAX_IN_FLIGHT || this.error) break;
      if (this.pages.has(page) || this.inFlight.has(page)) continue;
      void this.load(page);
    }
  }

  private async load(page: number): Promise<void> {
    this.inFlight.add(page);
    try {
      const { total, items } = await this.api['items.list']({ ...this.filters, offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (this.disposed) return;
      this.total = total;
      this.pages.set(page, items);
      while (this.pages.size > MAX_CACHED_PAGES) {
        const oldest = this.pages.keys().next().value as number;
        this.pages.delete(oldest);
      }
    } catch (err) {
      if (this.disposed) return;
      this.error = err;
    } finally {
      this.inFlight.delete(page);
    }
    this.wanted = this.wanted.filter((p) => p !== page);
    this.changed();
    this.pump();
  }

  private changed(): void {
    this.version++;
    for (const l of [...this.listeners]) l();
  }
}
