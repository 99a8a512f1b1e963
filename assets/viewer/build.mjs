// Builds the offline viewer that goes into every provenance bundle: one classic script
// (IIFE: module scripts do not load from file://) with three.js inside, plus its page and
// styles, into out/viewer/. Called by scripts/build.mjs; tests call it when out/viewer is missing.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export async function buildViewer(root, outDir = join(root, 'out', 'viewer')) {
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'assets', 'viewer', 'src', 'main.ts')],
    outfile: join(outDir, 'viewer.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  for (const name of ['index.html', 'viewer.css']) copyFileSync(join(root, 'assets', 'viewer', name), join(outDir, name));
  return outDir;
}
