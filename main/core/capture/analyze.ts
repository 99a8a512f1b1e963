// Capture mode, step 1: from the JSON a platform's pages received, find the arrays that look
// like holdings, and for the best ones work out how the list is paged and which request gives
// an item's details. Pure functions over recorded responses.
//
// An array "looks like holdings" when its entries are objects with an id-like field (distinct
// per entry), and a name-like field or a media URL. Candidates are scored on those, on how many
// entries they have, and on the array's name (list, items, records, assets…).
import { pathOf } from '../connectors/platform/json-path.js';
import type { Match } from '../connectors/platform/profile.js';
import { parseRecorded, type JsonResponse, type RecordedResponse } from './recorded.js';
import { looksSignedOut, signedOutRules } from './signed-out.js';

export type Pagination =
  | { style: 'page'; param: string; first: number; sizeParam?: string; size?: number; totalPath?: string }
  | { style: 'offset'; param: string; sizeParam: string; size: number; totalPath?: string }
  | { style: 'cursor'; param: string; sizeParam?: string; size?: number; nextPath: string }
  | { style: 'none' };

export interface CaptureCandidate {
  /** Stable within one analysis: the list request's path and the array's JSON path. */
  key: string;
  score: number;
  origin: string;
  request: { method: 'GET' | 'POST'; path: string; query: Record<string, string> };
  itemsPath: string;
  idPath: string;
  pagination: Pagination;
  /** Entries seen over all recorded pages, each id once. */
  entries: Array<{ id: string; entry: unknown }>;
  /** The detail request, when one was recorded for an item of this list. */
  detail: { path: string; query: Record<string, string> } | null;
  /** Recorded detail answers by item id. */
  details: Record<string, unknown>;
  /** What the JSON answers have in common when they succeed (e.g. $.code equals 0). */
  ok: { path: string; equals: string | number | boolean } | null;
  /** How the platform says the session has ended (signed-out.ts). */
  signedOut: Match[];
}

export interface Leaf {
  keys: Array<string | number>;
  value: string | number | boolean;
}

