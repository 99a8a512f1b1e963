import { createRequire } from 'node:module';
import { getBounds, NodeIO, type Document } from '@gltf-transform/core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeArtwork, makeMelodyWav, makeModelGlb, makeSvgArtwork, makeVideoMp4, type ModelKind } from '../../main/core/demo/media/index.js';

// The Khronos glTF validator ships without type declarations; describe the part we use.
interface ValidatorMessage {
  code: string;
  message: string;
  severity: number;
  pointer?: string;
}
interface ValidatorReport {
  issues: { numErrors: number; numWarnings: number; messages: ValidatorMessage[] };
  info?: { animationCount?: number };
}
const require = createRequire(import.meta.url);
const validator = require('gltf-validator') as { validateBytes(data: Uint8Array, opts?: { maxIssues?: number }): Promise<ValidatorReport> };

const KINDS: ModelKind[] = ['vase', 'coin', 'lantern', 'crystal', 'pagoda', 'rocket'];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

function u32le(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
}

async function readGlb(glb: Uint8Array): Promise<Document> {
  return new NodeIO().readBinary(glb);
}

describe('demo 3D models (GLB)', () => {
  describe.each(KINDS)('%s', (kind) => {
    const title = `Holdfast ${kind} 数字藏品 #7`;

    it('is a well-formed GLB that the Khronos validator accepts without errors or warnings', async () => {
      const glb = await makeModelGlb(kind, { seed: 11, title });
      expect(u32le(glb, 0)).toBe(0x46546c67); // "glTF"
      expect(u32le(glb, 4)).toBe(2);
      expect(u32le(glb, 8)).toBe(glb.byteLength);
      expect(u32le(glb, 16)).toBe(0x4e4f534a); // first chunk is JSON
      const report = await validator.validateBytes(glb, { maxIssues: 100 });
      const problems = report.issues.messages.filter((m) => m.severity <= 1).map((m) => `${m.code} ${m.pointer ?? ''}: ${m.message}`);
      expect(problems).toEqual([]);
      expect(report.issues.numErrors).toBe(0);
      expect(glb.byteLength).toBeLessThan(600_000);
    });

    it('carries a PNG base-colour texture, normals and UVs, faces wound outwards, and a sensible size', async () => {
      const doc = await readGlb(await makeModelGlb(kind, { seed: 11, title }));
      const textures = doc.getRoot().listTextures();
      expect(textures.length).toBe(1);
      const image = textures[0]?.getImage();
      expect(image).toBeTruthy();
      expect(textures[0]?.getMimeType()).toBe('image/png');
      expect(Array.from((image as Uint8Array).subarray(0, 8))).toEqual(PNG_SIGNATURE);
      const meta = await sharp(image as Uint8Array).metadata();
      expect(meta.format).toBe('png');
      expect(meta.width).toBe(512);

      const prims = doc.getRoot().listMeshes().flatMap((m) => m.listPrimitives());
      expect(prims.length).toBeGreaterThan(0);
      let textured = 0;
      for (const prim of prims) {
        const pos = prim.getAttribute('POSITION');
        const nrm = prim.getAttribute('NORMAL');
        const idx = prim.getIndices();
        expect(pos && nrm && idx).toBeTruthy();
        if (prim.getMaterial()?.getBaseColorTexture()) {
          textured++;
          expect(prim.getAttribute('TEXCOORD_0')?.getCount()).toBe(pos?.getCount());
        }
        // Every triangle's winding agrees with its vertex normals, so back-face culling never
        // shows a model inside-out.
        const P = pos?.getArray() as Float32Array;
        const N = nrm?.getArray() as Float32Array;
        const I = idx?.getArray() as Uint16Array | Uint32Array;
        let wrong = 0;
        for (let t = 0; t < I.length; t += 3) {
          const [a, b, c] = [I[t] as number, I[t + 1] as number, I[t + 2] as number];
          const e1 = [0, 1, 2].map((k) => (P[b * 3 + k] as number) - (P[a * 3 + k] as number));
          const e2 = [0, 1, 2].map((k) => (P[c * 3 + k] as number) - (P[a * 3 + k] as number));
          const fn = [e1[1]! * e2[2]! - e1[2]! * e2[1]!, e1[2]! * e2[0]! - e1[0]! * e2[2]!, e1[0]! * e2[1]! - e1[1]! * e2[0]!];
          const vn = [0, 1, 2].map((k) => (N[a * 3 + k] as number) + (N[b * 3 + k] as number) + (N[c * 3 + k] as number));
          if (fn[0]! * vn[0]! + fn[1]! * vn[1]! + fn[2]! * vn[2]! <= 0) wrong++;
        }
        expect(wrong).toBe(0);
      }
      expect(textured).toBeGreaterThan(0);

      const scene = doc.getRoot().getDefaultScene();
      expect(scene).toBeTruthy();
      const { min, max } = getBounds(scene!);
      const size = [max[0] - min[0], max[1] - min[1], max[2] - min[2]];
      expect(Math.max(...size)).toBeGreaterThanOrEqual(0.09);
      expect(Math.max(...size)).toBeLessThanOrEqual(0.55);
      expect(min[1]).toBeGreaterThanOrEqual(-0.001); // stands on the ground
    });

    it('is deterministic, and the seed and title change it', async () => {
      const a = await makeModelGlb(kind, { seed: 3, title });
      const b = await makeModelGlb(kind, { seed: 3, title });
      expect(same(a, b)).toBe(true);
      const c = await makeModelGlb(kind, { seed: 4, title });
      expect(same(a, c)).toBe(false);
      const d = await makeModelGlb(kind, { seed: 3, title: title + '!' });
      expect(same(a, d)).toBe(false);
    });
  });

  it('coin and lantern carry a looping rotation animation the viewer can play and pause', async () => {
    for (const kind of ['coin', 'lantern'] as const) {
      const doc = await readGlb(await makeModelGlb(kind, { seed: 1, title: 'anim' }));
      const anims = doc.getRoot().listAnimations();
      expect(anims.length).toBe(1);
      const channel = anims[0]?.listChannels()[0];
      expect(channel?.getTargetPath()).toBe('rotation');
      const input = channel?.getSampler()?.getInput();
      expect(input?.getCount()).toBeGreaterThanOrEqual(4);
      expect(input?.getMax([0])[0]).toBeGreaterThan(1);
    }
  });
});

