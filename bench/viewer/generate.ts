// Generates a library of N items (default 100,000) for the viewer benchmark: 12 platforms, 24
// accounts, a few thousand collections, names and descriptions in Chinese and English, every
// kind of media type, evidence levels, some items no longer held and some with sync failures.
// Rows go in through the catalog's own functions (upsertItem, attachFile, addEvidence) inside
// one transaction; thumbnails are 48 small WebP files shared by all items, and every 3D item
// carries one of the six demo models (GLB, some animated), so the folder stays small (a few
// tens of MB, most of it one large model: see large-model.ts) while the catalog is full size.
import sharp from 'sharp';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { addEvidence, attachFile, setItemSyncError, upsertItem, type HoldingRecord } from '../../main/core/db/items.js';
import { Library } from '../../main/core/library.js';
import { MODEL_KINDS, makeModelGlb } from '../../main/core/demo/media/model.js';
import { makeLargeModelGlb } from './large-model.js';

/** externalId of the one large 3D item (about a million triangles, three 4K textures). */
export const LARGE_MODEL_ID = 'large-model';

/** Small deterministic PRNG (mulberry32): the same library every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZH_PLACES = ['敦煌', '长安', '洛阳', '苏州', '西湖', '黄山', '泰山', '三星堆', '故宫', '江南', '蜀道', '大漠', '丝路', '岭南', '塞北', '昆仑'];
const ZH_THINGS = ['飞天', '青花瓷', '山水', '锦鲤', '仙鹤', '祥龙', '凤凰', '宫灯', '玉兔', '麒麟', '牡丹', '竹林', '古琴', '戏曲', '剪纸', '灯笼', '瑞兽', '星河'];
const ZH_SUFFIX = ['其一', '其二', '春', '夏', '秋', '冬', '晨', '暮', '上元', '中秋', '纪念版', '典藏版'];
const EN_ADJ = ['Crimson', 'Silent', 'Golden', 'Neon', 'Ancient', 'Lunar', 'Electric', 'Jade', 'Velvet', 'Frozen', 'Wandering', 'Hidden', 'Solar', 'Paper', 'Glass', 'Iron'];
const EN_NOUN = ['Dragon', 'Harbor', 'Garden', 'Lantern', 'Caravan', 'Pagoda', 'Orbit', 'Tiger', 'Crane', 'Koi', 'Mask', 'Scroll', 'Temple', 'Comet', 'Rabbit', 'Phoenix', 'Ship', 'Forest'];
const CREATORS_ZH = ['李青', '王墨', '张小山', '陈默', '刘一帆', '赵月', '孙悟', '周星', '吴桐', '郑和', '梨园数字', '天工实验室', '景德镇数字工坊', '墨竹堂', '古建数字'];
const CREATORS_EN = ['NeonTang Studio', 'Moonlight Atelier', 'Dunhuang Digital Lab', 'orbit.eth', 'beats.eth', 'Pixel Monk', 'Kite Works', 'Glasshouse', 'Nova Collective', 'Quiet Hands'];
const CHAINS = ['至信链', '蚂蚁链', '百度超级链', '文昌链', '长安链', 'Ethereum', 'Polygon', 'Base'];
const MEDIA: HoldingRecord['mediaType'][] = ['image', 'image', 'image', 'image', 'model', 'video', 'audio', 'html', 'other'];

export interface GeneratedLibrary {
  dir: string;
  items: number;
  seconds: number;
}

export async function generateLibrary(dir: string, count = 100_000): Promise<GeneratedLibrary> {
  const started = performance.now();
  const library = Library.open(dir);
  const { db, blobs } = library;
  const random = prng(20240630);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

  // 48 shared thumbnails: soft two-colour gradients, 256 px WebP.
  const thumbs: Array<{ sha256: string; size: number; mime: string }> = [];
  for (let t = 0; t < 48; t++) {
    const hue = (t * 37) % 360;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 80) % 360},60%,30%)"/></linearGradient></defs>
      <rect width="256" height="256" fill="url(#g)"/><circle cx="${80 + (t % 6) * 18}" cy="${90 + (t % 5) * 14}" r="${30 + (t % 4) * 10}" fill="rgba(255,255,255,0.35)"/></svg>`;
    const bytes = await sharp(Buffer.from(svg)).webp({ quality: 70 }).toBuffer();
    const stored = await blobs.put(bytes);
    thumbs.push({ sha256: stored.sha256, size: stored.size, mime: 'image/webp' });
  }

  const models: Array<{ sha256: string; size: number; mime: string; fileName: string }> = [];
  for (const kind of MODEL_KINDS) {
    const stored = await blobs.put(Buffer.from(await makeModelGlb(kind, { seed: models.length + 1, title: kind })));
    models.push({ sha256: stored.sha256, size: stored.size, mime: 'model/gltf-binary', fileName: `${kind}.glb` });
  }

  const large = await makeLargeModelGlb();
  const largeStored = await blobs.put(Buffer.from(large.bytes));

  const platforms = Array.from({ length: 12 }, (_, p) => ({ id: `bench-p${p}`, name: `Platform ${p}`, nameZh: `平台${p}` }));
  const accounts = Array.from({ length: 24 }, (_, a) => ({ id: `bench-a${a}`, platform: platforms[a % platforms.length]! }));
  // Collection names as platforms name them (敦煌飞天·典藏, Golden Cranes Genesis); the same
  // name may come up twice and then simply holds more items.
  const collections = Array.from({ length: 3000 }, (_, c) =>
    c % 2 === 0
      ? `${pick(ZH_PLACES)}${pick(ZH_THINGS)}${['', '·典藏', '·限定', '·纪念', '·第二季'][c % 5]}`
      : `${pick(EN_ADJ)} ${pick(EN_NOUN)}s${['', ' Genesis', ' Editions', ' Vol. 2', ' Originals'][c % 5]}`,
  );

  const insert = db.transaction(() => {
    for (const p of platforms) upsertPlatform(db, { ...p, kind: 'custodial', status: random() < 0.5 ? 'closed' : 'active' });
    for (const a of accounts) upsertAccount(db, { id: a.id, kind: 'platform', platformId: a.platform.id, name: `${a.platform.nameZh} · 用户${a.id.slice(7)}` });
    const base = Date.parse('2021-06-01T00:00:00Z');
    for (let n = 0; n < count; n++) {
      const account = accounts[n % accounts.length]!;
      const zh = random() < 0.6;
      const edition = 1 + Math.floor(random() * 10000);
      const name = zh ? `${pick(ZH_PLACES)}${pick(ZH_THINGS)}·${pick(ZH_SUFFIX)}` : `${pick(EN_ADJ)} ${pick(EN_NOUN)} #${edition}`;
      const creator = zh ? pick(CREATORS_ZH) : pick(CREATORS_EN);
      const mediaType = pick(MEDIA);
      const record: HoldingRecord = {
        externalId: `item-${n}`,
        name,
        description: zh
          ? `以${pick(ZH_PLACES)}为灵感的${pick(ZH_THINGS)}数字藏品，限量发行 ${edition} 份。`
          : `A ${pick(EN_ADJ).toLowerCase()} ${pick(EN_NOUN).toLowerCase()} from the ${pick(EN_ADJ)} collection, edition of ${edition}.`,
        creator,
        issuer: `${account.platform.nameZh}数字文化`,
        collection: pick(collections),
        serial: `#${1 + Math.floor(random() * edition)}/${edition}`,
        chain: pick(CHAINS),
        contract: `0x${Math.floor(random() * 0xffffffff).toString(16).padStart(8, '0')}${'a'.repeat(32)}`,
        tokenId: String(n),
        mediaType,
        acquiredAt: new Date(base + Math.floor(random() * 3 * 365 * 86_400_000)).toISOString(),
        issuedAt: new Date(base + Math.floor(random() * 365 * 86_400_000)).toISOString(),
      };
      const { id } = upsertItem(db, account.id, account.platform.id, record);
      attachFile(db, id, { role: 'thumbnail', ...pick(thumbs) });
      if (mediaType === 'model') attachFile(db, id, { role: 'model', ...models[n % models.length]! });
      const level = random();
      if (level < 0.5) addEvidence(db, id, { kind: 'platform-certificate', level: 1, summary: { serial: record.serial } });
      else if (level < 0.6) addEvidence(db, id, { kind: 'receipt-proof', level: 2, verified: true });
      else if (level < 0.65) addEvidence(db, id, { kind: 'ownership-proof', level: 3, verified: true });
      if (random() < 0.03) setItemSyncError(db, id, 'media download failed: HTTP 404');
    }
    const { id: largeId } = upsertItem(db, accounts[0]!.id, accounts[0]!.platform.id, {
      externalId: LARGE_MODEL_ID,
      name: `Large model (${Math.round(large.triangles / 1000)}k triangles, 3 × 4096² textures)`,
      mediaType: 'model',
      acquiredAt: '2021-01-01T00:00:00.000Z',
    });
    attachFile(db, largeId, { role: 'thumbnail', ...thumbs[0]! });
    attachFile(db, largeId, { role: 'model', sha256: largeStored.sha256, size: largeStored.size, mime: 'model/gltf-binary', fileName: 'large.glb' });
    // 5% no longer held.
    db.prepare(`UPDATE items SET held = 0 WHERE rowid % 20 = 7`).run();
  });
  insert();
  db.pragma('wal_checkpoint(TRUNCATE)');
  library.close();
  return { dir, items: count, seconds: (performance.now() - started) / 1000 };
}
