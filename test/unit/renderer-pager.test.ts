// The library's pager: a keystroke's query is sent once, ahead of the render that shows it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HoldfastApi, ListItemsInput } from '../../main/api/contract.js';
import { DEFAULT_LIBRARY } from '../../renderer/src/route.js';
import { libraryFilters, startPager, takePager } from '../../renderer/src/pager.js';

function countingApi() {
  const calls: ListItemsInput[] = [];
  const api = {
    'items.list': async (input: ListItemsInput) => {
      calls.push(input);
      return { total: 1, items: [] };
    },
  } as unknown as HoldfastApi;
  return { api, calls };
}

afterEach(() => vi.useRealTimers());

describe('pager started by a keystroke', () => {
  it('is the one the library page takes up: one request per keystroke, not two', () => {
    const { api, calls } = countingApi();
    const filters = libraryFilters(DEFAULT_LIBRARY, ' 飞天 ');
    expect(filters).toEqual({ sort: 'acquired', order: 'desc', query: '飞天' });
    startPager(api, filters);
    expect(calls).toHaveLength(1); // sent before any render
    const pager = takePager(api, { ...filters });
    expect(calls).toHaveLength(1);
    expect(pager.filters).toEqual(filters);
    // Taken once: the next page for the same filters (a reload) asks again.
    takePager(api, filters);
    expect(calls).toHaveLength(2);
  });

  it('is not reused once stale, and other filters get their own', () => {
    vi.useFakeTimers();
    const { api, calls } = countingApi();
    const a = libraryFilters(DEFAULT_LIBRARY, 'dragon');
    startPager(api, a);
    takePager(api, libraryFilters({ ...DEFAULT_LIBRARY, chain: 'polygon' }, 'dragon'));
    expect(calls.map((c) => c.chain ?? null)).toEqual([null, 'polygon']);
    vi.advanceTimersByTime(5000);
    takePager(api, a);
    expect(calls).toHaveLength(3);
  });
});
