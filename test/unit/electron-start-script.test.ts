// `npm start` where the Electron runtime is missing and can't be downloaded: one sentence on
// stderr, exit code 1, no stack trace. Downloads are pointed at a closed local port and an empty
// cache so the test never fetches anything; it is skipped where the runtime is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const runtimeInstalled = (() => {
  try {
    return existsSync(join(electronDir, 'dist', readFileSync(join(electronDir, 'path.txt'), 'utf8').trim()));
  } catch {
    return false;
  }
})();

describe('scripts/start-electron.mjs', () => {
  it.skipIf(runtimeInstalled)('explains in one sentence that the runtime is missing and exits 1', () => {
    const script = join(import.meta.dirname, '..', '..', 'scripts', 'start-electron.mjs');
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: tempDir() };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    delete env.ELECTRON_GET_USE_PROXY;
    const run = spawnSync(process.execPath, [script, '--library', tempDir()], { encoding: 'utf8', env, timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe(
      "Holdfast can't start the desktop app here: the Electron runtime isn't installed and couldn't be downloaded. Use the browser mode instead: npm run serve",
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
