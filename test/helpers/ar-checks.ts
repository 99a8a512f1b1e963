// Checks shared by the preview and AR tests: the Khronos validator on GLBs, the USDZ checker
// plus Info-ZIP's own test of the archive.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error gltf-validator ships no types
import validator from 'gltf-validator';
import { checkUsdz, type UsdzReport } from '../../main/core/ar/usdz-check.js';
import { tempDir } from './tmp.js';

export async function gltfValidatorErrors(glb: Uint8Array): Promise<{ errors: number; messages: string[] }> {
  const report = (await validator.validateBytes(new Uint8Array(glb))) as {
    issues: { numErrors: number; messages: Array<{ code: string; message: string; severity: number; pointer?: string }> };
  };
  return {
    errors: report.issues.numErrors,
    messages: report.issues.messages.filter((m) => m.severity === 0).map((m) => `${m.code} ${m.pointer ?? ''}: ${m.message}`),
  };
}

/** checkUsdz, and `unzip -t` agreeing that the archive is sound. */
export function usdzProblems(usdz: Uint8Array): { report: UsdzReport; unzip: string } {
  const path = join(tempDir('holdfast-usdz-'), 'model.usdz');
  writeFileSync(path, usdz);
  let unzip: string;
  try {
    unzip = execFileSync('unzip', ['-t', path], { encoding: 'utf8' });
  } catch (error) {
    unzip = `unzip -t failed: ${String((error as { stdout?: string }).stdout ?? error)}`;
  }
  return { report: checkUsdz(usdz), unzip };
}

/** Loads USDZ files with an independent reader — three.js' USDLoader in Chromium — and returns
 *  what it found per file: its meshes, with vertex counts and whether they carry a texture. */
export async function loadUsdzWithThree(usdzs: Uint8Array[]): Promise<Array<Array<{ vertices: number; textured: boolean }>>> {
  const { launchChromium } = await import('./browser.js');
  const { RENDER_ORIGIN, renderPageResponse } = await import('../../main/core/previews/render3d/render-page.js');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      const m = /^\/usdz\/(\d+)\.usdz$/.exec(url.pathname);
      if (m) return route.fulfill({ status: 200, body: Buffer.from(usdzs[Number(m[1])]!), contentType: 'model/vnd.usdz+zip' });
      const answer = await renderPageResponse(url.pathname, new Map());
      return answer ? route.fulfill({ status: answer.status, body: answer.body, contentType: answer.contentType }) : route.fulfill({ status: 404 });
    });
    await page.goto(`${RENDER_ORIGIN}/index.html`);
    const out: Array<Array<{ vertices: number; textured: boolean }>> = [];
    for (let i = 0; i < usdzs.length; i++) {
      // A string, so the test runner does not rewrite the page's own import().
      out.push(
        (await page.evaluate(`(async () => {
          const { USDLoader } = await import('three/addons/loaders/USDLoader.js');
          const group = await new USDLoader().loadAsync('/usdz/${i}.usdz');
          const meshes = [];
          group.traverse((o) => {
            if (o.isMesh) meshes.push({ vertices: o.geometry.attributes.position.count, textured: Boolean(o.material.map) });
          });
          return meshes;
        })()`)) as Array<{ vertices: number; textured: boolean }>,
      );
    }
    return out;
  } finally {
    await browser.close();
  }
}