/** Every scalar in `value` with its key path, depth-limited. */
export function leaves(value: unknown, prefix: Array<string | number> = [], depth = 6, out: Leaf[] = []): Leaf[] {
  if (depth < 0) return out;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.push({ keys: prefix, value });
  else if (Array.isArray(value)) value.slice(0, 20).forEach((v, i) => leaves(v, [...prefix, i], depth - 1, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) leaves(v, [...prefix, k], depth - 1, out);
  return out;
}

const ID_KEY = /(^|_|[a-z])(id|Id|ID|uuid|no|No|code)$/;
const NAME_KEY = /(name|title|名称|标题)$/i;
const LIST_KEY = /^(list|items|records|rows|data|assets|nfts|goods|collections?|holdings|results?|content)$/i;
const MEDIA_EXT = /\.(png|jpe?g|webp|gif|svg|avif|glb|gltf|mp4|webm|mov|mp3|wav|m4a|aac|ogg)(\?|$)/i;
export const isUrlLike = (v: unknown) => typeof v === 'string' && (/^https?:\/\//.test(v) || (v.startsWith('/') && MEDIA_EXT.test(v)));

interface ArrayFound {
  keys: Array<string | number>;
  array: Array<Record<string, unknown>>;
}

function findArrays(value: unknown, keys: Array<string | number> = [], depth = 5, out: ArrayFound[] = []): ArrayFound[] {
  if (depth < 0 || !value || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    const objects = value.filter((v): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v));
    if (objects.length && objects.length === value.length) out.push({ keys, array: objects });
    value.slice(0, 3).forEach((v, i) => findArrays(v, [...keys, i], depth - 1, out));
    return out;
  }
  for (const [k, v] of Object.entries(value)) findArrays(v, [...keys, k], depth - 1, out);
  return out;
}

/** The id field of a list: present in every entry, scalar, distinct, id-like name. */
function idField(array: Array<Record<string, unknown>>): Array<string | number> | null {
  const first = array[0]!;
  const options = leaves(first, [], 2).filter((l) => typeof l.value !== 'boolean' && ID_KEY.test(String(l.keys.at(-1))));
  // Prefer shallow paths and names ending in id.
  options.sort((a, b) => a.keys.length - b.keys.length || Number(/id$/i.test(String(b.keys.at(-1)))) - Number(/id$/i.test(String(a.keys.at(-1)))));
  for (const o of options) {
    const values = array.map((e) => leafAt(e, o.keys));
    if (values.every((v) => typeof v === 'string' || typeof v === 'number') && new Set(values.map(String)).size === values.length) return o.keys;
  }
  return null;
}

export function leafAt(value: unknown, keys: ReadonlyArray<string | number>): unknown {
  let v: unknown = value;
  for (const k of keys) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function scoreArray(found: ArrayFound, id: Array<string | number> | null): number {
  if (!id) return 0;
  const first = found.array[0]!;
  const l = leaves(first, [], 3);
  const hasName = l.some((x) => typeof x.value === 'string' && NAME_KEY.test(String(x.keys.at(-1))) && !isUrlLike(x.value));
  const hasUrl = l.some((x) => isUrlLike(x.value));
  if (!hasName && !hasUrl) return 0;
  const last = found.keys.filter((k) => typeof k === 'string').at(-1);
  return 3 + (hasName ? 3 : 0) + (hasUrl ? 2 : 0) + Math.min(found.array.length, 20) / 20 + (last && LIST_KEY.test(String(last)) ? 1 : 0) - (l.length < 3 ? 2 : 0);
}

const PAGE_PARAM = /^(page|pageNum|pageNo|pageIndex|current|p)$/i;
const OFFSET_PARAM = /^(offset|start|skip|from)$/i;
const CURSOR_PARAM = /^(cursor|next|after|lastId|last_id|marker|continuation|page_token|pageToken)$/i;
const SIZE_PARAM = /^(pageSize|page_size|size|limit|count|per_page|perPage|rows|num)$/i;

function guessPagination(requests: JsonResponse[], itemsKeys: Array<string | number>, seen: number): Pagination {
  const params = new Map<string, string[]>();
  for (const r of requests) for (const [k, v] of r.url.searchParams) params.set(k, [...(params.get(k) ?? []), v]);
  const first = requests[0]!;
  const sizeParam = [...params.keys()].find((k) => SIZE_PARAM.test(k) && /^\d+$/.test(params.get(k)![0]!));
  const size = sizeParam ? Number(params.get(sizeParam)![0]) : undefined;
  const totalLeaf = leaves(first.json, [], 4).find(
    (l) => typeof l.value === 'number' && /^(total|totalCount|total_count|count|totalSize)$/i.test(String(l.keys.at(-1))) && l.value >= seen,
  );
  const totalPath = totalLeaf ? pathOf(totalLeaf.keys) : undefined;
  const sized = sizeParam && size ? { sizeParam, size } : {};
  // A parameter whose value changes between recorded pages says how paging works.
  for (const [name, values] of params) {
    if (name === sizeParam || new Set(values).size < 2) continue;
    if (values.every((v) => /^\d+$/.test(v))) {
      const nums = values.map(Number);
      if (OFFSET_PARAM.test(name) || (size && nums.every((n) => n % size === 0) && Math.min(...nums) === 0)) {
        return { style: 'offset', param: name, sizeParam: sizeParam ?? 'limit', size: size ?? nums.filter((n) => n > 0).sort((a, b) => a - b)[0] ?? 20, ...(totalPath ? { totalPath } : {}) };
      }
      return { style: 'page', param: name, first: Math.min(...nums), ...sized, ...(totalPath ? { totalPath } : {}) };
    }
    // A cursor: find where an earlier answer gave the value this request sent.
    for (const r of requests) {
      const hit = leaves(r.json, [], 5).find((l) => typeof l.value === 'string' && values.includes(l.value) && l.value !== r.url.searchParams.get(name));
      if (hit) return { style: 'cursor', param: name, ...sized, nextPath: pathOf(hit.keys) };
    }
  }
  // One page recorded: go by the parameter names and the answer's fields.
  for (const name of params.keys()) {
    if (PAGE_PARAM.test(name)) return { style: 'page', param: name, first: Number(params.get(name)![0]) || 1, ...sized, ...(totalPath ? { totalPath } : {}) };
    if (OFFSET_PARAM.test(name)) return { style: 'offset', param: name, sizeParam: sizeParam ?? 'limit', size: size ?? 20, ...(totalPath ? { totalPath } : {}) };
  }
  const next = leaves(first.json, [], 4).find((l) => /(next|cursor)/i.test(String(l.keys.at(-1))) && !itemsKeys.every((k, i) => l.keys[i] === k));
  if (next) {
    const param = [...params.keys()].find((k) => CURSOR_PARAM.test(k)) ?? (String(next.keys.at(-1)).replace(/^next_?/i, '') || 'cursor');
    return { style: 'cursor', param, ...sized, nextPath: pathOf(next.keys) };
  }
  return { style: 'none' };
}

/** A constant scalar at the top of every JSON answer from the platform (e.g. code: 0). */
function okSignal(responses: JsonResponse[]): CaptureCandidate['ok'] {
  const objects = responses.map((r) => r.json).filter((j): j is Record<string, unknown> => !!j && typeof j === 'object' && !Array.isArray(j));
  if (objects.length < 2) return null;
  for (const key of ['code', 'status', 'success', 'errno', 'ret', 'errcode', 'error_code', 'resultCode']) {
    const values = objects.map((o) => o[key]);
    const v = values[0];
    if ((typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && values.every((x) => x === v)) return { path: pathOf([key]), equals: v };
  }
  return null;
}

/** Finds the recorded request that gave one item's details: its URL holds the item's id. */
function findDetail(responses: JsonResponse[], listPath: string, ids: Map<string, unknown>) {
  for (const r of responses) {
    if (r.url.pathname === listPath) continue;
    const segments = r.url.pathname.split('/');
    const segment = segments.findIndex((s) => ids.has(decodeURIComponent(s)));
    const param = [...r.url.searchParams].find(([, v]) => ids.has(v));
    const id = segment >= 0 ? decodeURIComponent(segments[segment]!) : param?.[1];
    if (id === undefined) continue;
    // The answer must be about that item: it mentions the id.
    if (!leaves(r.json, [], 6).some((l) => String(l.value) === id)) continue;
    const path = segment >= 0 ? segments.map((s, i) => (i === segment ? '{id}' : s)).join('/') : r.url.pathname;
    const query = Object.fromEntries([...r.url.searchParams].map(([k, v]) => [k, param && k === param[0] ? '{id}' : v]));
    const details: Record<string, unknown> = {};
    for (const other of responses) {
      const again = segment >= 0 ? decodeURIComponent(other.url.pathname.split('/')[segment] ?? '') : param ? other.url.searchParams.get(param[0]) : null;
      const samePath = segment >= 0 ? other.url.pathname.split('/').length === segments.length && other.url.pathname.startsWith(segments.slice(0, segment).join('/')) : other.url.pathname === r.url.pathname;
      if (samePath && again && ids.has(again)) details[again] = other.json;
    }
    return { detail: { path, query }, details };
  }
  return { detail: null, details: {} };
}

/** The holdings-like arrays in the recorded answers, best first. */
export function analyzeCapture(recorded: readonly RecordedResponse[]): CaptureCandidate[] {
  // Answers given while signed out (a page asking "who am I?" before sign-in) are no holdings,
  // and would spoil what a good answer looks like.
  const responses = parseRecorded(recorded).filter((r) => !looksSignedOut(r.status, r.json));
  const groups = new Map<string, { found: ArrayFound; id: Array<string | number>; score: number; requests: JsonResponse[] }>();
  for (const r of responses) {
    for (const found of findArrays(r.json)) {
      const id = idField(found.array);
      const score = scoreArray(found, id);
      if (score <= 0 || !id) continue;
      const generic = found.keys.map((k) => (typeof k === 'number' ? -1 : k));
      const key = `${r.method} ${r.url.origin}${r.url.pathname} ${pathOf(generic)}`;
      const group = groups.get(key);
      if (group) {
        group.requests.push(r);
        group.found.array.push(...found.array);
        group.score = Math.max(group.score, score);
      } else groups.set(key, { found: { keys: found.keys, array: [...found.array] }, id, score, requests: [r] });
    }
  }
  const ok = okSignal(responses);
  const signedOut = signedOutRules(recorded, ok);
  const candidates: CaptureCandidate[] = [];
  for (const [key, g] of groups) {
    // Arrays inside arrays (e.g. each entry's media list) are details of holdings, not holdings.
    if (g.found.keys.some((k) => typeof k === 'number')) continue;
    const entries = new Map<string, unknown>();
    for (const e of g.found.array) {
      const id = String(leafAt(e, g.id));
      if (!entries.has(id)) entries.set(id, e);
    }
    const first = g.requests[0]!;
    const pagination = guessPagination(g.requests, g.found.keys, entries.size);
    const paging = new Set([pagination.style === 'none' ? '' : pagination.param, 'sizeParam' in pagination ? (pagination.sizeParam ?? '') : '']);
    const query = Object.fromEntries([...first.url.searchParams].filter(([k]) => !paging.has(k)));
    const { detail, details } = findDetail(responses, first.url.pathname, entries);
    candidates.push({
      key,
      score: g.score + (detail ? 1 : 0) + (g.requests.length > 1 ? 0.5 : 0),
      origin: first.url.origin,
      request: { method: first.method === 'POST' ? 'POST' : 'GET', path: first.url.pathname, query },
      itemsPath: pathOf(g.found.keys),
      idPath: pathOf(g.id),
      pagination,
      entries: [...entries].map(([id, entry]) => ({ id, entry })),
      detail,
      details,
      ok,
      signedOut,
    });
  }
  return candidates.sort((a, b) => b.score - a.score || b.entries.length - a.entries.length);
}
