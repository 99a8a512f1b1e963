// The measured process of the sync benchmark: a fresh library, one account whose connector lists
// the benchmark's items (one downloaded file each, from the local media server), one full sync
// through the real SyncEngine. Prints one JSON line with what it stored, when the sync itself
// ended (ms since the process started) and the peak RSS until then.
//   sync-child <library dir> <catalog.json>
import { readFileSync } from 'node:fs';
import type { Connector } from '../../main/core/connectors/connector.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { EventBus } from '../../main/core/events.js';
import { Library } from '../../main/core/library.js';
import { SyncEngine } from '../../main/core/sync/sync-engine.js';

interface BenchCatalog {
  urls: string[];
}

const [dir, catalogPath] = process.argv.slice(2);
const catalog = JSON.parse(readFileSync(catalogPath!, 'utf8')) as BenchCatalog;

const connector: Connector = {
  async *listHoldings() {
    for (const [i, url] of catalog.urls.entries()) {
      yield {
        record: { externalId: `bench-${i}`, name: `Bench item ${i}`, mediaType: 'image' },
        files: [{ role: 'image', sourceUrl: url, download: { url } }],
      };
    }
  },
};

const library = Library.open(dir!);
upsertPlatform(library.db, { id: 'bench', name: 'Bench', kind: 'custodial' });
upsertAccount(library.db, { id: 'bench', kind: 'platform', platformId: 'bench', name: 'bench' });
const events = new EventBus();
const engine = new SyncEngine(library, events, { connectorFor: async () => connector });
// When the sync itself is over (every file stored and attached). The run then hands its new items
// to a previews job of their own (thumbnails, AR files, with their own image libraries), which
// this process waits for as `holdfast sync` does: measured apart, as "process".
let syncMs: number | null = null;
let syncPeakRssMb: number | null = null;
events.subscribe((e) => {
  if (e.type === 'sync.progress' && e.phase === 'done' && syncMs === null) {
    syncMs = performance.now(); // since the process started
    syncPeakRssMb = process.resourceUsage().maxRSS / 1024;
  }
});
// HOLDFAST_BENCH_MEMORY=1 prints memory use every second (to find what grows).
const memoryTimer = process.env.HOLDFAST_BENCH_MEMORY
  ? setInterval(() => {
      const m = process.memoryUsage();
      const mb = (n: number) => Math.round(n / 1e6);
      console.error(`rss=${mb(m.rss)} heap=${mb(m.heapUsed)}/${mb(m.heapTotal)} external=${mb(m.external)} arrayBuffers=${mb(m.arrayBuffers)}`);
    }, 1000)
  : null;
const [runId] = engine.start('bench');
const [status] = await engine.wait([runId!]);
await engine.waitForPreviews([runId!]);
// Only the synced media (a done sync also adds preview files for what it recognises as pictures).
const stored = library.db.prepare(`SELECT count(*) AS files, coalesce(sum(size), 0) AS bytes FROM media_files WHERE role = 'image'`).get() as { files: number; bytes: number };
if (memoryTimer) clearInterval(memoryTimer);
await engine.close();
library.close();
console.log(JSON.stringify({ status, ...stored, syncMs, syncPeakRssMb }));