describe('demo artwork images', () => {
  it.each(['png', 'jpeg', 'webp'] as const)('%s: right format and size, deterministic', async (format) => {
    const opts = { seed: 21, width: 320, height: 200, title: 'Aurora 极光 #3' };
    const img = await makeArtwork(format, opts);
    const meta = await sharp(img).metadata();
    expect(meta.format).toBe(format);
    expect([meta.width, meta.height]).toEqual([320, 200]);
    expect(same(img, await makeArtwork(format, opts))).toBe(true);
    expect(same(img, await makeArtwork(format, { ...opts, seed: 22 }))).toBe(false);
  });

  it('png shows the title (changing the title changes the pixels)', async () => {
    const a = await sharp(await makeArtwork('png', { seed: 5, width: 200, height: 200, title: 'One' })).raw().toBuffer();
    const b = await sharp(await makeArtwork('png', { seed: 5, width: 200, height: 200, title: 'Two' })).raw().toBuffer();
    expect(a.equals(b)).toBe(false);
  });

  it('gif is animated (several frames, looping) and deterministic', async () => {
    const opts = { seed: 8, width: 160, height: 120, title: 'Loop' };
    const gif = await makeArtwork('gif', opts);
    const meta = await sharp(gif).metadata();
    expect(meta.format).toBe('gif');
    expect([meta.width, meta.height]).toEqual([160, 120]);
    expect(meta.pages).toBeGreaterThanOrEqual(4);
    expect(meta.loop).toBe(0);
    expect(meta.delay?.every((d) => d > 0)).toBe(true);
    // The frames differ: it really moves.
    const frames = await sharp(gif, { animated: true }).raw().toBuffer();
    const frameLen = frames.length / (meta.pages ?? 1);
    expect(frames.subarray(0, frameLen).equals(frames.subarray(frameLen * 2, frameLen * 3))).toBe(false);
    expect(same(gif, await makeArtwork('gif', opts))).toBe(true);
  });

  it('rejects nonsensical sizes', async () => {
    await expect(makeArtwork('png', { seed: 1, width: 0, height: 10, title: 'x' })).rejects.toThrow(RangeError);
    await expect(makeArtwork('png', { seed: 1, width: 100.5, height: 100, title: 'x' })).rejects.toThrow(RangeError);
  });
});

