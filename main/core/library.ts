// A library is one folder: the catalog (holdfast.sqlite), the blob store (blobs/) and nothing
// else that matters. Everything the app knows about a user's holdings can be rebuilt from it.
import { mkdirSync, existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { BlobStore } from './blob/blob-store.js';
import { openCatalogDb, schemaVersion, type Db } from './db/catalog.js';
import { markInterruptedRuns } from './db/sync-runs.js';
import { HoldfastError } from './errors.js';

export const CATALOG_FILE = 'holdfast.sqlite';

export class Library {
  private constructor(
    readonly dir: string,
    readonly db: Db,
    readonly blobs: BlobStore,
  ) {}

  /** Opens (creating if needed) the library in `dir`. A folder that holds other files but no
   *  catalog is refused, so a typo never scatters a library into someone's documents. */
  static open(dir: string, options: { create?: boolean } = {}): Library {
    const root = resolve(dir);
    const catalogPath = join(root, CATALOG_FILE);
    if (!existsSync(catalogPath)) {
      if (options.create === false) throw new HoldfastError('not_a_library', `${root} has no Holdfast library (no ${CATALOG_FILE})`);
      if (existsSync(root) && readdirSync(root).some((n) => !n.startsWith('.'))) {
        throw new HoldfastError('not_a_library', `${root} is not empty and is not a Holdfast library; choose an empty or new folder`);
      }
      mkdirSync(root, { recursive: true });
    }
    const db = openCatalogDb(catalogPath);
    markInterruptedRuns(db);
    return new Library(root, db, new BlobStore(join(root, 'blobs')));
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Where the library lives: --library, else HOLDFAST_LIBRARY, else the OS's app-data folder. */
export function resolveLibraryDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (flag) return resolve(flag);
  if (env.HOLDFAST_LIBRARY) return resolve(env.HOLDFAST_LIBRARY);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Holdfast', 'Library');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Holdfast', 'Library');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'holdfast', 'library');
}
