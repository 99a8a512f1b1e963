// Capture mode, step 3: the mapping the user confirmed becomes a platform profile — validated
// like any imported profile, so a bad choice is refused with the field named.
import { parseProfile, type ItemField, type PlatformProfile, type PlatformProfileInput } from '../connectors/platform/profile.js';
import { HoldfastError } from '../errors.js';
import type { CaptureCandidate } from './analyze.js';
import type { MediaRole } from './propose.js';

export interface ConfirmedMapping {
  /** Profile id and names for the new platform. */
  id: string;
  name: string;
  nameZh?: string;
  /** Chosen path per field; null or missing = not mapped. `name` is required. */
  fields: Partial<Record<ItemField, string | null>>;
  /** Chosen media paths; `role` only when it holds for every item (else decided per file). */
  media: Array<{ path: string; role?: MediaRole }>;
}

export interface SignInFacts {
  /** Where the sign-in page is (the page the window opened on). */
  loginPath: string;
  /** Cookies the platform set for its origin while the user was signed in. */
  sessionCookies: string[];
  successUrl?: string;
}

export function buildProfile(candidate: CaptureCandidate, mapping: ConfirmedMapping, signIn: SignInFacts): PlatformProfile {
  if (!mapping.fields.name) throw new HoldfastError('invalid_input', 'choose the field that holds the name of a holding');
  if (signIn.sessionCookies.length === 0) throw new HoldfastError('invalid_input', 'no session cookie was seen: sign in first, then browse your collection');
  const fields = Object.fromEntries(Object.entries(mapping.fields).filter(([, path]) => typeof path === 'string' && path.length > 0));
  const hasDetailPath = Object.values(fields).some((p) => String(p).startsWith('$.detail')) || mapping.media.some((m) => m.path.startsWith('$.detail'));
  if (hasDetailPath && !candidate.detail) throw new HoldfastError('invalid_input', 'a chosen field comes from an item page, but no item page request was recorded');
  const profile: PlatformProfileInput = {
    profileVersion: 1,
    id: mapping.id,
    name: mapping.name,
    ...(mapping.nameZh ? { nameZh: mapping.nameZh } : {}),
    baseUrl: candidate.origin,
    signIn: {
      loginPath: signIn.loginPath,
      sessionCookies: signIn.sessionCookies,
      ...(signIn.successUrl ? { successUrl: signIn.successUrl } : {}),
    },
    responses: {
      ...(candidate.ok ? { ok: candidate.ok } : {}),
      sessionExpired: candidate.signedOut,
      shutdown: { status: [410], noticePath: ['$.notice', '$.announcement'] },
    },
    holdings: {
      request: { method: candidate.request.method, path: candidate.request.path, ...(Object.keys(candidate.request.query).length ? { query: candidate.request.query } : {}) },
      itemsPath: candidate.itemsPath,
      idPath: candidate.idPath,
      pagination: candidate.pagination,
    },
    ...(candidate.detail && hasDetailPath
      ? { detail: { request: { path: candidate.detail.path, ...(Object.keys(candidate.detail.query).length ? { query: candidate.detail.query } : {}) } } }
      : {}),
    fields: fields as PlatformProfileInput['fields'],
    media: mapping.media.map((m) => ({ url: m.path, ...(m.role ? { role: m.role } : {}) })),
  };
  return parseProfile(profile, 'the captured mapping');
}
