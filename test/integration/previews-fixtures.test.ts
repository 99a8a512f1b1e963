// Previews and AR on hostile and unusual inputs: a decompression bomb, a truncated JPEG, an
// animated GIF, a glTF with external files, and a model over the phone budget. Each must end
// in a usable result or a recorded, readable error — never a crash.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { Document, NodeIO } from '@gltf-transform/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { FileRole, ItemPreviews } from '../../main/api/contract.js';
import { AR_BUDGET, modelStats, readModel } from '../../main/core/ar/model-ar.js';
import { checkUsdz } from '../../main/core/ar/usdz-check.js';
import { writeUsdzPackage } from '../../main/core/ar/usdz-package.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { attachFile, upsertItem } from '../../main/core/db/items.js';
import { makeArtwork, makeVideoMp4 } from '../../main/core/demo/media/index.js';
import { chromiumPath } from '../../main/core/previews/render3d/chromium.js';
import { buildPreviews, type BuildPreviewsResult } from '../../main/core/previews/build-previews.js';
import { ImageRefused, MAX_INPUT_PIXELS } from '../../main/core/previews/image-input.js';
import { makeThumbnails } from '../../main/core/previews/thumbnails.js';
import { gltfValidatorErrors, usdzProblems } from '../helpers/ar-checks.js';
import { holdfast } from '../helpers/cli.js';
import { suiteTempDir, tempDir } from '../helpers/tmp.js';

/** A 100-odd byte PNG whose header claims 100 000 × 100 000 pixels. */
function bombPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A textured box as glTF JSON + external .bin + .png, or as one document. */
async function texturedBox(textureSize: number, gridCells = 1): Promise<Document> {
  const doc = new Document();
  const buffer = doc.createBuffer('geometry').setURI('box.bin');
  const n = gridCells + 1;
  const positions: number[] = [];
  const uvs: number[] = [];
  const normals: number[] = [];
  const indices: number[] = [];
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      positions.push(x / gridCells - 0.5, y / gridCells, Math.sin(x / 7) * Math.cos(y / 9) * 0.05);
      normals.push(0, 0, 1);
      uvs.push(x / gridCells, 1 - y / gridCells);
    }
  }
  for (let y = 0; y < gridCells; y++) {
    for (let x = 0; x < gridCells; x++) {
      const i = y * n + x;
      indices.push(i, i + 1, i + n + 1, i, i + n + 1, i + n);
    }
  }
  const texture = await sharp({ create: { width: textureSize, height: textureSize, channels: 3, background: '#c04a2f' } })
    .composite([{ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${textureSize}" height="${textureSize}"><circle cx="50%" cy="50%" r="30%" fill="#f0d070"/></svg>`) }])
    .png()
    .toBuffer();
  const tex = doc.createTexture('paint').setImage(texture).setMimeType('image/png').setURI('paint.png');
  const mat = doc.createMaterial('paint').setBaseColorTexture(tex).setRoughnessFactor(0.6);
  const IndexArray = positions.length / 3 > 65535 ? Uint32Array : Uint16Array;
  const prim = doc
    .createPrimitive()
    .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(new Float32Array(positions)).setBuffer(buffer))
    .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(new Float32Array(normals)).setBuffer(buffer))
    .setAttribute('TEXCOORD_0', doc.createAccessor().setType('VEC2').setArray(new Float32Array(uvs)).setBuffer(buffer))
    .setIndices(doc.createAccessor().setType('SCALAR').setArray(new IndexArray(indices)).setBuffer(buffer))
    .setMaterial(mat);
  doc.createScene('s').addChild(doc.createNode('panel').setMesh(doc.createMesh('panel').addPrimitive(prim)));
  return doc;
}

let backend: Backend;
let result: BuildPreviewsResult;
const ids: Record<string, string> = {};

async function addItem(name: string, mediaType: 'image' | 'model' | 'video', files: Array<{ role: FileRole; bytes: Uint8Array; mime: string; fileName: string }>) {
  const { db, blobs } = backend.ctx.library;
  const { id } = upsertItem(db, 'fx', 'fx', { externalId: name, name, mediaType });
  for (const f of files) {
    const stored = await blobs.put(f.bytes);
    attachFile(db, id, { role: f.role, sha256: stored.sha256, size: stored.size, mime: f.mime, fileName: f.fileName, sourceUrl: `fixture://${name}/${f.fileName}` });
  }
  ids[name] = id;
}

async function info(name: string): Promise<ItemPreviews> {
  const r = await backend.call('previews.get', { id: ids[name] });
  if (!r.ok) throw new Error(r.error.message);
  return r.result as ItemPreviews;
}

