// Which items an export covers: everything, one account, one collection, a search result, or a
// hand-picked list — combined with AND when several are given. Read through the catalog's own
// listing, so "a search result" means exactly what the search box shows.
import type { ItemSummary } from '../../api/contract.js';
import { getAccount } from '../db/accounts.js';
import type { Db } from '../db/catalog.js';
import { listItems } from '../db/items.js';
import { HoldfastError, notFound } from '../errors.js';
import type { BundleSelection } from './holdings-format.js';

export interface ExportSelection {
  accountId?: string;
  query?: string;
  collection?: string;
  itemIds?: string[];
}

export function normalizeSelection(s: ExportSelection): BundleSelection {
  return {
    accountId: s.accountId ?? null,
    query: s.query?.trim() || null,
    collection: s.collection ?? null,
    itemIds: s.itemIds ? [...new Set(s.itemIds)].sort() : null,
  };
}

/** The selected items' summaries, sorted by id (the order of holdings.json). */
export function selectItems(db: Db, selection: BundleSelection): ItemSummary[] {
  if (selection.accountId !== null && !getAccount(db, selection.accountId)) throw notFound(`account ${JSON.stringify(selection.accountId)}`);
  const found: ItemSummary[] = [];
  const PAGE = 500;
  for (let offset = 0; ; offset += PAGE) {
    const page = listItems(db, {
      accountId: selection.accountId ?? undefined,
      query: selection.query ?? undefined,
      sort: 'name',
      order: 'asc',
      offset,
      limit: PAGE,
    });
    found.push(...page.items);
    if (page.items.length < PAGE) break;
  }
  let items = found;
  if (selection.collection !== null) items = items.filter((i) => i.collection === selection.collection);
  if (selection.itemIds !== null) {
    const byId = new Map(items.map((i) => [i.id, i]));
    const missing = selection.itemIds.filter((id) => !byId.has(id));
    if (missing.length) {
      throw new HoldfastError(
        'not_found',
        `${missing.length} of the chosen items ${missing.length === 1 ? 'is' : 'are'} not in the library${selection.accountId || selection.query || selection.collection ? ' (or not in the rest of the selection)' : ''}: ${missing.slice(0, 5).join(', ')}`,
      );
    }
    items = selection.itemIds.map((id) => byId.get(id)!);
  }
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
