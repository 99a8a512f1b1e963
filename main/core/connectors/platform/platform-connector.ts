// The custodial-platform connector: reads an account's holdings as its platform profile says —
// pages of the holdings list, each item's detail, fields, certificate and media — with the
// session the user made by signing in. Media URLs are usually signed and expire, so each file is
// a download whose `refresh()` asks the platform for the item again and takes the new URL.
//
// It throws SessionExpiredError when the platform no longer accepts the session, saying where in
// the list it was (the engine keeps that and sets the account to "sign in again"; the sync after
// signing in continues from there, never touching what the stopped run stored), and
// PlatformClosedError on HTTP 410, or — after listing everything — when the platform announced
// its shutdown in a notice.
import { createHash } from 'node:crypto';
import type { FileRole, MediaType } from '../../../api/contract.js';
import type { HoldingRecord } from '../../db/items.js';
import { HoldfastError } from '../../errors.js';
import { AccountStatusError, PlatformClosedError, SessionExpiredError } from '../account-status.js';
import type { Connector, ConnectorAccount, ListedHolding, SourceEvidence, SourceFile, StoredFileRef } from '../connector.js';
import { selectAll, selectFirst } from './json-path.js';
import { PlatformClient } from './platform-client.js';
import { parseProfile, type PlatformProfile } from './profile.js';
import { isDemoPlatformLive, sessionVault } from './services.js';

export interface PlatformAccountConfig {
  profile: PlatformProfile;
  baseUrl: string;
  phone?: string;
  /** The demo's account on the built-in platform emulator (see main/core/demo/demo-platform.ts). */
  demo?: boolean;
}

/** Why a demo account can't reach its platform now (its emulator runs only during `holdfast demo`). */
export const DEMO_PLATFORM_GONE =
  'this is the demo account on the built-in platform emulator, which runs only while `holdfast demo` builds the demo library; run `holdfast demo` again to sync it (its items stay in the library)';

/** Throws the demo message when `config` is a demo account whose emulator is not running. */
export function assertPlatformReachable(config: PlatformAccountConfig): void {
  if (config.demo && !isDemoPlatformLive(config.baseUrl)) throw new AccountStatusError('error', DEMO_PLATFORM_GONE);
}

export function accountConfig(account: Pick<ConnectorAccount, 'id' | 'config'>): PlatformAccountConfig {
  const config = account.config ?? {};
  const profile = parseProfile(config.profile, `the profile of account ${account.id}`);
  const baseUrl = typeof config.baseUrl === 'string' ? config.baseUrl : profile.baseUrl;
  if (!baseUrl) throw new HoldfastError('invalid_input', `account ${account.id} has no platform address (base URL)`);
  return { profile, baseUrl, ...(typeof config.phone === 'string' ? { phone: config.phone } : {}), ...(config.demo === true ? { demo: true } : {}) };
}

// ── listing ───────────────────────────────────────────────────────────────────────────────

/** Where in the holdings list a sync is: the page (or offset, or cursor) of a list request, how
 *  many of that page's entries are done, and how many entries came before. Saved when a session
 *  ends part-way, so the sync after signing in again goes on from there. */
export interface ListPosition {
  v: 1;
  /** Of the profile's `holdings` section: a changed profile starts from the beginning again. */
  holdings: string;
  page: number;
  offset: number;
  cursor: string | null;
  /** Entries of this page already done. */
  skip: number;
  /** Entries listed before this page. */
  count: number;
}

const holdingsFingerprint = (profile: PlatformProfile) => createHash('sha256').update(JSON.stringify(profile.holdings)).digest('hex').slice(0, 16);

/** The saved position, if it fits this profile; else null (list from the start). */
export function resumePosition(profile: PlatformProfile, saved: unknown): ListPosition | null {
  if (!saved || typeof saved !== 'object') return null;
  const p = saved as Partial<ListPosition>;
  const ok =
    p.v === 1 &&
    p.holdings === holdingsFingerprint(profile) &&
    Number.isSafeInteger(p.page) &&
    Number.isSafeInteger(p.offset) &&
    Number.isSafeInteger(p.skip) &&
    Number.isSafeInteger(p.count) &&
    (p.cursor === null || typeof p.cursor === 'string');
  return ok ? (p as ListPosition) : null;
}

/** A SessionExpiredError that says where the next sync should continue. */
function expiredAt(error: SessionExpiredError, position: ListPosition): SessionExpiredError {
  error.resumeFrom = position;
  return error;
}