beforeAll(async () => {
  backend = openBackend(join(suiteTempDir('holdfast-previews-fx-'), 'lib'), 'http');
  const { db } = backend.ctx.library;
  upsertPlatform(db, { id: 'fx', name: 'Fixtures', kind: 'files' });
  upsertAccount(db, { id: 'fx', kind: 'files', platformId: 'fx', name: 'fixtures' });

  await addItem('bomb', 'image', [{ role: 'image', bytes: bombPng(), mime: 'image/png', fileName: 'bomb.png' }]);
  const jpeg = Buffer.from(await makeArtwork('jpeg', { seed: 7, width: 900, height: 600, title: 'cut' }));
  await addItem('truncated', 'image', [{ role: 'image', bytes: jpeg.subarray(0, 600), mime: 'image/jpeg', fileName: 'cut.jpg' }]);
  const gif = Buffer.from(await makeArtwork('gif', { seed: 3, width: 200, height: 120, title: 'gif' }));
  await addItem('video', 'video', [{ role: 'video', bytes: await makeVideoMp4({ seed: 9, title: 'no poster', seconds: 2 }), mime: 'video/mp4', fileName: 'clip.mp4' }]);
  await addItem('gif', 'image', [{ role: 'image', bytes: gif, mime: 'image/gif', fileName: 'anim.gif' }]);

  const io = new NodeIO();
  const { json, resources } = await io.writeJSON(await texturedBox(256));
  await addItem('external', 'model', [
    { role: 'model', bytes: Buffer.from(JSON.stringify(json)), mime: 'model/gltf+json', fileName: 'box.gltf' },
    ...Object.entries(resources).map(([uri, bytes]) => ({ role: 'other' as const, bytes, mime: uri.endsWith('.png') ? 'image/png' : 'application/octet-stream', fileName: uri })),
  ]);
  // 4096 px texture and 260 000 triangles: over the phone budget on both counts.
  await addItem('heavy', 'model', [{ role: 'model', bytes: await io.writeBinary(await texturedBox(4096, 361)), mime: 'model/gltf-binary', fileName: 'heavy.glb' }]);

  result = await buildPreviews(backend.ctx.library, { renderer3d: null });
}, 180_000);

afterAll(() => backend?.close());

describe('hostile pictures', () => {
  it('refuses a decompression bomb from its header, with a message naming the claimed size', async () => {
    const error = await makeThumbnails(bombPng()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRefused);
    expect((error as Error).message).toMatch(/100000 × 100000 pixels, more than the limit of 120,000,000/);
    expect(MAX_INPUT_PIXELS).toBe(120_000_000);
  });

  it('records the error on the item and gives it the placeholder thumbnail, and the run goes on', async () => {
    for (const name of ['bomb', 'truncated']) {
      const p = await info(name);
      const stage = p.stages.find((s) => s.stage === 'thumbnail')!;
      expect(stage.status, name).toBe('error');
      expect(stage.message, name).toMatch(name === 'bomb' ? /decompression bomb/ : /could not be decoded|not a picture/);
      expect(p.thumbnails.small?.fileName, name).toBe('placeholder-256.webp');
      expect(p.placeholder).toMatch(/^data:image\/webp;base64,/);
      expect(p.stages.find((s) => s.stage === 'ar')!.status).toBe('error');
    }
    // Both broken items share the one placeholder blob.
    expect((await info('bomb')).thumbnails.small!.sha256).toBe((await info('truncated')).thumbnails.small!.sha256);
    expect(result.problems.map((p) => p.itemId)).not.toContain(ids.gif);
    const list = await backend.call('items.list', { limit: 50 });
    expect(list.ok).toBe(true);
  });

  it('thumbnails an animated GIF from its first frame', async () => {
    const p = await info('gif');
    expect(p.stages.find((s) => s.stage === 'thumbnail')).toMatchObject({ status: 'ok', source: 'image' });
    const meta = await sharp(readFileSync(p.thumbnails.large!.path)).metadata();
    expect([meta.format, meta.width, meta.height, meta.pages ?? 1]).toEqual(['webp', 200, 120, 1]);
  });
});

describe('a video without a poster', () => {
  it('without a browser keeps the video placeholder and says why', async () => {
    const stage = (await info('video')).stages.find((s) => s.stage === 'thumbnail')!;
    expect(stage).toMatchObject({ status: 'none', source: 'video-frame' });
    expect(stage.message).toMatch(/without a poster and a frame of the video needs a browser/);
  });

  it('gets its thumbnail from a frame the browser decodes', async (ctx) => {
    if (!chromiumPath()) ctx.skip();
    const again = await buildPreviews(backend.ctx.library, { itemIds: [ids.video!] });
    expect(again.problems).toEqual([]);
    const p = await info('video');
    expect(p.stages.find((s) => s.stage === 'thumbnail')).toMatchObject({ status: 'ok', source: 'video-frame' });
    const stats = await sharp(readFileSync(p.thumbnails.large!.path)).stats();
    expect(stats.channels.slice(0, 3).reduce((n, c) => n + c.stdev, 0) / 3).toBeGreaterThan(8);
    // AR is made from picture files only: a poster-less video has none to frame.
    expect(p.stages.find((s) => s.stage === 'ar')).toMatchObject({ status: 'none' });
  });
});

