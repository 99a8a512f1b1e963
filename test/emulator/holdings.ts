// The holdings the emulator serves: derived from the phone number only, so the same phone always
// sees the same items, and the media bytes come from the demo generators (real PNG/JPEG/WebP,
// GLB, MP4, WAV), made on first request and kept in memory.
import { createHash } from 'node:crypto';
import { makeArtwork, makeMelodyWav, makeModelGlb, makeVideoMp4, type ModelKind } from '../../main/core/demo/media/index.js';

export type MediaKind = 'image' | 'model' | 'video' | 'audio';

export interface EmulatedMedia {
  /** File name inside the item's media folder; also the stable part of its URL. */
  file: string;
  kind: MediaKind | 'cover';
}

export interface EmulatedHolding {
  id: string;
  name: string;
  description: string;
  creator: string;
  issuer: string;
  collection: string;
  edition: number;
  supply: number;
  chain: string;
  contract: string;
  tokenId: string;
  txHash: string;
  certificateNo: string;
  /** ISO dates. */
  issuedAt: string;
  acquiredAt: string;
  kind: MediaKind;
  /** The main media first, then the cover (items whose main media is not a picture). */
  media: EmulatedMedia[];
}

const hex = (label: string, bytes: number) => {
  let out = '';
  for (let i = 0; out.length < bytes * 2; i++) out += createHash('sha256').update(`${label}#${i}`).digest('hex');
  return `0x${out.slice(0, bytes * 2)}`;
};
const seedOf = (label: string) => createHash('sha256').update(label).digest().readUInt32BE(0);

const NAMES = ['青花缠枝莲纹瓶', '敦煌飞天', '千里江山图·局部', '三星堆青铜面具', '锦鲤', '长城晨雾', '兔年福兔', '编钟余音', '唐三彩骆驼', '西湖印月', '宋瓷天青', '龙门石窟'];
const COLLECTIONS = ['国潮典藏', '丝路遗珍', '山河入梦'];
const CHAINS = ['至信链', '文昌链', '蚂蚁链', '百度超级链'];
const CREATORS = ['林墨', '陈雨桐', 'Studio Qingshan', '赵一鸣'];
const ISSUERS = ['数藏模拟平台', '文旅数字藏品有限公司'];
const KINDS: readonly MediaKind[] = ['image', 'model', 'image', 'video', 'audio', 'image', 'model'];
const IMAGE_FORMATS = ['png', 'jpeg', 'webp'] as const;
const MODELS: readonly ModelKind[] = ['vase', 'coin', 'lantern', 'crystal', 'pagoda', 'rocket'];

/** Normalises a phone number the way the emulator's sign-in does (digits only). */
export function normalisePhone(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** The holdings of `phone`: `count` items, always the same for the same phone and count. */
export function holdingsFor(phone: string, count: number): EmulatedHolding[] {
  const p = normalisePhone(phone);
  const base = seedOf(`phone:${p}`);
  const out: EmulatedHolding[] = [];
  for (let i = 0; i < count; i++) {
    const s = seedOf(`${p}/${i}`);
    const kind = KINDS[i % KINDS.length]!;
    const id = `${(base % 9000) + 1000}${String(i + 1).padStart(4, '0')}`;
    const supply = [1000, 5000, 10000][s % 3]!;
    const edition = (s % supply) + 1;
    const collection = COLLECTIONS[(base + i) % COLLECTIONS.length]!;
    const issued = new Date(Date.UTC(2022, (s >>> 4) % 12, ((s >>> 8) % 27) + 1, 10, 0, 0));
    const acquired = new Date(issued.getTime() + (((s >>> 12) % 200) + 1) * 86_400_000);
    const ext = kind === 'image' ? extOf(IMAGE_FORMATS[i % IMAGE_FORMATS.length]!) : kind === 'model' ? 'glb' : kind === 'video' ? 'mp4' : 'wav';
    const media: EmulatedMedia[] = [{ file: `main.${ext}`, kind }];
    if (kind !== 'image') media.push({ file: 'cover.jpg', kind: 'cover' });
    out.push({
      id,
      name: `${NAMES[(base + i) % NAMES.length]!} #${edition}`,
      description: `${collection}系列数字藏品，编号 ${edition}/${supply}。仅用于测试 Holdfast 的平台模拟器。`,
      creator: CREATORS[s % CREATORS.length]!,
      issuer: ISSUERS[(s >>> 3) % ISSUERS.length]!,
      collection,
      edition,
      supply,
      chain: CHAINS[(base + i) % CHAINS.length]!,
      contract: hex(`emulator/${collection}/contract`, 20),
      tokenId: String(s % 1_000_000_000),
      txHash: hex(`emulator/${p}/${i}/tx`, 32),
      certificateNo: `CERT-${id}-${String(edition).padStart(5, '0')}`,
      issuedAt: issued.toISOString(),
      acquiredAt: acquired.toISOString(),
      kind,
      media,
    });
  }
  return out;
}

function extOf(format: (typeof IMAGE_FORMATS)[number]): string {
  return format === 'jpeg' ? 'jpg' : format;
}

const cache = new Map<string, Promise<Uint8Array>>();

/** The bytes of one media file of one holding (deterministic; generated once per process). */
export function mediaBytes(holding: EmulatedHolding, file: string): Promise<Uint8Array> | null {
  const media = holding.media.find((m) => m.file === file);
  if (!media) return null;
  const key = `${holding.id}/${file}/${holding.name}`;
  let bytes = cache.get(key);
  if (!bytes) {
    bytes = generate(holding, media);
    cache.set(key, bytes);
  }
  return bytes;
}

async function generate(h: EmulatedHolding, m: EmulatedMedia): Promise<Uint8Array> {
  const seed = seedOf(`${h.id}/${m.file}`);
  const title = h.name;
  if (m.kind === 'cover') return makeArtwork('jpeg', { seed, width: 240, height: 240, title });
  switch (m.kind) {
    case 'image': {
      const format = m.file.endsWith('.png') ? 'png' : m.file.endsWith('.webp') ? 'webp' : 'jpeg';
      return makeArtwork(format, { seed, width: 240, height: 240, title });
    }
    case 'model':
      return makeModelGlb(MODELS[seed % MODELS.length]!, { seed, title });
    case 'video':
      return makeVideoMp4({ seed, title, seconds: 0.5 });
    case 'audio':
      return makeMelodyWav({ seed, seconds: 0.5 });
  }
}

export const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  glb: 'model/gltf-binary',
  mp4: 'video/mp4',
  wav: 'audio/wav',
};
