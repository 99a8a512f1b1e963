// Capture mode, step 2: propose which field of a holding is its name, creator, serial, chain,
// token id, tx hash, media… by the fields' names (English, pinyin-ish and Chinese) and the shape
// of their values (0x + 40 hex is a contract, 0x + 64 hex a transaction, "#12/10000" a serial).
// Paths are JSONPath over `{ item: <list entry>, detail: <detail answer> }`, like profiles use.
// The user confirms or changes each choice; nothing is saved until they do.
import { pathOf, selectFirst } from '../connectors/platform/json-path.js';
import type { ItemField } from '../connectors/platform/profile.js';
import { isUrlLike, leaves, type CaptureCandidate, type Leaf } from './analyze.js';

export type MediaRole = 'image' | 'model' | 'video' | 'audio' | 'poster' | 'thumbnail' | 'other';

export interface FieldOption {
  path: string;
  sample: string;
}

export interface FieldProposal {
  field: ItemField;
  /** The proposed path, or null when nothing looks right. */
  path: string | null;
  sample: string | null;
}

export interface MediaProposal {
  path: string;
  role: MediaRole;
  /** True when the role comes from the field's name (cover, thumb…), which holds for every
   *  item; false when it comes from this sample's file extension, which may differ per item. */
  roleFromField: boolean;
  sample: string;
}

export interface CaptureProposal {
  fields: FieldProposal[];
  media: MediaProposal[];
  /** Every field of the sample holding, for the user to pick from. */
  options: FieldOption[];
}

type Rule = { key?: RegExp; value?: RegExp; type?: 'string' | 'number'; notUrl?: boolean };