describe('models that need an AR-optimized GLB', () => {
  it('packs a glTF with external files into one valid GLB and a USDZ', async () => {
    const p = await info('external');
    expect(p.stages.find((s) => s.stage === 'ar')).toMatchObject({ status: 'ok', source: 'model' });
    expect(p.stages.find((s) => s.stage === 'ar')!.message).toMatch(/external files/);
    expect(p.ar.glbIsOriginal).toBe(false);
    const glb = readFileSync(p.ar.glb!.path);
    expect(glb.subarray(0, 4).toString('latin1')).toBe('glTF');
    expect((await gltfValidatorErrors(glb)).messages).toEqual([]);
    const { report, unzip } = usdzProblems(readFileSync(p.ar.usdz!.path));
    expect(report.problems).toEqual([]);
    expect(unzip).toMatch(/No errors detected/);
    expect(report.textures).toEqual(['textures/texture_0.png']);
  });

  it('downscales 4096 px textures to 2048 and simplifies a mesh over the triangle budget', async () => {
    const p = await info('heavy');
    const stage = p.stages.find((s) => s.stage === 'ar')!;
    expect(stage.message).toMatch(/4096 px textures/);
    expect(stage.message).toMatch(/simplified/);
    const glb = readFileSync(p.ar.glb!.path);
    expect((await gltfValidatorErrors(glb)).errors).toBe(0);
    const stats = modelStats(await readModel({ bytes: glb, mime: 'model/gltf-binary', fileName: 'ar.glb' }));
    expect(stats.maxTextureSize).toBe(2048);
    expect(stats.triangles).toBeLessThanOrEqual(AR_BUDGET.maxTriangles);
    expect(stats.triangles).toBeGreaterThan(1000);
    expect(checkUsdz(readFileSync(p.ar.usdz!.path)).problems).toEqual([]);
  });

  it('without a browser, falls back to nothing for a model with no poster and says why', async () => {
    const p = await info('external');
    const stage = p.stages.find((s) => s.stage === 'thumbnail')!;
    expect(stage.status).toBe('error');
    expect(stage.message).toMatch(/3D rendering is turned off.*no poster/);
  });
});

describe('the command line', () => {
  it('builds only what is missing, lists what went wrong, rebuilds on request, and prints an item\'s AR files', () => {
    const dir = backend.ctx.library.dir;
    const again = holdfast(['previews', '--library', dir, '--no-render']);
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(/Done: 6 items · 0 built · 12 already up to date/);
    expect(again.stdout).toMatch(/! bomb \(thumbnail\): .*decompression bomb/);
    const rebuilt = holdfast(['previews', '--library', dir, '--no-render', '--rebuild', '--item', ids.gif!]);
    expect(rebuilt.stdout).toMatch(/Done: 1 items · 2 built · 0 already up to date/);
    const ar = holdfast(['ar', ids.heavy!, '--library', dir, '--json']);
    expect(ar.status).toBe(0);
    const info = JSON.parse(ar.stdout) as ItemPreviews;
    expect(info.ar.glbIsOriginal).toBe(false);
    expect(readFileSync(info.ar.glb!.path).subarray(0, 4).toString('latin1')).toBe('glTF');
    const none = holdfast(['ar', ids.bomb!, '--library', dir]);
    expect([none.status, none.stdout]).toEqual([1, expect.stringMatching(/no AR files: .*decompression bomb/)]);
  });
});

describe('the USDZ checker', () => {
  const entries = [
    { name: 'model.usda', data: Buffer.from('#usda 1.0\n') },
    { name: 'textures/a.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) },
  ];

  it('aligns every file of a package it writes to 64 bytes', () => {
    const report = checkUsdz(writeUsdzPackage(entries));
    expect(report.files.map((f) => f.offset % 64)).toEqual([0, 0]);
    expect(report.problems.filter((p) => /multiple of 64|compressed/.test(p))).toEqual([]);
    expect(report.problems).toContain('root layer has no meshes');
  });

  it('rejects a compressed zip, an unaligned one, and a texture that is not what it says', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.usda'), `#usda 1.0\n${'x'.repeat(5000)}\n`);
    execFileSync('zip', ['-q', '-9', join(dir, 'deflated.usdz'), 'model.usda'], { cwd: dir });
    execFileSync('zip', ['-q', '-0', join(dir, 'stored.usdz'), 'model.usda'], { cwd: dir });
    expect(checkUsdz(readFileSync(join(dir, 'deflated.usdz'))).problems.join('\n')).toMatch(/compressed \(method 8\)/);
    expect(checkUsdz(readFileSync(join(dir, 'stored.usdz'))).problems.join('\n')).toMatch(/not a multiple of 64/);
    const fake = writeUsdzPackage([entries[0]!, { name: 'textures/b.png', data: Buffer.from('GIF89a') }]);
    expect(checkUsdz(fake).problems).toContain('textures/b.png: named .png but is not a PNG');
  });
});
