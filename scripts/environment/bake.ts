// Filters the 3D viewer's studio environment once (three's PMREMGenerator, in Chromium) and
// writes every face of every level to assets/environment/studio-pmrem.bin.gz, which the viewer
// uploads instead of filtering on every open (renderer/src/viewer3d/baked-environment.ts).
// Run it again after changing studio.hdr or upgrading three; test/e2e/baked-environment.test.ts
// fails while the file is stale.
//   node --import tsx scripts/environment/bake.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HDR_PATH = join(root, 'assets', 'environment', 'studio.hdr');
export const BAKED_PATH = join(root, 'assets', 'environment', 'studio-pmrem.bin.gz');

/** Runs `use` with a Chromium page that has scripts/environment/page.ts loaded. */
export async function withEnvironmentPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
  const bundle = await build({ entryPoints: [join(root, 'scripts', 'environment', 'page.ts')], bundle: true, format: 'iife', write: false, logLevel: 'warning' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>environment</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    return await use(page);
  } finally {
    await browser.close();
  }
}

/** The baked environment of `hdr` (uncompressed file bytes). */
export function bake(page: Page, hdr: Buffer): Promise<Buffer> {
  return page.evaluate(`window.bake(${JSON.stringify(hdr.toString('base64'))})`).then((b64) => Buffer.from(b64 as string, 'base64'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const baked = await withEnvironmentPage((page) => bake(page, readFileSync(HDR_PATH)));
  writeFileSync(BAKED_PATH, gzipSync(baked, { level: 9 }));
  console.log(`wrote ${BAKED_PATH} (${baked.length.toLocaleString('en')} bytes, ${readFileSync(BAKED_PATH).length.toLocaleString('en')} gzipped)`);
}
