// glTF node animation carried into the USDZ as time-sampled xformOps (what AR Quick Look plays):
// a spinning parent with a box under it (LINEAR rotation) and a spinning blade below that box, a hopping box (STEP translation,
// CUBICSPLINE scale), a static box, and a second clip that must be left out.
import { Document, type Node as GltfNode } from '@gltf-transform/core';
import { describe, expect, it } from 'vitest';
import { gltfToUsdz } from '../../main/core/ar/usdz-from-gltf.js';
import { chromiumPath } from '../../main/core/previews/render3d/chromium.js';
import { RENDER_ORIGIN, renderPageResponse } from '../../main/core/previews/render3d/render-page.js';
import { usdzProblems } from '../helpers/ar-checks.js';
import { launchChromium } from '../helpers/browser.js';

const P = [-0.1, -0.1, 0.1, 0.1, -0.1, 0.1, 0.1, 0.1, 0.1, -0.1, 0.1, 0.1, -0.1, -0.1, -0.1, -0.1, 0.1, -0.1, 0.1, 0.1, -0.1, 0.1, -0.1, -0.1];
const IDX = [0, 1, 2, 0, 2, 3, 4, 5, 6, 4, 6, 7, 3, 2, 6, 3, 6, 5, 0, 4, 7, 0, 7, 1, 1, 7, 6, 1, 6, 2, 0, 3, 5, 0, 5, 4];

const yRotation = (deg: number) => [0, Math.sin((deg * Math.PI) / 360), 0, Math.cos((deg * Math.PI) / 360)];

function animatedScene(): Document {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const material = doc.createMaterial('paint').setBaseColorFactor([0.8, 0.2, 0.1, 1]);
  const box = (name: string) =>
    doc.createMesh(name).addPrimitive(
      doc
        .createPrimitive()
        .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(new Float32Array(P)).setBuffer(buffer))
        .setIndices(doc.createAccessor().setType('SCALAR').setArray(new Uint16Array(IDX)).setBuffer(buffer))
        .setMaterial(material),
    );
  const accessor = (type: 'SCALAR' | 'VEC3' | 'VEC4', values: number[]) => doc.createAccessor().setType(type).setArray(new Float32Array(values)).setBuffer(buffer);
  const clip = (name: string, channels: Array<[GltfNode, 'translation' | 'rotation' | 'scale', 'LINEAR' | 'STEP' | 'CUBICSPLINE', number[], number[]]>) => {
    const animation = doc.createAnimation(name);
    for (const [node, path, interpolation, times, values] of channels) {
      const sampler = doc
        .createAnimationSampler()
        .setInput(accessor('SCALAR', times))
        .setOutput(accessor(path === 'rotation' ? 'VEC4' : 'VEC3', values))
        .setInterpolation(interpolation);
      animation.addSampler(sampler).addChannel(doc.createAnimationChannel().setTargetNode(node).setTargetPath(path).setSampler(sampler));
    }
  };

  const spinner = doc.createNode('spinner').setTranslation([0, 0.5, 0]);
  const arm = doc.createNode('arm').setTranslation([1, 0, 0]).setMesh(box('arm'));
  const blade = doc.createNode('blade').setMesh(box('blade'));
  spinner.addChild(arm.addChild(blade));
  const hopper = doc.createNode('hopper').setTranslation([-1, 0, 0]).setMesh(box('hopper'));
  const still = doc.createNode('still').setTranslation([0, 0, 2]).setMesh(box('still'));
  doc.createScene().addChild(spinner).addChild(hopper).addChild(still);

  clip('main', [
    [spinner, 'rotation', 'LINEAR', [0, 0.5, 1, 1.5, 2], [0, 90, 180, 270, 350].flatMap(yRotation)],
    [blade, 'rotation', 'LINEAR', [0, 1], [0, 180].flatMap(yRotation)],
    [hopper, 'translation', 'STEP', [0, 1, 2], [-1, 0, 0, -1, 0.3, 0, -1, 0, 0]],
    // CUBICSPLINE: (in-tangent, value, out-tangent) per key; the tangents are 9s so a mix-up shows.
    [hopper, 'scale', 'CUBICSPLINE', [0, 1], [9, 9, 9, 1, 1, 1, 9, 9, 9, 9, 9, 9, 2, 2, 2, 9, 9, 9]],
  ]);
  clip('other', [[still, 'translation', 'LINEAR', [0, 5], [0, 0, 2, 0, 3, 2]]]);
  return doc;
}

