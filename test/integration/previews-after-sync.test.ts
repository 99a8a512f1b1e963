// Previews are a job of their own after a sync: the sync ends and reports done (its recorded
// finish time before any preview was built), then the previews job it queued for its new items
// builds thumbnails and AR files, with its own progress events; a second sync with nothing new
// queues nothing. And the command line: `holdfast sync` prints the sync's result first, then a
// separate previews step; `--no-previews` skips it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ApiEvent, ItemPreviews, ItemSummary, SyncRun } from '../../main/api/contract.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { demoAccounts } from '../../main/core/demo/demo-catalog.js';
import { REPO } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';
import { callOk as call } from '../helpers/seed.js';

const account = demoAccounts[0]!;

function addDemoAccount(b: Backend): void {
  upsertPlatform(b.ctx.library.db, account.platform);
  upsertAccount(b.ctx.library.db, { id: account.id, kind: 'demo', platformId: account.platform.id, name: account.name });
}

let root: string;
beforeAll(() => {
  root = suiteTempDir('holdfast-previews-after-sync-');
  process.env.HOLDFAST_RENDER3D = 'off'; // posters stand in for 3D renders: this is about when previews are built
});
afterAll(() => {
  delete process.env.HOLDFAST_RENDER3D;
});

describe('previews after a sync', () => {
  it('reports the sync done before any preview is built, then the queued previews job builds them', async () => {
    const backend = openBackend(join(root, 'api'), 'http');
    try {
      addDemoAccount(backend);
      const events: ApiEvent[] = [];
      backend.ctx.events.subscribe((e) => void events.push(e));

      const [runId] = backend.ctx.sync.start(account.id);
      expect(await backend.ctx.sync.wait([runId!])).toEqual(['done']);
      // When the sync is reported done, not one preview has been built yet.
      const atSyncEnd = events.slice();
      expect(atSyncEnd.filter((e) => e.type === 'previews.progress' && (e.itemsDone > 0 || e.phase === 'done'))).toEqual([]);
      const run = (await call<SyncRun[]>(backend, 'sync.runs', { limit: 5 })).find((r) => r.id === runId)!;
      expect(run.status).toBe('done');
      expect(run.itemsAdded).toBe(account.items.length);

      const jobIds = await backend.ctx.sync.previewJobIds([runId!]);
      expect(jobIds).toHaveLength(1);
      await backend.ctx.sync.waitForPreviews([runId!]);

      // Order on the event stream: the sync's `done` comes before the previews job even starts.
      const syncDone = events.findIndex((e) => e.type === 'sync.progress' && e.phase === 'done');
      const previewEvents = events.flatMap((e, i) => (e.type === 'previews.progress' ? [{ e, i }] : []));
      expect(syncDone).toBeGreaterThanOrEqual(0);
      expect(previewEvents.length).toBeGreaterThan(2);
      expect(previewEvents[0]!.i).toBeGreaterThan(syncDone);
      expect(previewEvents.every(({ e }) => e.jobId === jobIds[0] && e.runId === runId && e.accountId === account.id)).toBe(true);
      expect(previewEvents[0]!.e).toMatchObject({ phase: 'queued', itemsTotal: account.items.length });
      expect(previewEvents.at(-1)!.e).toMatchObject({ phase: 'done', itemsDone: account.items.length });

      // Every item now has its thumbnails, all built after the sync's recorded finish: the
      // sync's time does not include them.
      const items = (await call<{ items: ItemSummary[] }>(backend, 'items.list', { limit: 100 })).items;
      expect(items).toHaveLength(account.items.length);
      for (const item of items) {
        const p = await call<ItemPreviews>(backend, 'previews.get', { id: item.id });
        const thumbnail = p.stages.find((s) => s.stage === 'thumbnail');
        expect(thumbnail, item.name).toMatchObject({ status: expect.stringMatching(/^(ok|fallback)$/) });
        expect(existsSync(p.thumbnails.small!.path), item.name).toBe(true);
        expect(Date.parse(thumbnail!.builtAt), item.name).toBeGreaterThanOrEqual(Date.parse(run.finishedAt!));
        expect(p.ar.glb, item.name).not.toBeNull();
      }

      // Nothing new the second time: the sync queues no previews job.
      const [again] = backend.ctx.sync.start(account.id);
      expect(await backend.ctx.sync.wait([again!])).toEqual(['done']);
      expect(await backend.ctx.sync.previewJobIds([again!])).toEqual([]);
    } finally {
      await backend.close();
    }
  }, 120_000);
});

describe('holdfast sync on the command line', () => {
  function holdfast(...args: string[]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'main', 'cli', 'holdfast.ts'), ...args], {
      encoding: 'utf8',
      timeout: 110_000,
      env: { ...process.env, HOLDFAST_RENDER3D: 'off' },
    });
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  }

  it('prints the sync result first, then builds previews as a separate step; --no-previews skips it', async () => {
    for (const dir of ['cli', 'cli-no-previews']) {
      const b = openBackend(join(root, dir), 'http');
      addDemoAccount(b);
      await b.close();
    }
    const synced = holdfast('sync', '--library', join(root, 'cli'));
    expect(synced.status, synced.out).toBe(0);
    const lines = synced.out.split('\n');
    const result = lines.findIndex((l) => l.startsWith(`${account.id}: done`));
    const finished = lines.findIndex((l) => /^Sync finished in \d+/.test(l));
    const previews = lines.findIndex((l) => l.startsWith(`Previews done: ${account.items.length}/${account.items.length} items`));
    expect(result, synced.out).toBeGreaterThanOrEqual(0);
    expect(finished, synced.out).toBeGreaterThan(result);
    expect(previews, synced.out).toBeGreaterThan(finished);

    const skipped = holdfast('sync', '--no-previews', '--library', join(root, 'cli-no-previews'));
    expect(skipped.status, skipped.out).toBe(0);
    expect(skipped.out).toContain('Previews not built (--no-previews)');
    expect(skipped.out).not.toContain('Previews done');
    const b = openBackend(join(root, 'cli-no-previews'), 'http');
    try {
      const items = (await call<{ items: ItemSummary[] }>(b, 'items.list', { limit: 100 })).items;
      const built = await Promise.all(items.map((i) => call<ItemPreviews>(b, 'previews.get', { id: i.id })));
      expect(built.filter((p) => p.stages.length > 0)).toEqual([]);
    } finally {
      await b.close();
    }
  }, 240_000);
});
