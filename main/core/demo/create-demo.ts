// Fills a library with the demo catalog through the normal sync path. Idempotent: running it
// again adds nothing new and downloads nothing twice.
import { upsertAccount, upsertPlatform } from '../db/accounts.js';
import type { SyncEngine } from '../sync/sync-engine.js';
import type { Library } from '../library.js';
import { demoAccounts } from './demo-catalog.js';

export interface DemoOptions {
  /** Also add an account on the built-in platform emulator (main/core/demo/demo-platform.ts). */
  platform?: boolean;
}

export async function createDemoLibrary(library: Library, sync: SyncEngine, options: DemoOptions = {}): Promise<{ items: number; failed: string[] }> {
  for (const account of demoAccounts) {
    upsertPlatform(library.db, account.platform);
    upsertAccount(library.db, { id: account.id, kind: 'demo', platformId: account.platform.id, name: account.name });
  }
  // The platform account syncs beside the others, while its emulator runs.
  const platform = options.platform ? await (await import('./demo-platform.js')).startDemoPlatform(library) : null;
  let failed: string[];
  try {
    const runIds = [...demoAccounts.map((a) => sync.start(a.id)).flat(), ...(platform ? sync.start(platform.accountId) : [])];
    const statuses = await sync.wait(runIds);
    failed = statuses.filter((s) => s !== 'done');
  } finally {
    await platform?.stop();
  }
  // The demo comes with its thumbnails and AR files: wait for the previews jobs the syncs queued.
  await sync.waitForPreviews();
  const items = library.db.prepare(`SELECT count(*) FROM items`).pluck().get() as number;
  return { items, failed };
}
