// The 3D viewer's environment light is filtered at build time (scripts/environment/bake.ts) and
// uploaded by the viewer (renderer/src/viewer3d/baked-environment.ts). In Chromium: spheres
// from mirror-like to fully rough, lit by the committed file, look exactly as when three filters
// studio.hdr on the spot; so the file is neither stale (studio.hdr or three changed) nor
// uploaded wrongly. A file with two faces swapped must look different.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBakedEnvironment, encodeBakedEnvironment } from '../../renderer/src/viewer3d/baked-environment.js';
import { BAKED_PATH, HDR_PATH, withEnvironmentPage } from '../../scripts/environment/bake.js';
import type { Page } from 'playwright-core';
import { meanAbsDifference } from '../helpers/pixels.js';

let page: Page;
let close: () => void;
const hdr = readFileSync(HDR_PATH).toString('base64');
const baked = gunzipSync(readFileSync(BAKED_PATH));

beforeAll(async () => {
  // withEnvironmentPage closes its browser when the callback ends: keep it open for the suite.
  await new Promise<void>((ready, fail) => {
    withEnvironmentPage(
      (p) =>
        new Promise<void>((done) => {
          page = p;
          close = done;
          ready();
        }),
    ).catch(fail);
  });
}, 60_000);

afterAll(() => close?.());

const draw = async (file: Buffer | null) =>
  Buffer.from((await page.evaluate(`window.draw(${JSON.stringify(hdr)}, ${file ? JSON.stringify(file.toString('base64')) : 'null'})`)) as string, 'base64');

describe('the baked environment light', () => {
  it('lights rough and glossy spheres exactly as a fresh filtering of studio.hdr', async () => {
    const fresh = await draw(null);
    const fromFile = await draw(baked);
    expect(new Set(fresh).size, 'the picture is not blank').toBeGreaterThan(50);
    expect(meanAbsDifference(fresh, fromFile)).toBeLessThan(0.2);
  });

  it('shows a wrong file: two faces swapped', async () => {
    const env = decodeBakedEnvironment(baked);
    for (const faces of env.levels) [faces[0], faces[2]] = [faces[2]!, faces[0]!];
    const swapped = Buffer.from(encodeBakedEnvironment(env));
    // Swapping +x and +y moves the key light: about 1.4 levels of 255 on average, most of the
    // picture being the soft background.
    expect(meanAbsDifference(await draw(null), await draw(swapped))).toBeGreaterThan(0.7);
  });
});
