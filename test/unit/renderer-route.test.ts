// The library's state lives in the address: every filter, the search, sort, view and the open
// item survive a round trip through the hash; defaults stay out of it; junk is ignored.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIBRARY, formatHash, parseHash, type Route } from '../../renderer/src/route.js';

describe('the address of the library', () => {
  it('keeps every filter, the search, sort, view and item through a round trip', () => {
    const route: Route = {
      page: 'library',
      itemId: 'a/b c',
      library: {
        query: '敦煌 "飞天 #12"&x=1',
        platform: 'demo-yuncang',
        accountId: 'acc 1',
        chain: '至信链',
        collection: '器物之美 & Co',
        mediaType: 'model',
        evidenceLevel: 0,
        held: false,
        syncFailed: true,
        sort: 'chain',
        order: 'desc',
        view: 'list',
      },
    };
    expect(parseHash(formatHash(route))).toEqual(route);
  });

  it('writes nothing for the defaults and names each page', () => {
    expect(formatHash({ page: 'library', itemId: null, library: DEFAULT_LIBRARY })).toBe('#/');
    expect(formatHash({ page: 'collections', itemId: null, library: DEFAULT_LIBRARY })).toBe('#/collections');
    expect(parseHash('#/settings').page).toBe('settings');
    // Name sorts A→Z by default, so only a reversed name sort writes an order.
    expect(formatHash({ page: 'library', itemId: null, library: { ...DEFAULT_LIBRARY, sort: 'name', order: 'asc' } })).toBe('#/?sort=name');
  });

  it('ignores what it does not understand', () => {
    const { page, library, itemId } = parseHash('#/nowhere?media=hologram&level=9&held=maybe&sort=price&order=up&view=3d&failed=x');
    expect(page).toBe('library');
    expect(itemId).toBeNull();
    expect(library).toEqual(DEFAULT_LIBRARY);
  });
});
