// Two "platforms" that answer the same holdings in different JSON: field names, nesting,
// pagination, session-expiry and shutdown signals all differ, as they do between real platforms.
//
// Shape a (a 灵稀/鲸探-style API): page + pageSize, `{ code, msg, data: { list, total } }`, flat
//   Chinese-pinyin-ish field names, expiry = HTTP 401 `{ code: 401 }`, cookie `sid`.
// Shape b (an R-SPACE-style API): cursor + limit, `{ status, result: { items, next_cursor } }`,
//   everything nested under `nft_info`, expiry = HTTP 200 `{ status: 'error', error: { code:
//   'AUTH_REQUIRED' } }`, cookie `b_session`.
import type { EmulatedHolding } from './holdings.js';

export type ShapeName = 'a' | 'b';

export interface Shape {
  name: ShapeName;
  title: string;
  cookie: string;
  /** Paths of the JSON endpoints. */
  paths: { me: string; list: string; detail: string; smsSend: string; smsVerify: string };
  /** Reads phone and code from a sign-in request body. */
  phoneField: string;
  codeField: string;
  me(phone: string): unknown;
  /** One page of the list; `query` is the request's search params. */
  list(all: EmulatedHolding[], query: URLSearchParams, pageSize: number, link: (h: EmulatedHolding, file: string) => string): unknown;
  /** The id a detail request asks for, from its URL. */
  detailId(url: URL): string | null;
  detail(h: EmulatedHolding, link: (h: EmulatedHolding, file: string) => string): unknown;
  expired(): { status: number; body: unknown };
  closed(notice: string): { status: number; body: unknown };
  /** Adds the shutdown announcement to a successful response. */
  announce(body: unknown, notice: string): unknown;
  error(status: number, message: string): unknown;
}

const MEDIA_TYPE_A: Record<string, string> = { image: 'image', model: '3d', video: 'video', audio: 'audio' };

export const shapeA: Shape = {
  name: 'a',
  title: '灵境数藏（模拟平台 A）',
  cookie: 'sid',
  paths: {
    me: '/api/v1/user/info',
    list: '/api/v1/collection/list',
    detail: '/api/v1/collection/detail',
    smsSend: '/api/v1/sms/send',
    smsVerify: '/api/v1/sms/login',
  },
  phoneField: 'mobile',
  codeField: 'smsCode',
  me: (phone) => ({ code: 0, msg: 'success', data: { nickname: `藏家${phone.slice(-4)}`, mobile: `${phone.slice(0, 3)}****${phone.slice(-4)}` } }),
  list(all, query, pageSize, link) {
    const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
    const size = Math.min(50, Math.max(1, Number(query.get('pageSize') ?? pageSize) || pageSize));
    const slice = all.slice((page - 1) * size, page * size);
    return {
      code: 0,
      msg: 'success',
      data: {
        total: all.length,
        page,
        pageSize: size,
        list: slice.map((h) => ({
          id: h.id,
          goodsName: h.name,
          seriesName: h.collection,
          serialNo: `#${h.edition}/${h.supply}`,
          coverUrl: link(h, h.media.find((m) => m.kind === 'cover' || m.kind === 'image')!.file),
          getTime: h.acquiredAt.replace('T', ' ').slice(0, 19),
        })),
      },
    };
  },
  detailId: (url) => url.searchParams.get('id'),
  detail: (h, link) => ({
    code: 0,
    msg: 'success',
    data: {
      id: h.id,
      goodsName: h.name,
      goodsDesc: h.description,
      authorName: h.creator,
      issuerName: h.issuer,
      seriesName: h.collection,
      serialNo: `#${h.edition}/${h.supply}`,
      getTime: h.acquiredAt.replace('T', ' ').slice(0, 19),
      medias: h.media.map((m) => ({ mediaType: m.kind === 'cover' ? 'cover' : MEDIA_TYPE_A[m.kind], url: link(h, m.file), fileName: m.file })),
      certificate: {
        certNo: h.certificateNo,
        chainName: h.chain,
        contractAddress: h.contract,
        tokenId: h.tokenId,
        txHash: h.txHash,
        issueTime: h.issuedAt.slice(0, 10),
        issuer: h.issuer,
        author: h.creator,
      },
    },
  }),
  expired: () => ({ status: 401, body: { code: 401, msg: '登录已过期，请重新登录', data: null } }),
  closed: (notice) => ({ status: 410, body: { code: 410, msg: notice, data: null, notice } }),
  announce: (body, notice) => ({ ...(body as object), notice }),
  error: (status, message) => ({ code: status, msg: message, data: null }),
};

export const shapeB: Shape = {
  name: 'b',
  title: 'R-Vault（模拟平台 B）',
  cookie: 'b_session',
  paths: {
    me: '/gateway/v2/me',
    list: '/gateway/v2/assets',
    detail: '/gateway/v2/assets/',
    smsSend: '/gateway/v2/auth/otp',
    smsVerify: '/gateway/v2/auth/login',
  },
  phoneField: 'phone_number',
  codeField: 'otp',
  me: (phone) => ({ status: 'success', result: { user_id: `u_${phone.slice(-6)}`, display_name: `Collector ${phone.slice(-4)}` } }),
  list(all, query, pageSize, link) {
    const limit = Math.min(50, Math.max(1, Number(query.get('limit') ?? pageSize) || pageSize));
    // The cursor is opaque to clients: base64 of the next offset.
    const cursor = query.get('cursor');
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^o:/, '')) || 0 : 0;
    const slice = all.slice(start, start + limit);
    const next = start + limit < all.length ? Buffer.from(`o:${start + limit}`).toString('base64url') : null;
    return {
      status: 'success',
      result: {
        items: slice.map((h) => ({
          asset_id: h.id,
          nft_info: {
            title: h.name,
            collection_title: h.collection,
            edition: { number: h.edition, supply: h.supply },
            thumb: { url: link(h, h.media.find((m) => m.kind === 'cover' || m.kind === 'image')!.file) },
          },
        })),
        next_cursor: next,
      },
    };
  },
  detailId: (url) => (url.pathname.startsWith('/gateway/v2/assets/') ? decodeURIComponent(url.pathname.slice('/gateway/v2/assets/'.length)) || null : null),
  detail: (h, link) => {
    const main = h.media[0]!;
    const cover = h.media.find((m) => m.kind === 'cover');
    return {
      status: 'success',
      result: {
        asset_id: h.id,
        acquired_at: Date.parse(h.acquiredAt),
        nft_info: {
          title: h.name,
          description: h.description,
          collection_title: h.collection,
          creator: { name: h.creator },
          publisher: { name: h.issuer },
          edition: { number: h.edition, supply: h.supply },
          media: { kind: main.kind, url: link(h, main.file), ...(cover ? { poster_url: link(h, cover.file) } : {}) },
          chain_info: {
            network: h.chain,
            contract: h.contract,
            token_id: h.tokenId,
            mint_tx: h.txHash,
            minted_at: h.issuedAt,
            certificate_id: h.certificateNo,
          },
        },
      },
    };
  },
  expired: () => ({ status: 200, body: { status: 'error', error: { code: 'AUTH_REQUIRED', message: 'Please sign in again' } } }),
  closed: (notice) => ({ status: 410, body: { status: 'closed', announcement: notice } }),
  announce: (body, notice) => ({ ...(body as object), announcement: notice }),
  error: (status, message) => ({ status: 'error', error: { code: `HTTP_${status}`, message } }),
};

export const shapes: Record<ShapeName, Shape> = { a: shapeA, b: shapeB };
