#!/usr/bin/env node
// `npm start`: runs the built desktop app (out/electron/main.js) with the Electron runtime,
// forwarding arguments such as `--library DIR`. The electron npm package fetches its runtime on
// first use; when that runtime is missing and can't be fetched (no network), this says so in
// one sentence and exits 1 instead of printing Electron's download errors and stack traces.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainJs = join(root, 'out', 'electron', 'main.js');
const require = createRequire(import.meta.url);
const DOWNLOAD_TIMEOUT_MS = 30_000;

const NO_RUNTIME =
  "Holdfast can't start the desktop app here: the Electron runtime isn't installed and couldn't be downloaded. Use the browser mode instead: npm run serve";

function fail(sentence) {
  console.error(sentence);
  process.exit(1);
}

/** Where the electron package keeps its runtime, without triggering its noisy auto-download. */
function installedBinary(packageDir) {
  try {
    const relative = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
    if (!relative) return null;
    const full = process.env.ELECTRON_OVERRIDE_DIST_PATH
      ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
      : join(packageDir, 'dist', relative);
    return existsSync(full) ? full : null;
  } catch {
    return null;
  }
}

function resolveElectron() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  if (!installedBinary(packageDir)) {
    // The package's own installer, once, quietly, with a time limit.
    try {
      spawnSync(process.execPath, [join(packageDir, 'install.js')], {
        cwd: packageDir,
        stdio: 'ignore',
        timeout: DOWNLOAD_TIMEOUT_MS,
        killSignal: 'SIGKILL',
      });
    } catch {
      return null;
    }
    if (!installedBinary(packageDir)) return null;
  }
  try {
    // The package's exported path (it points at the runtime just checked).
    const exported = require('electron');
    return typeof exported === 'string' && existsSync(exported) ? exported : installedBinary(packageDir);
  } catch {
    return installedBinary(packageDir);
  }
}

const electronPath = resolveElectron();
if (!electronPath) fail(NO_RUNTIME);
if (!existsSync(mainJs)) fail("Holdfast can't start the desktop app: out/electron/main.js is missing; run npm run build first.");

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electronPath, [mainJs, ...process.argv.slice(2)], { stdio: 'inherit', env, windowsHide: false });

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!child.killed) child.kill(signal);
  });
}
child.on('error', () =>
  fail("Holdfast can't start the desktop app here: the Electron runtime couldn't be started. Use the browser mode instead: npm run serve"),
);
child.on('exit', (code, signal) => {
  process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 0));
});