const RULES: Record<ItemField, Rule[]> = {
  name: [{ key: /^(name|title|goodsName|nftName|assetName|itemName|productName|名称|藏品名称)$/i, type: 'string', notUrl: true }, { key: /(name|title)$/i, type: 'string', notUrl: true }],
  description: [{ key: /(desc|description|intro|introduction|summary|story|简介|描述)/i, type: 'string', notUrl: true }],
  creator: [{ key: /(creator|author|artist|designer|创作者|作者)/i, type: 'string' }],
  issuer: [{ key: /(issuer|publisher|brand|发行方|发行)/i, type: 'string' }],
  collection: [{ key: /(collection|series|album|系列)/i, type: 'string', notUrl: true }],
  serial: [{ value: /^#?\d+\s*\/\s*\d+$/ }, { key: /(serial|编号)/i }],
  edition: [{ key: /^(edition_?no|editionNumber|number|no|num|serial_?number|tokenIndex)$/i, type: 'number' }],
  supply: [{ key: /(supply|total_?supply|issue_?count|quantity|limit|发行量|total)$/i, type: 'number' }],
  chain: [{ key: /(chain|network|blockchain|链)/i, type: 'string', value: /^(?!0x)[^/]{2,40}$/ }],
  contract: [{ value: /^0x[0-9a-fA-F]{40}$/ }, { key: /contract/i }],
  tokenId: [{ key: /(token_?id|tokenId|nft_?id)$/i }],
  txHash: [{ value: /^0x[0-9a-fA-F]{64}$/ }, { key: /(tx_?hash|mint_?tx|transaction|txid)/i }],
  standard: [{ key: /(standard|protocol|erc)/i, value: /^(ERC|BEP|FT|NFT)/i }],
  issuedAt: [{ key: /(issue|mint|publish|release|发行).*(time|date|at)$|^minted_?at$/i }],
  acquiredAt: [{ key: /(acquire|get|buy|receive|own|purchase|obtain|hold|获得|购买).*(time|date|at)$|^acquired_?at$/i }],
};

const show = (v: unknown) => (typeof v === 'string' ? (v.length > 120 ? `${v.slice(0, 120)}…` : v) : JSON.stringify(v));

const GENERIC_KEY = /^(name|title|value|text|label|nickname|display_?name)$/i;
const PEOPLE_AND_GROUPS = /(creator|author|artist|designer|publisher|issuer|brand|series|collection|chain|user|owner|platform|shop|store)/i;

function fits(field: ItemField, rule: Rule, leaf: Leaf): boolean {
  const names = leaf.keys.filter((k): k is string => typeof k === 'string');
  const key = names.at(-1) ?? '';
  const parent = names.at(-2) ?? '';
  if (rule.key) {
    // `creator.name` is the creator: a generic last key defers to its parent's name.
    const keyFits = rule.key.test(key) || (field !== 'name' && GENERIC_KEY.test(key) && rule.key.test(parent));
    if (!keyFits) return false;
    if (field === 'name' && PEOPLE_AND_GROUPS.test(parent)) return false;
  }
  if (rule.type === 'string' && typeof leaf.value !== 'string') return false;
  if (rule.type === 'number' && !(typeof leaf.value === 'number' || (typeof leaf.value === 'string' && /^\d+$/.test(leaf.value)))) return false;
  if (rule.notUrl && isUrlLike(leaf.value)) return false;
  if (rule.value && !rule.value.test(String(leaf.value))) return false;
  return true;
}

const MEDIA_ROLE: Array<[RegExp, MediaRole]> = [
  [/\.(glb|gltf|usdz)(\?|$)/i, 'model'],
  [/\.(mp4|webm|mov)(\?|$)/i, 'video'],
  [/\.(mp3|wav|m4a|aac|ogg)(\?|$)/i, 'audio'],
];

function mediaRole(leaf: Leaf): { role: MediaRole; roleFromField: boolean } {
  const key = leaf.keys.filter((k) => typeof k === 'string').join('.');
  if (/(thumb|icon|avatar|small)/i.test(key)) return { role: 'thumbnail', roleFromField: true };
  if (/(poster|cover)/i.test(key)) return { role: 'poster', roleFromField: true };
  const byExt = MEDIA_ROLE.find(([re]) => re.test(String(leaf.value)))?.[1];
  if (byExt) return { role: byExt, roleFromField: false };
  if (/(model|3d|glb)/i.test(key)) return { role: 'model', roleFromField: true };
  if (/video/i.test(key)) return { role: 'video', roleFromField: true };
  if (/(audio|music|sound)/i.test(key)) return { role: 'audio', roleFromField: true };
  return { role: 'image', roleFromField: false };
}

/** Index positions become [*] when they sit in an array of media entries (several per item). */
function generalise(keys: Array<string | number>): string {
  return pathOf(keys.map((k) => (typeof k === 'number' ? -1 : k)));
}

/** Proposes the mapping of one candidate, from its first holding that has a recorded detail. */
export function proposeMapping(candidate: CaptureCandidate): CaptureProposal {
  const sample = candidate.entries.find((e) => Object.hasOwn(candidate.details, e.id)) ?? candidate.entries[0];
  const doc = { item: sample?.entry ?? null, detail: sample ? (candidate.details[sample.id] ?? null) : null };
  // Detail fields first: details are the complete record; list entries are summaries.
  const all = [...leaves(doc.detail, ['detail'], 8), ...leaves(doc.item, ['item'], 8)];
  const options = all.map((l) => ({ path: pathOf(l.keys), sample: show(l.value) }));
  const taken = new Set<string>();
  const fields: FieldProposal[] = [];
  for (const field of Object.keys(RULES) as ItemField[]) {
    let found: Leaf | undefined;
    for (const rule of RULES[field]) {
      found = all.find((l) => fits(field, rule, l) && !taken.has(pathOf(l.keys)) && !(field === 'name' && l.keys.includes('certificate')));
      if (found) break;
    }
    if (found) taken.add(pathOf(found.keys));
    fields.push({ field, path: found ? pathOf(found.keys) : null, sample: found ? show(found.value) : null });
  }
  // serial as "#n/supply" makes edition/supply redundant; keep them only when there's no serial.
  if (fields.find((f) => f.field === 'serial')?.path) for (const f of fields) if (f.field === 'edition' || f.field === 'supply') Object.assign(f, { path: null, sample: null });
  const media: MediaProposal[] = [];
  for (const l of all) {
    if (!isUrlLike(l.value)) continue;
    const path = generalise(l.keys);
    if (media.some((m) => m.path === path)) continue;
    media.push({ path, ...mediaRole(l), sample: show(l.value) });
  }
  return { fields, media, options };
}

/** The value a path gives for the sample holding (to show beside a user's choice). */
export function sampleValue(candidate: CaptureCandidate, path: string): string | null {
  const sample = candidate.entries.find((e) => Object.hasOwn(candidate.details, e.id)) ?? candidate.entries[0];
  if (!sample) return null;
  const v = selectFirst({ item: sample.entry, detail: candidate.details[sample.id] ?? null }, path);
  return v === undefined ? null : show(v);
}
