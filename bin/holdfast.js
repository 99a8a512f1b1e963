#!/usr/bin/env node
// The `holdfast` command. The real code is built into out/ by `npm run build` (run on install).
// Holdfast runs on Node 22 (Electron 45's Node); the project installs it as a dev dependency,
// so an older `node` on PATH hands over to that one instead of crashing in a native module.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(bundled)) {
    console.error(`holdfast: Node.js 22 or newer is needed (this is ${process.version}). Run \`npm install\` in the project folder, or install Node 22.`);
    process.exit(1);
  }
  const r = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const entry = new URL('../out/cli/holdfast.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('holdfast: the app is not built yet. Run `npm run build` in the project folder first.');
  process.exit(1);
}
await import(entry.href);
