// The offline viewer that goes into every bundle (built from assets/viewer/ into out/viewer/ by
// `npm run build`). Found next to the running code: out/cli and out/electron are siblings of
// out/viewer; from the sources (tests, tsx) it is the repository's out/viewer.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HoldfastError } from '../errors.js';
import { VIEWER_DIR, VIEWER_INDEX } from './layout.js';

export interface ViewerAsset {
  /** Path inside the bag. */
  path: string;
  /** File on disk. */
  source: string;
}

function candidates(): string[] {
  const here = import.meta.dirname;
  return [process.env.HOLDFAST_VIEWER_DIR, join(here, '..', 'viewer'), join(here, '..', '..', '..', 'out', 'viewer')].filter(
    (d): d is string => Boolean(d),
  );
}

export function viewerAssetsDir(): string {
  const dir = candidates().find((d) => existsSync(join(d, 'index.html')) && existsSync(join(d, 'viewer.js')));
  if (!dir) {
    throw new HoldfastError('not_found', `the offline viewer is not built (looked in ${candidates().join(', ')}); run \`npm run build\``);
  }
  return dir;
}

/** index.html becomes data/index.html; everything else goes under data/viewer/. */
export function viewerAssets(): ViewerAsset[] {
  const dir = viewerAssetsDir();
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith('.map') && !e.name.startsWith('.'))
    .map((e) => {
      const source = join(dir, e.name);
      return { path: e.name === 'index.html' ? VIEWER_INDEX : `${VIEWER_DIR}/${e.name}`, source };
    });
}
