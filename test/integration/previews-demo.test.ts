// Previews and AR over the demo library, created through the real sync path (whose end builds
// the previews): thumbnails for every item, 3D renders, and an AR pair for every item that
// has something to show, each checked by the Khronos validator and the USDZ checker.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ApiEvent, ItemDetail, ItemPreviews, ItemSummary } from '../../main/api/contract.js';
import { createDemoLibrary } from '../../main/core/demo/create-demo.js';
import { buildPreviews } from '../../main/core/previews/build-previews.js';
import { chromiumPath } from '../../main/core/previews/render3d/chromium.js';
import { gltfValidatorErrors, loadUsdzWithThree, usdzProblems } from '../helpers/ar-checks.js';
import { suiteTempDir } from '../helpers/tmp.js';
import { callOk as call } from '../helpers/seed.js';

let backend: Backend;
let items: ItemSummary[];
let details: ItemDetail[];
let previews: Map<string, ItemPreviews>;

beforeAll(async () => {
  backend = openBackend(join(suiteTempDir('holdfast-previews-'), 'lib'), 'http');
  const result = await createDemoLibrary(backend.ctx.library, backend.ctx.sync);
  expect(result.failed).toEqual([]);
  items = (await call<{ items: ItemSummary[] }>(backend, 'items.list', { limit: 500 })).items;
  details = await Promise.all(items.map((i) => call<ItemDetail>(backend, 'items.get', { id: i.id })));
  previews = new Map(await Promise.all(items.map(async (i) => [i.id, await call<ItemPreviews>(backend, 'previews.get', { id: i.id })] as const)));
}, 180_000);

afterAll(() => backend?.close());

describe('thumbnails over the demo library', () => {
  it('gives every item a 256 px and a 768 px WebP and a blurred placeholder, and the grid shows the 256 px one', async () => {
    for (const item of items) {
      const p = previews.get(item.id)!;
      expect(p.stages.find((s) => s.stage === 'thumbnail'), item.name).toMatchObject({ status: 'ok' });
      const small = await sharp(readFileSync(p.thumbnails.small!.path)).metadata();
      const large = await sharp(readFileSync(p.thumbnails.large!.path)).metadata();
      expect([small.format, large.format]).toEqual(['webp', 'webp']);
      // Never enlarged: a 240 px GIF keeps 240 px.
      const long = Math.max(large.width!, large.height!);
      expect(long, item.name).toBeLessThanOrEqual(768);
      expect(Math.max(small.width!, small.height!), item.name).toBe(Math.min(256, long));
      expect(p.placeholder, item.name).toMatch(/^data:image\/webp;base64,/);
      expect(item.preview?.sha256, `${item.name}: grid preview`).toBe(p.thumbnails.small!.sha256);
    }
  });

  it('makes 3D thumbnails by rendering the model (not blank, not the poster)', async (ctx) => {
    if (!chromiumPath()) ctx.skip();
    const models = details.filter((d) => d.mediaType === 'model');
    expect(models.length).toBeGreaterThanOrEqual(4);
    for (const model of models) {
      const p = previews.get(model.id)!;
      expect(p.stages.find((s) => s.stage === 'thumbnail'), model.name).toMatchObject({ status: 'ok', source: 'render3d' });
      const stats = await sharp(readFileSync(p.thumbnails.large!.path)).stats();
      const spread = stats.channels.slice(0, 3).reduce((n, c) => n + c.stdev, 0) / 3;
      expect(spread, `${model.name}: pixel variance of the render`).toBeGreaterThan(8);
      const poster = model.files.find((f) => f.role === 'poster')!;
      const posterPixels = await sharp(readFileSync(poster.path)).resize(64, 64, { fit: 'fill' }).raw().toBuffer();
      const renderPixels = await sharp(readFileSync(p.thumbnails.large!.path)).resize(64, 64, { fit: 'fill' }).removeAlpha().raw().toBuffer();
      const diff = posterPixels.reduce((n, v, i) => n + Math.abs(v - renderPixels[i]!), 0) / posterPixels.length;
      expect(diff, `${model.name}: the render differs from the poster`).toBeGreaterThan(10);
    }
  });

  it('uses the poster for videos and the cover for audio', () => {
    for (const d of details.filter((x) => x.mediaType === 'video' || x.mediaType === 'audio')) {
      expect(previews.get(d.id)!.stages.find((s) => s.stage === 'thumbnail'), d.name).toMatchObject({ status: 'ok', source: 'poster' });
    }
  });
});

