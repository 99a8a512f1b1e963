// Turns the library's filters and search text into one SQL WHERE clause over `items i`.
import type { ListItemsInput } from '../../api/contract.js';

/** The trigram index can only answer terms of three or more characters. */
const TRIGRAM = 3;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
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

export function buildItemFilter(input: ListItemsInput): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (input.accountId !== undefined) {
    clauses.push('i.account_id = @accountId');
    params.accountId = input.accountId;
  }
  if (input.platform !== undefined) {
    clauses.push('i.platform_id = @platform');
    params.platform = input.platform;
  }
  if (input.chain !== undefined) {
    clauses.push('i.chain = @chain');
    params.chain = input.chain;
  }
  if (input.mediaType !== undefined) {
    clauses.push('i.media_type = @mediaType');
    params.mediaType = input.mediaType;
  }
  if (input.evidenceLevel !== undefined) {
    clauses.push('i.evidence_level = @evidenceLevel');
    params.evidenceLevel = input.evidenceLevel;
  }
  if (input.held !== undefined) {
    clauses.push('i.held = @held');
    params.held = input.held ? 1 : 0;
  }
  searchTerms(input.query ?? '').forEach((term, n) => {
    const key = `term${n}`;
    const alternatives: string[] = [];
    if ([...term].length >= TRIGRAM) {
      alternatives.push(`i.rowid IN (SELECT rowid FROM items_fts WHERE items_fts MATCH @${key}Fts)`);
      params[`${key}Fts`] = quoteFts(term);
    } else {
      alternatives.push(
        ...['name', 'creator', 'issuer', 'collection', 'description', 'serial'].map((c) => `i.${c} LIKE @${key}Like ESCAPE '\\'`),
      );
      params[`${key}Like`] = `%${escapeLike(term)}%`;
    }
    // Identifiers people paste: a token id, a contract or transaction hash.
    if (/^(0x[0-9a-fA-F]+|\d+)$/.test(term)) {
      alternatives.push(`i.token_id = @${key}Id OR lower(i.contract) = lower(@${key}Id) OR lower(i.tx_hash) = lower(@${key}Id)`);
      params[`${key}Id`] = term;
    }
    clauses.push(`(${alternatives.join(' OR ')})`);
  });
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
