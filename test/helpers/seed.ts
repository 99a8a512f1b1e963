import { openBackend, type Backend } from '../../main/api/backend.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { attachFile, upsertItem } from '../../main/core/db/items.js';
import { tempDir } from './tmp.js';

/** A backend over a real temp library with a few items and one stored file. */
export async function seededBackend(shell: 'http' | 'electron' = 'http'): Promise<{ backend: Backend; itemId: string; blobSha: string; blobBytes: Buffer }> {
  const backend = openBackend(tempDir(), shell);
  const { db, blobs } = backend.ctx.library;
  upsertPlatform(db, { id: 'p1', name: 'Platform One', nameZh: '平台一', kind: 'custodial' });
  upsertAccount(db, { id: 'a1', kind: 'platform', platformId: 'p1', name: 'me' });
  const { id: itemId } = upsertItem(db, 'a1', 'p1', { externalId: '1', name: '敦煌飞天·其一', creator: '李青', mediaType: 'image', serial: '#12/10000' });
  upsertItem(db, 'a1', 'p1', { externalId: '2', name: 'Harbor Lights #88', mediaType: 'image' });
  const blobBytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
  const stored = await blobs.put(blobBytes);
  attachFile(db, itemId, { role: 'image', sha256: stored.sha256, size: stored.size, mime: 'image/png' });
  return { backend, itemId, blobSha: stored.sha256, blobBytes };
}

/** Calls an operation of the table and returns its result, or throws its error. */
export async function callOk<T>(backend: Backend, name: string, input?: unknown): Promise<T> {
  const r = await backend.call(name, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.result as T;
}
