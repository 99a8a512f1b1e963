// Throwaway dev stub of the `holdfast serve` HTTP shell, for looking at the renderer before the
// real backend exists. Serves out/renderer plus the API with generated fake data that is checked
// against the contract's zod schemas (inputs and outputs), like the real shell would.
//
//   npx vite build --config renderer/vite.config.ts
//   npx tsx renderer/dev/stub-server.ts [--port 5180] [--items 100000] [--delay 0] [--token T] [--empty]
//
// Special queries: "!error" answers an internal error, "!slow" waits 2 s.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiEvent, ItemDetail, ItemSummary, contract, operationNames } from '../../main/api/contract.js';
import type { Account, ApiResult, OperationName, Platform } from '../../main/api/contract.js';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', '..', 'out', 'renderer');

export interface StubOptions {
  port?: number;
  items?: number;
  delayMs?: number;
  token?: string | null;
  empty?: boolean;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const PLATFORMS: Platform[] = [
  { id: 'huanhe', name: 'Tencent Huanhe', nameZh: '腾讯幻核', kind: 'custodial', status: 'closed', exitDate: '2022-08-16', itemCount: 0 },
  { id: 'lingxi', name: 'JD Lingxi', nameZh: '京东灵稀', kind: 'custodial', status: 'stopped', exitDate: '2024-03-01', itemCount: 0 },
  { id: 'jingtan', name: 'Ant Jingtan', nameZh: '蚂蚁鲸探', kind: 'custodial', status: 'active', exitDate: null, itemCount: 0 },
  { id: 'ethereum', name: 'Ethereum', nameZh: '以太坊', kind: 'chain', status: 'active', exitDate: null, itemCount: 0 },
  { id: 'polygon', name: 'Polygon', nameZh: null, kind: 'chain', status: 'active', exitDate: null, itemCount: 0 },
];

const ACCOUNTS: Account[] = [
  { id: 'acc-huanhe', kind: 'platform', platform: 'huanhe', name: '幻核 · 138****2046', status: 'platform-closed', statusMessage: '平台已于 2022 年停止服务', itemCount: 0, heldCount: 0, createdAt: '2024-01-02T08:00:00Z', lastSyncAt: '2024-01-02T09:00:00Z' },
  { id: 'acc-lingxi', kind: 'platform', platform: 'lingxi', name: '灵稀 · jd_收藏家', status: 'signin-required', statusMessage: 'Session expired', itemCount: 0, heldCount: 0, createdAt: '2024-01-03T08:00:00Z', lastSyncAt: '2024-02-01T09:00:00Z' },
  { id: 'acc-jingtan', kind: 'platform', platform: 'jingtan', name: '鲸探 · 小鲸鱼', status: 'ok', statusMessage: null, itemCount: 0, heldCount: 0, createdAt: '2024-01-04T08:00:00Z', lastSyncAt: '2025-06-01T09:00:00Z' },
  { id: 'acc-eth', kind: 'evm', platform: 'ethereum', name: '0x8ba1…72f3', status: 'ok', statusMessage: null, itemCount: 0, heldCount: 0, createdAt: '2024-01-05T08:00:00Z', lastSyncAt: '2025-06-02T09:00:00Z' },
  { id: 'acc-poly', kind: 'evm', platform: 'polygon', name: '0x3f5c…a0b9', status: 'error', statusMessage: 'RPC timeout', itemCount: 0, heldCount: 0, createdAt: '2024-01-06T08:00:00Z', lastSyncAt: null },
];

const ZH_NAMES = ['敦煌飞天', '三星堆青铜面具', '十二生肖·龙', '故宫瑞兽·麒麟', '山海经·九尾狐', '水墨江南', '赛博长城', '国潮醒狮', '千里江山图', '兵马俑·将军俑', '青花瓷·缠枝莲', '西湖十景·断桥残雪'];
const ZH_CREATORS = ['敦煌研究院', '三星堆博物馆', '故宫文创', '中国国家博物馆', '浙江美术馆', null];
const EN_NAMES = ['Tidal Fragment', 'Lunar Garden', 'Quiet Machine', 'Paper Crane', 'Glass Orchard', 'Night Ferry'];
const EN_CREATORS = ['Studio North', 'mira.eth', 'Kestrel Works', null];
const MEDIA: ItemSummary['mediaType'][] = ['image', 'image', 'image', 'image', 'image', 'image', 'image', 'model', 'model', 'video', 'audio', 'html'];
const GLYPHS = ['龙', '虎', '凤', '山', '水', '月', '◆', '●', '▲', '✦'];

interface Fake {
  summary: ItemSummary;
  hue: number;
  glyph: string;
}

const mediaIndex = new Map<string, { hue: number; glyph: string; label: string }>();

function buildItems(count: number): Fake[] {
  const items: Fake[] = [];
  const platformCount = PLATFORMS.length;
  const base = Date.parse('2025-06-01T12:00:00Z');
  for (let i = 0; i < count; i++) {
    const p = PLATFORMS[i % platformCount]!;
    const account = ACCOUNTS.find((a) => a.platform === p.id)!;
    const chain = p.kind === 'chain';
    const mediaType = MEDIA[(i * 7) % MEDIA.length]!;
    const name = chain ? `${EN_NAMES[i % EN_NAMES.length]} #${i + 1}` : `${ZH_NAMES[i % ZH_NAMES.length]}${i >= ZH_NAMES.length ? ` ${Math.floor(i / ZH_NAMES.length) + 1}` : ''}`;
    const creator = chain ? EN_CREATORS[i % EN_CREATORS.length]! : ZH_CREATORS[i % ZH_CREATORS.length]!;
    const hasPreview = mediaType === 'image' || i % 3 !== 0;
    const previewSha = sha(`preview:${i}`);
    const hue = (i * 47) % 360;
    const glyph = GLYPHS[i % GLYPHS.length]!;
    if (hasPreview) mediaIndex.set(previewSha, { hue, glyph, label: name });
    const level = chain ? 2 + (i % 2) : i % 5 === 0 ? 0 : 1;
    const summary: ItemSummary = {
      id: `${p.id}:${i}`,
      accountId: account.id,
      platform: p.id,
      name,
      creator,
      collection: chain ? 'Genesis' : `${ZH_NAMES[i % ZH_NAMES.length]}系列`,
      serial: chain ? null : `#${(i % 9999) + 1}/10000`,
      chain: chain ? p.id : p.id === 'jingtan' ? 'antchain' : p.id === 'huanhe' ? 'zhixin' : null,
      mediaType,
      evidenceLevel: level,
      held: i % 11 !== 5,
      acquiredAt: new Date(base - i * 3_600_000 * 7).toISOString(),
      preview: hasPreview ? { sha256: previewSha, mime: 'image/svg+xml', size: 1200 + (i % 500) } : null,
    };
    items.push({ summary, hue, glyph });
  }
  return items;
}

function detailOf(fake: Fake): ItemDetail {
  const s = fake.summary;
  const idx = Number(s.id.split(':')[1]);
  const chain = s.platform === 'ethereum' || s.platform === 'polygon';
  const files: ItemDetail['files'] = [];
  const main = sha(`main:${s.id}`);
  mediaIndex.set(main, { hue: fake.hue, glyph: fake.glyph, label: s.name });
  const role = s.mediaType === 'model' ? 'model' : s.mediaType === 'video' ? 'video' : s.mediaType === 'audio' ? 'audio' : s.mediaType === 'html' ? 'other' : 'image';
  const mime = { model: 'model/gltf-binary', video: 'video/mp4', audio: 'audio/mpeg', other: 'text/html', image: 'image/svg+xml' }[role];
  files.push({ sha256: main, mime, size: 2_400_000 + idx * 31, role, fileName: `${s.name}.${mime.split('/')[1]}`, sourceUrl: chain ? `ipfs://bafy${idx}/media` : `https://cdn.example.invalid/${s.id}`, path: `blobs/${main.slice(0, 2)}/${main}` });
  if (s.preview) files.push({ ...s.preview, role: 'thumbnail', fileName: null, sourceUrl: null, path: `blobs/${s.preview.sha256.slice(0, 2)}/${s.preview.sha256}` });
  const meta = sha(`meta:${s.id}`);
  files.push({ sha256: meta, mime: 'application/json', size: 1834, role: 'metadata', fileName: 'metadata.json', sourceUrl: null, path: `blobs/${meta.slice(0, 2)}/${meta}` });
  const evidence: ItemDetail['evidence'] = [];
  if (s.evidenceLevel >= 1)
    evidence.push({ id: idx * 10 + 1, kind: 'certificate', level: 1, capturedAt: s.acquiredAt ?? '2024-01-01T00:00:00Z', summary: { serial: s.serial, issuer: '数字藏品发行平台', certificateNo: `CERT-${idx}` }, file: { sha256: sha(`cert:${s.id}`), mime: 'image/png', size: 88_000 }, verified: null, verifyMessage: null });
  if (s.evidenceLevel >= 2)
    evidence.push({ id: idx * 10 + 2, kind: 'tx-inclusion', level: 2, capturedAt: '2025-06-02T09:00:00Z', summary: { blockNumber: 19_000_000 + idx, txIndex: idx % 200 }, file: null, verified: true, verifyMessage: 'Receipt proof verifies against block header' });
  if (s.evidenceLevel >= 3)
    evidence.push({ id: idx * 10 + 3, kind: 'ownership-proof', level: 3, capturedAt: '2025-06-02T09:00:00Z', summary: { snapshotBlock: 20_100_000, owner: '0x8ba1f109551bd432803012645ac136ddd64dba72' }, file: null, verified: true, verifyMessage: null });
  return {
    ...s,
    externalId: chain ? `${idx}` : `HX${100000 + idx}`,
    description: chain ? 'A quiet study in light and water, minted on Ethereum.' : '以数字形式重现传统文化之美，每一件藏品都有唯一编号与链上存证。',
    issuer: chain ? null : '杭州数字文化有限公司',
    contract: chain ? '0x5fbdb2315678afecb367f032d93f642f64180aa3' : null,
    tokenId: chain ? String(idx) : String(1_000_000 + idx),
    txHash: s.evidenceLevel >= 1 ? `0x${sha(`tx:${s.id}`)}` : null,
    standard: chain ? 'ERC-721' : null,
    issuedAt: '2022-05-20T04:00:00Z',
    firstSeenAt: '2024-01-02T09:00:00Z',
    lastSeenAt: '2025-06-02T09:00:00Z',
    syncError: idx % 13 === 7 ? 'Media URL expired (403); kept the copy from the previous sync' : null,
    attributes: chain
      ? [{ trait: 'Background', value: 'Tide' }, { trait: 'Rarity', value: 'Rare' }]
      : [{ trait: '稀有度', value: '典藏' }, { trait: '系列', value: s.collection ?? '' }, { trait: '发行量', value: '10000' }],
    metadata: { source: 'stub' },
    files,
    evidence,
  };
}

function svgFor(entry: { hue: number; glyph: string; label: string }): string {
  const { hue, glyph } = entry;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},55%,72%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},50%,42%)"/></linearGradient></defs>
