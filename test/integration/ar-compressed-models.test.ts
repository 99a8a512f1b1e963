// Models as platforms ship them for phones: Draco- or meshopt-compressed geometry, Basis Universal
// (KTX2) textures. Each must still get an AR GLB every viewer reads (plain geometry, PNG/JPEG
// textures, 0 validator errors) and a USDZ with the mesh and its texture — the checkerboard's red
// AND blue, so the texture was really decoded, not replaced by a blank.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ItemPreviews } from '../../main/api/contract.js';
import { readModel } from '../../main/core/ar/model-ar.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { attachFile, upsertItem } from '../../main/core/db/items.js';
import { buildPreviews } from '../../main/core/previews/build-previews.js';
import { gltfValidatorErrors, usdzProblems } from '../helpers/ar-checks.js';
import { CHECKER_BLUE, CHECKER_RED, makeGltfFixtures } from '../helpers/gltf-fixtures.js';
import { suiteTempDir } from '../helpers/tmp.js';

const KINDS = [
  { kind: 'draco', extension: 'KHR_draco_mesh_compression' },
  { kind: 'meshopt', extension: 'EXT_meshopt_compression' },
  { kind: 'ktx2', extension: 'KHR_texture_basisu' },
] as const;

let backend: Backend;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const fixtures = await makeGltfFixtures();
  backend = openBackend(join(suiteTempDir('holdfast-ar-compressed-'), 'lib'), 'http');
  const { db, blobs } = backend.ctx.library;
  upsertPlatform(db, { id: 'fx', name: 'Fixtures', kind: 'files' });
  upsertAccount(db, { id: 'fx', kind: 'files', platformId: 'fx', name: 'fixtures' });
  for (const { kind } of KINDS) {
    const { id } = upsertItem(db, 'fx', 'fx', { externalId: kind, name: `${kind} box`, mediaType: 'model' });
    const stored = await blobs.put(fixtures[kind]);
    attachFile(db, id, { role: 'model', sha256: stored.sha256, size: stored.size, mime: 'model/gltf-binary', fileName: `${kind}.glb`, sourceUrl: `fixture://${kind}.glb` });
    ids[kind] = id;
  }
  await buildPreviews(backend.ctx.library, { renderer3d: null });
}, 60_000);

afterAll(() => backend?.close());

async function previews(kind: string): Promise<ItemPreviews> {
  const r = await backend.call('previews.get', { id: ids[kind] });
  if (!r.ok) throw new Error(r.error.message);
  return r.result as ItemPreviews;
}

/** Share of pixels close to each checker colour. */
async function checkerColours(image: Uint8Array): Promise<{ red: number; blue: number }> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const near = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    let n = 0;
    for (let i = 0; i < data.length; i += 3) if (Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < 60) n++;
    return n / (info.width * info.height);
  };
  return { red: near(CHECKER_RED), blue: near(CHECKER_BLUE) };
}

describe.each(KINDS)('a GLB with $extension', ({ kind, extension }) => {
  it('gets an AR GLB without the extension, plain PNG/JPEG textures and 0 validator errors', async () => {
    const p = await previews(kind);
    const stage = p.stages.find((s) => s.stage === 'ar')!;
    expect(stage.status, stage.message ?? '').toBe('ok');
    expect(stage.message).toContain(`requires ${extension}`);
    expect(p.ar.glbIsOriginal).toBe(false);
    const glb = readFileSync(p.ar.glb!.path);
    expect((await gltfValidatorErrors(glb)).messages).toEqual([]);
    const json = JSON.parse(glb.subarray(20, 20 + glb.readUInt32LE(12)).toString('utf8')) as { extensionsUsed?: string[]; images?: Array<{ mimeType?: string }> };
    expect(json.extensionsUsed ?? []).not.toContain(extension);
    expect(json.images?.map((i) => i.mimeType)).toEqual(['image/png']);
    const doc = await readModel({ bytes: glb, mime: 'model/gltf-binary', fileName: 'ar.glb' });
    const colours = await checkerColours(doc.getRoot().listTextures()[0]!.getImage()!);
    expect(colours.red).toBeGreaterThan(0.3);
    expect(colours.blue).toBeGreaterThan(0.3);
  });

  it('gets a valid USDZ with the box mesh and its checkerboard texture as PNG', async () => {
    const usdz = readFileSync((await previews(kind)).ar.usdz!.path);
    const { report, unzip } = usdzProblems(usdz);
    expect(report.problems).toEqual([]);
    expect(unzip).toMatch(/No errors detected/);
    expect(report.meshes).toEqual([expect.objectContaining({ points: 8, triangles: 12 })]);
    expect(report.textures).toEqual(['textures/texture_0.png']);
    const texture = report.files.find((f) => f.name === 'textures/texture_0.png')!;
    const colours = await checkerColours(usdz.subarray(texture.offset, texture.offset + texture.size));
    expect(colours.red).toBeGreaterThan(0.3);
    expect(colours.blue).toBeGreaterThan(0.3);
  });
});