/** Every entry of the holdings list, page after page, each id once — from `from` when given.
 *  Each entry comes with its position (where a sync stopped at it would continue). */
export async function* listEntries(
  client: PlatformClient,
  signal: AbortSignal,
  from: ListPosition | null = null,
): AsyncGenerator<{ id: string; entry: unknown; position: ListPosition }> {
  const { holdings } = client.profile;
  const p = holdings.pagination;
  const seen = new Set<string>();
  let page = from?.page ?? (p.style === 'page' ? p.first : 0);
  let offset = from?.offset ?? 0;
  let cursor: string | null = from?.cursor ?? null;
  let count = from?.count ?? 0;
  let skip = from?.skip ?? 0;
  const fingerprint = holdingsFingerprint(client.profile);
  for (let n = 0; ; n++) {
    if (n >= holdings.maxPages) throw new Error(`the holdings list went on for more than ${holdings.maxPages} pages; stopping (maxPages in the profile)`);
    const extra: Record<string, string> = {};
    if (p.style === 'page') extra[p.param] = String(page);
    if (p.style === 'offset') extra[p.param] = String(offset);
    if (p.style === 'cursor' && cursor !== null) extra[p.param] = cursor;
    if (p.style !== 'none' && p.sizeParam && p.size) extra[p.sizeParam] = String(p.size);
    const here = { v: 1 as const, holdings: fingerprint, page, offset, cursor, count };
    let body: unknown;
    try {
      ({ body } = await client.request(holdings.request, signal, {}, extra));
    } catch (error) {
      throw error instanceof SessionExpiredError ? expiredAt(error, { ...here, skip }) : error;
    }
    const list = selectFirst(body, holdings.itemsPath);
    if (!Array.isArray(list)) {
      throw new Error(`the holdings answer has no list at ${holdings.itemsPath} (the profile may be out of date, or the session has ended)`);
    }
    for (const [index, entry] of list.entries()) {
      if (index < skip) {
        count++; // done by the run that stopped here
        continue;
      }
      const raw = selectFirst(entry, holdings.idPath);
      if (raw === undefined || (typeof raw !== 'string' && typeof raw !== 'number')) {
        throw new Error(`a holding in the list has no id at ${holdings.idPath}`);
      }
      const id = String(raw);
      if (seen.has(id)) continue;
      seen.add(id);
      count++;
      yield { id, entry, position: { ...here, skip: index } };
    }
    skip = 0;
    if (p.style === 'none' || list.length === 0) return;
    if (p.style === 'page' || p.style === 'offset') {
      const total = p.totalPath ? Number(selectFirst(body, p.totalPath)) : NaN;
      if (Number.isFinite(total) && count >= total) return;
      if (p.size && list.length < p.size) return;
      page++;
      offset += list.length;
    } else {
      const next = selectFirst(body, p.nextPath);
      if (next === undefined || next === null || next === '' || next === false) return;
      if (String(next) === cursor) throw new Error('the platform returned the same page cursor twice; stopping');
      cursor = String(next);
    }
  }
}

// ── mapping ───────────────────────────────────────────────────────────────────────────────

const SIGNING_PARAMS = /^(expires?|exp|e|signature|sig|sign|token|auth_key|t|policy|key-pair-id|ossaccesskeyid|x-oss-.*|x-amz-.*|x-goog-.*|x-cos-.*|q-sign-.*)$/i;

/** A media URL without its signing parameters: the same file keeps the same identity. */
export function stableUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) if (SIGNING_PARAMS.test(key)) u.searchParams.delete(key);
    u.hash = '';
    return u.toString();
  } catch {
    return url;
  }
}

/** A copy of `value` with every URL made stable, so stored metadata doesn't change each sync. */
function stabilise(value: unknown): unknown {
  if (typeof value === 'string') return /^https?:\/\//.test(value) ? stableUrl(value) : value;
  if (Array.isArray(value)) return value.map(stabilise);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stabilise(v)]));
  return value;
}

const text = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
};

/** An ISO date from what platforms send: unix seconds or ms, ISO, or "YYYY-MM-DD HH:mm:ss". */
export function normaliseDate(v: unknown, timezone: string): string | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return new Date(v > 1e12 ? v : v * 1000).toISOString();
  const s = text(v);
  if (!s) return null;
  if (/^\d{10,13}$/.test(s)) return normaliseDate(Number(s), timezone);
  const local = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (local) {
    const [, y, mo, d, h, mi = '0', se = '0'] = local;
    // A date without a time is a calendar date on the platform: keep it as one.
    if (h === undefined) return `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    const iso = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}T${h.padStart(2, '0')}:${mi.padStart(2, '0')}:${se.padStart(2, '0')}${timezone}`;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const t = Date.parse(s);
  return Number.isNaN(t) ? s : new Date(t).toISOString();
}

