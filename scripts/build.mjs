#!/usr/bin/env node
// Builds everything the app runs from `out/`: the Node side with esbuild (CLI, Electron main,
// preload) and the React renderer with Vite. `--if-stale` skips the work when `out/` is newer
// than every source file, so `npm run demo` starts fast on the second run.
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out');
// test/emulator: `holdfast demo` loads the platform emulator (a lazy chunk of the CLI bundle).
const sourceDirs = ['main', 'preload', 'renderer', 'assets', join('test', 'emulator')];
const stamp = join(out, '.built');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const files = [...sourceDirs.map((d) => join(root, d)).filter(existsSync), join(root, 'package.json')];
  return files.some((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs) > built);
}

if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);

const started = Date.now();
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  esbuild({
    ...common,
    format: 'esm',
    entryPoints: {
      'cli/holdfast': 'main/cli/holdfast.ts',
      'electron/main': 'main/electron/main.ts',
    },
    outdir: out,
    // Split at dynamic imports, so what only some commands need (media generation, sharp,
    // connectors) loads on first use instead of at every start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['electron'],
  }),
  // A sandboxed preload must be a single CommonJS file that requires nothing but `electron`.
  esbuild({
    ...common,
    packages: undefined,
    format: 'cjs',
    entryPoints: { 'preload/preload': 'preload/preload.ts' },
    outdir: out,
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  }),
]);

const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });

// The offline viewer that goes into every provenance bundle (out/viewer/).
const { buildViewer } = await import('../assets/viewer/build.mjs');
await buildViewer(root);

const { writeFileSync } = await import('node:fs');
writeFileSync(stamp, new Date().toISOString());
console.log(`holdfast: built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