/** `.timeSamples` of one attribute inside a prim block: time code → numbers. */
function timeSamples(block: string, attribute: string): Array<[number, number[]]> {
  const m = new RegExp(`${attribute.replace(/[.:]/g, '\\$&')}\\.timeSamples = \\{([^}]*)\\}`).exec(block);
  if (!m) return [];
  return [...m[1]!.matchAll(/(-?[\d.e-]+): \(([^)]*)\)/g)].map((e) => [Number(e[1]), e[2]!.split(',').map(Number)]);
}

function primBlock(usda: string, header: RegExp): string {
  const at = usda.search(header);
  expect(at, String(header)).toBeGreaterThanOrEqual(0);
  let depth = 0;
  for (let i = usda.indexOf('{', at); i < usda.length; i++) {
    if (usda[i] === '{') depth++;
    else if (usda[i] === '}' && --depth === 0) return usda.slice(at, i + 1);
  }
  return usda.slice(at);
}

describe('USDZ node animation', () => {
  it('writes the first clip as time-sampled translate / orient / scale on Xform prims, and the package stays valid', async () => {
    const usdz = await gltfToUsdz(animatedScene(), { title: 'animated' });
    const { report, unzip } = usdzProblems(usdz);
    expect(report.problems).toEqual([]);
    expect(unzip).toMatch(/No errors detected/);
    expect(report.meshes).toHaveLength(4);
    const root = report.files[0]!;
    const usda = Buffer.from(usdz).subarray(root.offset, root.offset + root.size).toString('utf8');

    // 60 time codes per second; the longest channel of the first clip ends at 2 s.
    expect(usda).toMatch(/timeCodesPerSecond = 60\n/);
    expect(usda).toMatch(/startTimeCode = 0\n/);
    expect(usda).toMatch(/endTimeCode = 120\n/);

    // The spinner: its rest translation static, its rotation sampled at the five keys, (w, x, y, z).
    const spinner = primBlock(usda, /def Xform "Node_\d+"\n\s*\{\n\s*float3 xformOp:translate = \(0, 0\.5, 0\)/);
    const orient = timeSamples(spinner, 'xformOp:orient');
    expect(orient.map(([t]) => t)).toEqual([0, 30, 60, 90, 120]);
    const [x, y, z, w] = yRotation(350);
    orient.at(-1)![1].forEach((v, i) => expect(v).toBeCloseTo([w!, x!, y!, z!][i]!, 5));
    expect(timeSamples(spinner, 'xformOp:translate')).toEqual([]);
    expect(spinner).toContain('uniform token[] xformOpOrder = ["xformOp:translate", "xformOp:orient", "xformOp:scale"]');
    // Its child's mesh is in the spinner's space: offset by the arm's 1 m, not by the spinner's 0.5 m lift.
    expect(spinner).toMatch(/float3\[\] extent = \[\(0\.9, -0\.1, -0\.1\), \(1\.1, 0\.1, 0\.1\)\]/);

    // The blade spins inside the spinner, offset by the static arm between them.
    const blade = primBlock(spinner, /def Xform "Node_\d+"\n\s*\{\n\s*matrix4d xformOp:transform = \(\(1, 0, 0, 0\), \(0, 1, 0, 0\), \(0, 0, 1, 0\), \(1, 0, 0, 1\)\)/);
    expect(timeSamples(blade, 'xformOp:orient')).toHaveLength(2);
    expect(blade).toContain('xformOpOrder = ["xformOp:transform", "xformOp:translate", "xformOp:orient", "xformOp:scale"]');
    expect(blade).toMatch(/extent = \[\(-0\.1, -0\.1, -0\.1\), \(0\.1, 0\.1, 0\.1\)\]/);

    // The hopper: STEP translation holds each value until just before the next key.
    const hopper = primBlock(usda, /def Xform "Node_\d+"\n\s*\{\n\s*float3 xformOp:translate = \(-1, 0, 0\)/);
    const hops = timeSamples(hopper, 'xformOp:translate');
    expect(hops.map(([t]) => t)).toEqual([0, 59.999, 60, 119.999, 120]);
    expect(hops.map(([, v]) => v[1])).toEqual([0, 0, 0.3, 0.3, 0]);
    // CUBICSPLINE: the key values, not the tangents.
    expect(timeSamples(hopper, 'xformOp:scale')).toEqual([
      [0, [1, 1, 1]],
      [60, [2, 2, 2]],
    ]);
    expect(hopper).toMatch(/extent = \[\(-0\.1, -0\.1, -0\.1\), \(0\.1, 0\.1, 0\.1\)\]/);

    // The still box is animated only by the second clip, which is not converted: baked in world space.
    expect(usda.match(/def Xform "Node_/g)).toHaveLength(3);
    expect(usda).toMatch(/extent = \[\(-0\.1, -0\.1, 1\.9\), \(0\.1, 0\.1, 2\.1\)\]/);
  });

  it('writes no time codes for a model without animation', async () => {
    const doc = animatedScene();
    for (const animation of doc.getRoot().listAnimations()) animation.dispose();
    const usdz = await gltfToUsdz(doc);
    const root = usdzProblems(usdz).report.files[0]!;
    const usda = Buffer.from(usdz).subarray(root.offset, root.offset + root.size).toString('utf8');
    expect(usda).not.toContain('timeSamples');
    expect(usda).not.toContain('timeCodesPerSecond');
    expect(usda).not.toContain('def Xform "Node_');
  });
});

describe('USDZ node animation in an independent reader', () => {
  it('three.js USDLoader reads the time samples as one clip of 2 s with the channels and key counts written', async (ctx) => {
    if (!chromiumPath()) ctx.skip();
    const usdz = await gltfToUsdz(animatedScene());
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/model.usdz') return route.fulfill({ status: 200, body: usdz, contentType: 'model/vnd.usdz+zip' });
        const answer = await renderPageResponse(url.pathname, new Map());
        return answer ? route.fulfill({ status: answer.status, body: answer.body, contentType: answer.contentType }) : route.fulfill({ status: 404 });
      });
      await page.goto(`${RENDER_ORIGIN}/index.html`);
      // A string, so the test runner does not rewrite the page's own import().
      const clips = (await page.evaluate(`(async () => {
        const { USDLoader } = await import('three/addons/loaders/USDLoader.js');
        const group = await new USDLoader().loadAsync('/model.usdz');
        return group.animations.map((a) => ({ duration: a.duration, tracks: a.tracks.map((t) => [t.name.split('.').pop(), t.times.length, Array.from(t.values.slice(-4))]) }));
      })()`)) as Array<{ duration: number; tracks: Array<[string, number, number[]]> }>;
      expect(clips).toHaveLength(1);
      expect(clips[0]!.duration).toBeCloseTo(2, 5);
      const tracks = clips[0]!.tracks.map(([property, keys]) => `${property}:${keys}`).sort();
      expect(tracks).toEqual(['position:5', 'quaternion:2', 'quaternion:5', 'scale:2']);
      // The spinner's last key, back in three.js' (x, y, z, w) order.
      const spin = clips[0]!.tracks.find(([property, keys]) => property === 'quaternion' && keys === 5)!;
      spin[2].forEach((v, i) => expect(v).toBeCloseTo(yRotation(350)[i]!, 5));
    } finally {
      await browser.close();
    }
  }, 60_000);
});