describe('demo SVG artwork', () => {
  it('is a standalone document that renders, with no scripts and no external references', async () => {
    const svg = makeSvgArtwork({ seed: 2, title: 'Plain & <script>alert(1)</script> "quoted" 藏品' });
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/href="http/i);
    expect(svg).not.toMatch(/url\(\s*['"]?https?:/i);
    expect(svg).not.toMatch(/<image|<foreignObject|\son[a-z]+=/i);
    expect(svg).toContain('&lt;script&gt;');
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect([meta.width, meta.height]).toEqual([800, 800]);
    expect(makeSvgArtwork({ seed: 2, title: 'x' })).toBe(makeSvgArtwork({ seed: 2, title: 'x' }));
    expect(makeSvgArtwork({ seed: 2, title: 'x' })).not.toBe(makeSvgArtwork({ seed: 3, title: 'x' }));
  });
});

function findBox(b: Uint8Array, type: string, start = 0, end = b.length): { at: number; size: number } | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = start;
  while (pos + 8 <= end) {
    const size = view.getUint32(pos);
    const t = Buffer.from(b.subarray(pos + 4, pos + 8)).toString('latin1');
    if (t === type) return { at: pos, size };
    if (size < 8) return null;
    pos += size;
  }
  return null;
}

describe('demo video (MP4)', () => {
  it('is an H.264 MP4 of about 3 s, small, deterministic, and leaves process handlers alone', async () => {
    const handlers = [process.listeners('uncaughtException').length, process.listeners('unhandledRejection').length];
    const mp4 = await makeVideoMp4({ seed: 6, title: 'Koi 锦鲤' });
    expect([process.listeners('uncaughtException').length, process.listeners('unhandledRejection').length]).toEqual(handlers);
    expect(Buffer.from(mp4.subarray(4, 8)).toString('latin1')).toBe('ftyp');
    expect(Buffer.from(mp4).includes('avc1')).toBe(true);
    expect(Buffer.from(mp4).includes('avcC')).toBe(true);
    expect(mp4.byteLength).toBeGreaterThan(10_000);
    expect(mp4.byteLength).toBeLessThan(1_000_000);
    // Duration from the movie header.
    const moov = findBox(mp4, 'moov');
    expect(moov).toBeTruthy();
    const mvhd = findBox(mp4, 'mvhd', moov!.at + 8, moov!.at + moov!.size);
    expect(mvhd).toBeTruthy();
    const view = new DataView(mp4.buffer, mp4.byteOffset, mp4.byteLength);
    const timescale = view.getUint32(mvhd!.at + 20);
    const duration = view.getUint32(mvhd!.at + 24);
    expect(duration / timescale).toBeCloseTo(3, 1);

    const again = await makeVideoMp4({ seed: 6, title: 'Koi 锦鲤' });
    expect(same(mp4, again)).toBe(true);
    const other = await makeVideoMp4({ seed: 7, title: 'Koi 锦鲤', seconds: 1 });
    expect(same(mp4, other)).toBe(false);
    expect(other.byteLength).toBeLessThan(mp4.byteLength);
  });
});

describe('demo melody (WAV)', () => {
  it('is 16-bit mono 22050 Hz PCM of the requested length, audible, and deterministic', () => {
    const wav = makeMelodyWav({ seed: 4, seconds: 3 });
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect(wav.toString('ascii', 12, 16)).toBe('fmt ');
    expect(wav.readUInt16LE(20)).toBe(1); // PCM
    expect(wav.readUInt16LE(22)).toBe(1); // mono
    expect(wav.readUInt32LE(24)).toBe(22050);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.toString('ascii', 36, 40)).toBe('data');
    const dataLen = wav.readUInt32LE(40);
    expect(dataLen).toBe(3 * 22050 * 2);
    expect(wav.length).toBe(44 + dataLen);
    let peak = 0;
    for (let i = 44; i < wav.length; i += 2) peak = Math.max(peak, Math.abs(wav.readInt16LE(i)));
    expect(peak).toBeGreaterThan(16000);
    expect(Math.abs(wav.readInt16LE(wav.length - 2))).toBeLessThan(200); // fades out, no click
    expect(makeMelodyWav({ seed: 4, seconds: 3 }).equals(wav)).toBe(true);
    expect(makeMelodyWav({ seed: 5, seconds: 3 }).equals(wav)).toBe(false);
    expect(makeMelodyWav({ seed: 4 }).readUInt32LE(40)).toBe(4 * 22050 * 2);
  });
});
