// Starting things outside this process: the Electron runtime (when it is installed) and the
// system browser (when there is one). Neither is required: both fail soft.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Path of the Electron executable if it is really on disk (the npm package alone is not
 *  enough: Electron fetches its binary on first run, which needs a network). */
export function electronBinary(): string | null {
  try {
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const exe = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

export function spawnElectron(exe: string, args: string[]): Promise<number> {
  const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'electron', 'main.js');
  return new Promise((resolve) => {
    const child = spawn(exe, [main, ...args], { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 0));
  });
}

/** Opens a URL in the system browser if the system has a way to; says so when it has not. */
export function openInBrowser(url: string): boolean {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const probe = process.platform === 'linux' ? spawnSync('sh', ['-c', 'command -v xdg-open'], { stdio: 'ignore' }) : { status: 0 };
  if (probe.status !== 0) {
    console.log('(No system browser was found to open it automatically; copy the address into a browser.)');
    return false;
  }
  spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true }).unref();
  return true;
}
