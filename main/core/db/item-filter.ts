// Turns the library's filters and search text into SQL over `items i`: the WHERE clause of the
// filters, and for the search text a set of matching rowids built only from indexes, so neither
// a count nor a page ever scans the table (see listItems for how the two are combined).
import type { ListItemsInput } from '../../api/contract.js';

/** items_fts (trigram) answers terms of three or more characters; items_chars (one token per
 *  character) answers shorter ones as a phrase of adjacent characters. */
const TRIGRAM = 3;

const quoteFts = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Splits what the user typed into terms: whitespace separates; quotes keep a phrase together. */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  for (const match of query.matchAll(/"([^"]+)"|(\S+)/g)) {
    const term = (match[1] ?? match[2] ?? '').trim();
    if (term) terms.push(term);
  }
  return terms.slice(0, 12);
}

/** A term as a phrase of single characters for items_chars; whitespace inside a quoted phrase
 *  stands for the word separator the index spells as 'ǀ'. */
function charPhrase(term: string): string {
  return quoteFts([...term].map((c) => (/\s/.test(c) ? 'ǀ' : c)).join(' '));
}

export interface ItemFilter {
  /** `WHERE …` over `items i` for everything (filters and search), or ''. */
  where: string;
  params: Record<string, unknown>;
  /** `WHERE …` for the filters other than search, or ''. */
  filterWhere: string;
  /** A compound SELECT of the rowids (one column) that match the search text, or null. */
  matchSet: string | null;
}

export function buildItemFilter(input: ListItemsInput): ItemFilter {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  const equal = (column: string, key: string, value: unknown) => {
    clauses.push(`${column} = @${key}`);
    params[key] = value;
  };
  if (input.accountId !== undefined) equal('i.account_id', 'accountId', input.accountId);
  if (input.platform !== undefined) equal('i.platform_id', 'platform', input.platform);
  if (input.chain !== undefined) equal('i.chain', 'chain', input.chain);
  if (input.collection !== undefined) equal('i.collection', 'collection', input.collection);
  if (input.mediaType !== undefined) equal('i.media_type', 'mediaType', input.mediaType);
  if (input.evidenceLevel !== undefined) equal('i.evidence_level', 'evidenceLevel', input.evidenceLevel);
  if (input.held !== undefined) equal('i.held', 'held', input.held ? 1 : 0);
  if (input.syncFailed !== undefined) clauses.push(input.syncFailed ? 'i.sync_error IS NOT NULL' : 'i.sync_error IS NULL');

  // Terms of each length class go into one MATCH of their index (FTS5 ANDs them while walking
  // the posting lists, far cheaper than intersecting materialized sets); the two classes, and
  // identifiers, are intersected.
  const terms = searchTerms(input.query ?? '');
  const long = terms.filter((t) => [...t].length >= TRIGRAM);
  const short = terms.filter((t) => [...t].length < TRIGRAM);
  const sets: string[] = [];
  if (long.length) {
    sets.push('SELECT rowid AS r FROM items_fts WHERE items_fts MATCH @ftsLong');
    params.ftsLong = long.map(quoteFts).join(' AND ');
  }
  if (short.length) {
    sets.push('SELECT rowid AS r FROM items_chars WHERE items_chars MATCH @ftsShort');
    params.ftsShort = short.map(charPhrase).join(' AND ');
  }
  // Identifiers people paste: a contract or transaction hash (0x…), or a token id typed on its
  // own. They match exactly, through their indexes, as an alternative to the text match.
  const id = terms.length === 1 ? terms[0]! : null;
  if (id !== null && /^(0x[0-9a-fA-F]+|\d+)$/.test(id)) {
    params.searchId = id;
    const text = sets.pop()!;
    sets.push(
      `SELECT r FROM (${text} UNION SELECT rowid FROM items WHERE token_id = @searchId
         UNION SELECT rowid FROM items WHERE lower(contract) = lower(@searchId)
         UNION SELECT rowid FROM items WHERE lower(tx_hash) = lower(@searchId))`,
    );
  }
  const matchSet = sets.length ? sets.join(' INTERSECT ') : null;

  const filterWhere = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const all = matchSet ? [...clauses, `i.rowid IN (${matchSet})`] : clauses;
  return { where: all.length ? `WHERE ${all.join(' AND ')}` : '', params, filterWhere, matchSet };
}