<rect width="512" height="512" fill="url(#g)"/><circle cx="380" cy="140" r="70" fill="hsla(${hue},80%,95%,0.35)"/>
<text x="256" y="300" font-size="200" text-anchor="middle" fill="rgba(255,255,255,0.9)" font-family="Noto Sans CJK SC, sans-serif">${glyph}</text></svg>`;
}

const collator = new Intl.Collator('zh-CN');

export function startStubServer(options: StubOptions = {}): Promise<{ server: Server; url: string }> {
  const items = options.empty ? [] : buildItems(options.items ?? 2000);
  // Validate generated data against the contract once (a sample is enough for large sets).
  for (const f of items.slice(0, 500)) ItemSummary.parse(f.summary);
  for (const f of items.slice(0, 100)) ItemDetail.parse(detailOf(f));
  const platforms = PLATFORMS.map((p) => ({ ...p, itemCount: items.filter((f) => f.summary.platform === p.id).length }));
  const accounts = ACCOUNTS.map((a) => {
    const mine = items.filter((f) => f.summary.accountId === a.id);
    return { ...a, itemCount: mine.length, heldCount: mine.filter((f) => f.summary.held).length };
  });
  const byId = new Map(items.map((f) => [f.summary.id, f]));
  const sorted = new Map<string, Fake[]>();
  const sortedBy = (key: string): Fake[] => {
    let list = sorted.get(key);
    if (!list) {
      const val = (f: Fake) => (key === 'name' ? f.summary.name : key === 'platform' ? f.summary.platform : key === 'chain' ? (f.summary.chain ?? '') : (f.summary.acquiredAt ?? ''));
      list = [...items].sort((a, b) => collator.compare(val(a), val(b)));
      sorted.set(key, list);
    }
    return list;
  };
  const eventClients = new Set<ServerResponse>();
  const emit = (event: ApiEvent) => {
    ApiEvent.parse(event);
    for (const res of eventClients) res.write(`data: ${JSON.stringify(event)}\n\n`);
  };

  const handlers: { [N in OperationName]?: (input: never) => unknown } = {
    'app.info': () => ({ name: 'Holdfast', version: '0.0.0-stub', shell: 'http', libraryDir: '/tmp/holdfast-stub', itemCount: items.length, fileCount: items.length * 3, storageBytes: items.length * 2_500_000, schemaVersion: 1 }),
    'platforms.list': () => platforms,
    'accounts.list': () => accounts,
    'items.list': (input: { query?: string; accountId?: string; platform?: string; chain?: string; mediaType?: string; evidenceLevel?: number; held?: boolean; sort: string; order: string; offset: number; limit: number }) => {
      if (input.query === '!error') throw Object.assign(new Error('database is locked (stub)'), { code: 'internal' });
      const q = input.query?.trim().toLowerCase();
      let list = sortedBy(input.sort);
      if (input.order === 'desc') list = [...list].reverse();
      const pf = new Map(platforms.map((p) => [p.id, `${p.name} ${p.nameZh ?? ''}`.toLowerCase()]));
      const hits = list.filter(({ summary: s }) => {
        if (input.accountId && s.accountId !== input.accountId) return false;
        if (input.platform && s.platform !== input.platform) return false;
        if (input.chain && s.chain !== input.chain) return false;
        if (input.mediaType && s.mediaType !== input.mediaType) return false;
        if (input.evidenceLevel !== undefined && s.evidenceLevel !== input.evidenceLevel) return false;
        if (input.held !== undefined && s.held !== input.held) return false;
        if (q && q !== '!slow') {
          const hay = `${s.name} ${s.creator ?? ''} ${s.collection ?? ''} ${s.serial ?? ''} ${pf.get(s.platform) ?? ''}`.toLowerCase();
          if (!hay.includes(q)) return false;
        }
        return true;
      });
      return { total: hits.length, items: hits.slice(input.offset, input.offset + input.limit).map((f) => f.summary) };
    },
    'chains.list': () => {
      const counts = new Map<string, number>();
      for (const { summary } of items) if (summary.chain) counts.set(summary.chain, (counts.get(summary.chain) ?? 0) + 1);
      return [...counts].map(([chain, itemCount]) => ({ chain, itemCount })).sort((a, b) => b.itemCount - a.itemCount);
    },
    'collections.list': (input: { query?: string; limit: number }) => {
      const groups = new Map<string, { name: string; platform: string; itemCount: number; heldCount: number; storageBytes: number; preview: null }>();
      for (const { summary: s } of items) {
        if (!s.collection || (input.query && !s.collection.includes(input.query))) continue;
        const key = `${s.platform}\n${s.collection}`;
        const g = groups.get(key) ?? { name: s.collection, platform: s.platform, itemCount: 0, heldCount: 0, storageBytes: 0, preview: null };
        g.itemCount++;
        if (s.held) g.heldCount++;
        g.storageBytes += 2_500_000;
        groups.set(key, g);
      }
      const all = [...groups.values()].sort((a, b) => b.itemCount - a.itemCount);
      return { total: all.length, collections: all.slice(0, input.limit) };
    },
    'settings.get': () => ({ language: 'auto', ipfsGateways: ['https://ipfs.io'], arweaveGateway: 'https://arweave.net', allowLocalNetwork: false, maxFileMb: 2048 }),
    'settings.set': (input: Record<string, unknown>) => ({ language: 'auto', ipfsGateways: ['https://ipfs.io'], arweaveGateway: 'https://arweave.net', allowLocalNetwork: false, maxFileMb: 2048, ...input }),
    'items.get': (input: { id: string }) => {
      const f = byId.get(input.id);
      if (!f) throw Object.assign(new Error(`no item ${input.id}`), { code: 'not_found' });
      return detailOf(f);
    },
    'sync.start': () => {
      let done = 0;
      const timer = setInterval(() => {
        done += 5;
        emit({ type: 'sync.progress', runId: 1, accountId: 'acc-jingtan', phase: done >= 40 ? 'done' : 'fetching', itemsListed: 40, itemsDone: Math.min(done, 40), filesDone: done, filesTotal: 80, bytesDone: done * 1e5, bytesPerSecond: 1e6, etaSeconds: 4, currentItem: '敦煌飞天' });
        if (done >= 40) {
          clearInterval(timer);
          emit({ type: 'library.changed' });
        }
      }, 500);
      return { runIds: [1] };
    },
  };

  const authorized = (req: IncomingMessage): boolean => {
    if (!options.token) return true;
    if (req.headers.authorization === `Bearer ${options.token}`) return true;
    return (req.headers.cookie ?? '').split(/;\s*/).includes(`holdfast_session=${options.token}`);
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      if (url.pathname.startsWith('/api/') && !authorized(req)) return send(res, 401, { ok: false, error: { code: 'internal', message: 'unauthorized' } });

      if (url.pathname.startsWith('/api/call/') && req.method === 'POST') {
        const op = decodeURIComponent(url.pathname.slice('/api/call/'.length)) as OperationName;
        let raw = '';
        for await (const chunk of req) raw += String(chunk);
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        if (!operationNames.includes(op)) return send(res, 404, { ok: false, error: { code: 'unknown_operation', message: `unknown operation ${op}` } } satisfies ApiResult<never>);
        const parsedInput = contract[op].input.safeParse(raw ? JSON.parse(raw) : {});
        if (!parsedInput.success) return send(res, 400, { ok: false, error: { code: 'invalid_input', message: parsedInput.error.message } });
        if ((parsedInput.data as { query?: string }).query === '!slow') await new Promise((r) => setTimeout(r, 2000));
        const handler = handlers[op];
        if (!handler) return send(res, 501, { ok: false, error: { code: 'not_implemented', message: `${op} is not in the stub` } });
        try {
          const result = contract[op].output.parse(handler(parsedInput.data as never));
          return send(res, 200, { ok: true, result });
        } catch (err) {
          const code = (err as { code?: string }).code ?? 'internal';
          return send(res, code === 'not_found' ? 404 : 500, { ok: false, error: { code, message: (err as Error).message } });
        }
      }

      if (url.pathname === '/api/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': hello\n\n');
        eventClients.add(res);
        req.on('close', () => eventClients.delete(res));
        return;
      }

      const media = /^\/media\/([0-9a-f]{64})$/.exec(url.pathname);
      if (media) {
        const entry = mediaIndex.get(media[1]!);
        if (!entry) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=3600' });
        res.end(svgFor(entry));
        return;
      }

      // Static renderer build; the token in ?token= becomes an HttpOnly cookie like the real shell.
      const headers: Record<string, string> = {};
      if (options.token && url.searchParams.get('token') === options.token)
        headers['Set-Cookie'] = `holdfast_session=${options.token}; HttpOnly; SameSite=Strict; Path=/`;
      const rel = url.pathname === '/' ? 'index.html' : normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
      const file = join(outDir, rel);
      if (!file.startsWith(outDir) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('not found');
        return;
      }
      const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', ...headers });
      res.end(readFileSync(file));
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'internal', message: String(err) } });
    });
  });

  return new Promise((resolve) => {
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const { url } = await startStubServer({
    port: Number(arg('port') ?? 5180),
    items: Number(arg('items') ?? 2000),
    delayMs: Number(arg('delay') ?? 0),
    token: arg('token') ?? null,
    empty: process.argv.includes('--empty'),
  });
  console.log(`holdfast stub: ${url}/`);
}