function serialOf(serial: unknown, edition: unknown, supply: unknown): string | null {
  const s = text(serial);
  const e = text(edition);
  const n = text(supply);
  if (s && /\//.test(s)) return s.startsWith('#') ? s : `#${s}`;
  const number = s ?? e;
  if (number && n) return `#${number.replace(/^#/, '')}/${n}`;
  return number ? (number.startsWith('#') ? number : `#${number}`) : null;
}

const EXT_ROLE: Array<[RegExp, FileRole]> = [
  [/\.(glb|gltf|usdz|fbx|obj)$/i, 'model'],
  [/\.(mp4|webm|mov|m3u8)$/i, 'video'],
  [/\.(mp3|wav|aac|m4a|ogg|flac)$/i, 'audio'],
  [/\.(png|jpe?g|webp|gif|svg|avif|bmp)$/i, 'image'],
];

export function roleFromUrl(url: string): FileRole {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // keep the text
  }
  return EXT_ROLE.find(([re]) => re.test(path))?.[1] ?? 'other';
}

export interface MappedMedia {
  role: FileRole;
  url: string;
  stable: string;
}

/** Every media URL the profile finds for one holding, each stable URL once. */
export function mapMedia(profile: PlatformProfile, doc: unknown, baseUrl: string): MappedMedia[] {
  const out: MappedMedia[] = [];
  for (const spec of profile.media) {
    const entries = spec.each ? selectAll(doc, spec.each) : [doc];
    for (const entry of entries) {
      const kind = spec.kind ? text(selectFirst(entry, spec.kind)) : null;
      for (const raw of selectAll(entry, spec.url)) {
        const s = text(raw);
        if (!s) continue;
        let url: string;
        try {
          url = new URL(s, baseUrl).toString();
        } catch {
          continue;
        }
        if (!/^https?:/.test(url)) continue;
        const role = spec.role ?? (kind !== null ? spec.kinds?.[kind] : undefined) ?? roleFromUrl(url);
        const stable = stableUrl(url);
        if (!out.some((m) => m.stable === stable)) out.push({ role, url, stable });
      }
    }
  }
  return out;
}

function mediaTypeOf(media: MappedMedia[]): MediaType {
  const roles = new Set(media.map((m) => m.role));
  if (roles.has('model')) return 'model';
  if (roles.has('video')) return 'video';
  if (roles.has('audio')) return 'audio';
  if (roles.has('image') || roles.has('animation') || roles.has('poster') || roles.has('thumbnail')) return 'image';
  return 'other';
}

/** The media a certificate names: role, SHA-256, size, type and file name, in a stable order. */
export function certificateMedia(files: readonly StoredFileRef[]) {
  return files
    .map((f) => ({ role: f.role, sha256: f.sha256, size: f.size, mime: f.mime, fileName: f.fileName }))
    .sort((a, b) => a.role.localeCompare(b.role) || a.sha256.localeCompare(b.sha256));
}

