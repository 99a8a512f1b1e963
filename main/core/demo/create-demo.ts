// Fills a library with the demo catalog through the normal sync path. Idempotent: running it
// again adds nothing new and downloads nothing twice.
import { upsertAccount, upsertPlatform } from '../db/accounts.js';
import type { SyncEngine } from '../sync/sync-engine.js';
import type { Library } from '../library.js';
import { demoAccounts } from './demo-catalog.js';

export async function createDemoLibrary(library: Library, sync: SyncEngine): Promise<{ items: number; failed: string[] }> {
  for (const account of demoAccounts) {
    upsertPlatform(library.db, account.platform);
    upsertAccount(library.db, { id: account.id, kind: 'demo', platformId: account.platform.id, name: account.name });
  }
  const runIds = demoAccounts.map((a) => sync.start(a.id)).flat();
  const statuses = await sync.wait(runIds);
  const failed = statuses.filter((s) => s !== 'done');
  // The demo comes with its thumbnails and AR files: wait for the previews jobs the syncs queued.
  await sync.waitForPreviews();
  const items = library.db.prepare(`SELECT count(*) FROM items`).pluck().get() as number;
  return { items, failed };
}