describe('AR files over the demo library', () => {
  it('keeps each demo model GLB byte for byte as its AR GLB, with a valid USDZ beside it (animated ones with time samples)', async () => {
    let animated = 0;
    for (const d of details.filter((x) => x.mediaType === 'model')) {
      const p = previews.get(d.id)!;
      const model = d.files.find((f) => f.role === 'model')!;
      expect(p.ar.glbIsOriginal, d.name).toBe(true);
      expect(p.ar.glb!.sha256).toBe(model.sha256);
      expect(readFileSync(p.ar.glb!.path).equals(readFileSync(model.path))).toBe(true);
      const { report, unzip } = usdzProblems(readFileSync(p.ar.usdz!.path));
      expect(report.problems, d.name).toEqual([]);
      expect(unzip, d.name).toMatch(/No errors detected/);
      expect(report.meshes.length, d.name).toBeGreaterThan(0);
      expect(report.textures.length, `${d.name}: textured`).toBeGreaterThan(0);
      const glb = readFileSync(model.path);
      const gltf = JSON.parse(glb.subarray(20, 20 + glb.readUInt32LE(12)).toString('utf8')) as { animations?: unknown[] };
      if (gltf.animations?.length) {
        animated++;
        const usdz = readFileSync(p.ar.usdz!.path);
        const usda = usdz.subarray(report.files[0]!.offset, report.files[0]!.offset + report.files[0]!.size).toString('utf8');
        expect(usda, `${d.name}: its glTF animation as USD time samples`).toMatch(/timeCodesPerSecond = 60\n[^]*xformOp:orient\.timeSamples = \{\n\s*0: /);
      }
    }
    expect(animated, 'animated demo models').toBeGreaterThan(0);
  });

  it('frames every picture, poster and cover as a 40 cm artwork: GLB valid, USDZ valid and wall-anchored', async () => {
    const flat = details.filter((x) => x.mediaType !== 'model');
    expect(flat.length).toBeGreaterThanOrEqual(15);
    for (const d of flat) {
      const p = previews.get(d.id)!;
      expect(p.ar.framed, d.name).toBe(true);
      const glb = readFileSync(p.ar.glb!.path);
      const validation = await gltfValidatorErrors(glb);
      expect(validation.messages, d.name).toEqual([]);
      expect(validation.errors).toBe(0);
      const usdz = readFileSync(p.ar.usdz!.path);
      const { report, unzip } = usdzProblems(usdz);
      expect(report.problems, d.name).toEqual([]);
      expect(unzip).toMatch(/No errors detected/);
      expect(report.rootLayer).toBe('model.usda');
      expect(report.meshes.map((m) => m.material)).toHaveLength(3);
      expect(report.textures[0], d.name).toMatch(/^textures\/texture_0\.(png|jpg)$/);
      const usda = usdz.subarray(report.files[0]!.offset, report.files[0]!.offset + report.files[0]!.size).toString('utf8');
      expect(usda).toContain('preliminary:planeAnchoring:alignment = "vertical"');
      // 40 cm on the long side, plus the frame.
      const extents = [...usda.matchAll(/float3\[\] extent = \[\(([^)]+)\), \(([^)]+)\)\]/g)].map((m) => [m[1]!.split(', ').map(Number), m[2]!.split(', ').map(Number)]);
      const size = [0, 1].map((axis) => Math.max(...extents.map((e) => e[1]![axis]!)) - Math.min(...extents.map((e) => e[0]![axis]!)));
      expect(Math.max(...size), d.name).toBeCloseTo(0.4 + 2 * 0.018, 3);
    }
  });

  it('loads back in an independent USD reader (three.js USDLoader): textured meshes, for a model and a framed picture', async (ctx) => {
    if (!chromiumPath()) ctx.skip();
    const model = details.find((d) => d.mediaType === 'model')!;
    const picture = details.find((d) => d.mediaType === 'image')!;
    const [modelMeshes, pictureMeshes] = await loadUsdzWithThree([model, picture].map((d) => readFileSync(previews.get(d.id)!.ar.usdz!.path)));
    expect(modelMeshes!.length, model.name).toBeGreaterThan(0);
    expect(modelMeshes!.some((m) => m.textured), model.name).toBe(true);
    expect(pictureMeshes!.map((m) => m.textured)).toEqual([true, false, false]); // artwork, frame, back
    expect(pictureMeshes![0]!.vertices).toBeGreaterThanOrEqual(4);
  });

  it('builds nothing the second time, and a rebuild job through the API reports progress to the end', async () => {
    const again = await buildPreviews(backend.ctx.library, { renderer3d: null });
    expect(again).toMatchObject({ built: 0, problems: [] });
    expect(again.upToDate).toBe(items.length * 2);

    const events: Extract<ApiEvent, { type: 'previews.progress' }>[] = [];
    const unsubscribe = backend.ctx.events.subscribe((e) => e.type === 'previews.progress' && events.push(e));
    const ids = items.filter((i) => i.mediaType === 'image').slice(0, 3).map((i) => i.id);
    const { jobId } = await call<{ jobId: string }>(backend, 'previews.build', { itemIds: ids, rebuild: true });
    const { previewJobsFor } = await import('../../main/api/preview-handlers.js');
    await previewJobsFor(backend.ctx).wait([jobId]);
    unsubscribe();
    const last = events.filter((e) => e.jobId === jobId).at(-1)!;
    expect(last).toMatchObject({ phase: 'done', itemsTotal: 3, itemsDone: 3, built: 6, failed: 0 });
  }, 60_000);

  it('lists the jobs queued and running (previews.jobs), in the order they run, until they end', async () => {
    const ids = items.filter((i) => i.mediaType === 'image').map((i) => i.id);
    const first = await call<{ jobId: string }>(backend, 'previews.build', { itemIds: ids, rebuild: true });
    const second = await call<{ jobId: string }>(backend, 'previews.build', { itemIds: ids.slice(0, 2), rebuild: true });
    const jobs = await call<Array<{ jobId: string; phase: string; itemsTotal: number }>>(backend, 'previews.jobs', {});
    expect(jobs.map((j) => j.jobId)).toEqual([first.jobId, second.jobId]);
    // The second waits behind the first, and says how many items it will build.
    expect(jobs[1]).toMatchObject({ phase: 'queued', itemsTotal: 2 });
    const { previewJobsFor } = await import('../../main/api/preview-handlers.js');
    await previewJobsFor(backend.ctx).wait();
    expect(await call(backend, 'previews.jobs', {})).toEqual([]);
  }, 60_000);
});