/** The Holdfast item, certificate evidence and media of one holding (no network). */
export function mapHolding(profile: PlatformProfile, id: string, entry: unknown, detail: unknown, baseUrl: string) {
  const doc = { item: entry, detail: detail ?? null };
  const f = profile.fields;
  const get = (path: string | undefined) => (path ? selectFirst(doc, path) : undefined);
  const media = mapMedia(profile, doc, baseUrl);
  const record: HoldingRecord = {
    externalId: id,
    name: text(get(f.name)) ?? `#${id}`,
    description: text(get(f.description)),
    creator: text(get(f.creator)),
    issuer: text(get(f.issuer)),
    collection: text(get(f.collection)),
    serial: serialOf(get(f.serial), get(f.edition), get(f.supply)),
    chain: text(get(f.chain)),
    contract: text(get(f.contract)),
    tokenId: text(get(f.tokenId)),
    txHash: text(get(f.txHash)),
    standard: text(get(f.standard)),
    mediaType: mediaTypeOf(media),
    issuedAt: normaliseDate(get(f.issuedAt), profile.timezone),
    acquiredAt: normaliseDate(get(f.acquiredAt), profile.timezone),
    metadata: stabilise({ platform: profile.id, item: entry, ...(detail !== undefined && detail !== null ? { detail } : {}) }) as Record<string, unknown>,
  };
  const evidence: SourceEvidence[] = [];
  const certificate = profile.certificate?.path ? get(profile.certificate.path) : undefined;
  const certificateNo = text(get(profile.certificate?.number));
  if (certificate !== undefined || record.txHash || record.tokenId || certificateNo) {
    const summary = Object.fromEntries(
      Object.entries({
        source: 'platform',
        capturedFrom: profile.name,
        certificateNo,
        serial: record.serial,
        chain: record.chain,
        contract: record.contract,
        tokenId: record.tokenId,
        txHash: record.txHash,
        issuer: record.issuer,
        creator: record.creator,
        issuedAt: record.issuedAt,
      }).filter(([, v]) => v !== null && v !== undefined),
    );
    const document = { type: 'holdfast-platform-certificate', platform: { id: profile.id, name: profile.name }, holdingId: id, fields: summary, certificate: stabilise(certificate ?? null) };
    const json = (doc: object) => Buffer.from(`${JSON.stringify(doc, null, 2)}\n`);
    evidence.push({
      kind: 'certificate',
      level: 1,
      summary,
      bytes: json(document),
      // Once the media are stored, the certificate names their SHA-256 (the `certificate`
      // verifier then ties it to exactly these bytes). No URLs: they differ per address.
      bindFiles: (files) => json({ ...document, media: certificateMedia(files) }),
      mime: 'application/json',
      verified: null,
    });
  }
  return { record, evidence, media };
}

// ── the connector ─────────────────────────────────────────────────────────────────────────

const fileNameOf = (url: string) => {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return last && /^[^\\/]{1,200}$/.test(last) ? last : null;
  } catch {
    return null;
  }
};

async function detailOf(client: PlatformClient, id: string, signal: AbortSignal): Promise<unknown> {
  const detail = client.profile.detail;
  return detail ? (await client.request(detail.request, signal, { id })).body : null;
}

function files(client: PlatformClient, id: string, media: MappedMedia[], entryOf: (signal: AbortSignal) => Promise<unknown>, baseUrl: string): SourceFile[] {
  return media.map((m) => ({
    role: m.role,
    fileName: fileNameOf(m.url),
    sourceUrl: m.stable,
    download: {
      url: m.url,
      // Signed URLs expire: ask the platform for this item again and take this file's new URL.
      async refresh(signal: AbortSignal) {
        const entry = await entryOf(signal);
        const detail = await detailOf(client, id, signal);
        const again = mapMedia(client.profile, { item: entry, detail }, baseUrl).find((x) => x.stable === m.stable);
        if (!again) throw new Error(`the platform no longer lists this ${m.role} file for item ${id}`);
        return { url: again.url };
      },
    },
  }));
}

export const platformConnector: Connector = {
  async *listHoldings(account, signal) {
    const config = accountConfig(account);
    assertPlatformReachable(config);
    const { profile, baseUrl } = config;
    const vault = sessionVault();
    const session = await vault.load(account.id);
    if (!session || session.cookies.length === 0) throw new SessionExpiredError(`account ${account.name} is not signed in to ${profile.name}; sign in first`);
    const before = JSON.stringify(session.cookies);
    const client = new PlatformClient(profile, baseUrl, session);
    const entries = new Map<string, unknown>();
    // Without a detail request, a refresh has to find the item's list entry again.
    const entryOf = (id: string) => async (s: AbortSignal) => {
      if (profile.detail) return entries.get(id) ?? null;
      for await (const e of listEntries(client, s)) if (e.id === id) return e.entry;
      throw new Error(`item ${id} is no longer in the holdings list`);
    };
    try {
      for await (const { id, entry, position } of listEntries(client, signal, resumePosition(profile, account.resumeFrom))) {
        entries.set(id, entry);
        let detail: unknown;
        try {
          detail = await detailOf(client, id, signal);
        } catch (error) {
          // Signed out at this item: the next sync (after signing in) starts with it.
          throw error instanceof SessionExpiredError ? expiredAt(error, position) : error;
        }
        const { record, evidence, media } = mapHolding(profile, id, entry, detail, baseUrl);
        const listed: ListedHolding = { record, files: files(client, id, media, entryOf(id), baseUrl), evidence };
        yield listed;
      }
    } finally {
      // Platforms rotate cookies; keep the newest so the next sync still has a valid session.
      if (JSON.stringify(session.cookies) !== before) await vault.save(account.id, { ...session, savedAt: new Date().toISOString() }).catch(() => undefined);
    }
    if (client.notice) throw new PlatformClosedError(client.notice, true);
  },
};
