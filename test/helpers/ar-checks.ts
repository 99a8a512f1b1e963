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
      out.push(
        await page.evaluate(async (n) => {
          const { USDLoader } = (await import('three/addons/loaders/USDLoader.js' as string)) as { USDLoader: new () => { loadAsync(url: string): Promise<{ traverse(f: (o: unknown) => void): void }> } };
          const group = await new USDLoader().loadAsync(`/usdz/${n}.usdz`);
          const meshes: Array<{ vertices: number; textured: boolean }> = [];
          group.traverse((o) => {
            const mesh = o as { isMesh?: boolean; geometry: { attributes: { position: { count: number } } }; material: { map?: unknown } };
            if (mesh.isMesh) meshes.push({ vertices: mesh.geometry.attributes.position.count, textured: Boolean(mesh.material.map) });
          });
          return meshes;
        }, i),
      );
    }
    return out;
  } finally {
    await browser.close();
  }
}
