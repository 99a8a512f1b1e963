// The command line around syncs: `holdfast sync failures|status|history` on a library a real
// sync left with a failed file, and the live progress display (a TTY) against plain lines.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../main/api/contract.js';
import { displayWidth } from '../../main/cli/format.js';
import { ProgressView } from '../../main/cli/progress.js';
import { makeCatalog } from '../fixtures/media-connector.js';
import { startMediaServer } from '../fixtures/media-server.js';
import { openHarness } from '../fixtures/sync-harness.js';
import { suiteTempDir } from '../helpers/tmp.js';

const REPO = join(import.meta.dirname, '..', '..');
let library: string;

/** The CLI from source (no build needed). */
function holdfast(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'main', 'cli', 'holdfast.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  library = join(suiteTempDir('holdfast-sync-cli-'), 'lib');
  const { items, files } = makeCatalog({ items: 4, filesPerItem: 2 });
  const server = await startMediaServer(files, { fault: (ctx) => (ctx.path === files[5]!.path ? { kind: 'status', status: 404 } : null) });
  const harness = openHarness(library, { baseUrl: server.url, items });
  await harness.sync();
  await harness.close();
  await server.close();
});

describe('holdfast sync (command line)', () => {
  it('lists failed files with their reason, what is left to do, and the history', () => {
    const failures = holdfast('sync', 'failures', '--library', library);
    expect(failures.status).toBe(0);
    expect(failures.out).toMatch(/藏品 2\s+video\s+HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/media\/s\/2\/1\.bin\s+\(1 try/);
    expect(failures.out).toContain('1 failed file; `holdfast sync` tries them again.');

    const json = JSON.parse(holdfast('sync', 'failures', '--json', '--library', library).out) as { total: number };
    expect(json.total).toBe(1);

    const status = holdfast('sync', 'status', '--library', library);
    expect(status.out).toContain('acct-media: 0 files queued, 1 failed');

    const history = holdfast('sync', 'history', '--library', library);
    expect(history.out).toMatch(/#1 \S+\s+acct-media\s+done: 4 seen, 4 new, 0 changed, 0 no longer held, 7 files \([\d.]+ kB\) added, 1 errors/);
  }, 120_000);
});

const event = (patch: Partial<SyncProgress>): SyncProgress => ({
  type: 'sync.progress',
  runId: 1,
  accountId: 'jingtan-main',
  phase: 'fetching',
  itemsListed: 120,
  itemsDone: 30,
  itemsFailed: 0,
  filesDone: 70,
  filesFailed: 2,
  filesTotal: 240,
  bytesDone: 52_000_000,
  bytesTotal: 208_000_000,
  bytesPerSecond: 12_500_000,
  etaSeconds: 12.4,
  currentItem: '敦煌飞天·其一',
  listingDone: true,
  ...patch,
});

describe('sync progress in the terminal', () => {
  it('draws one live bar per run on a TTY and redraws it in place', async () => {
    let screen = '';
    const view = new ProgressView({ write: (t: string) => (screen += t), isTTY: true, columns: 160 });
    view.update(event({}));
    view.update(event({ runId: 2, accountId: 'eth-wallet', itemsDone: 1, itemsListed: 9, listingDone: false, bytesTotal: null, etaSeconds: null, currentItem: null }));
    await new Promise((r) => setTimeout(r, 150));
    view.update(event({ phase: 'done', itemsDone: 120, filesDone: 238, bytesDone: 208_000_000, etaSeconds: null }));
    view.finish();
    // Redrawn in place: the cursor goes up over the lines drawn before, which are cleared.
    const frames = screen.split(new RegExp(String.raw`\u001b\[\dA\r\u001b\[J`));
    expect(frames.length).toBeGreaterThanOrEqual(3);
    expect(screen).toContain('\x1b[2A\r\x1b[J');
    const first = frames.find((f) => f.includes('eth-wallet'))!.split('\n');
    expect(first[0]).toBe(
      'jingtan-main [█████░░░░░░░░░░░░░░░]  25% items 30/120 · media 70/240 · 52.0 MB of 208.0 MB · 12.5 MB/s · ETA 13 s · 2 failed · 敦煌飞天·其一',
    );
    expect(first[1]).toMatch(/^eth-wallet \[·+\]\s+items 1\/9\+ · media 70\/240 · 52\.0 MB · 12\.5 MB\/s · 2 failed$/);
    expect(frames.at(-1)).toContain('jingtan-main [████████████████████] 100% DONE items 120/120 · media 238/240 · 208.0 MB of 208.0 MB · 2 failed');
  });

  it('cuts lines to the terminal width, counting Chinese characters as two columns', () => {
    let screen = '';
    const view = new ProgressView({ write: (t: string) => (screen += t), isTTY: true, columns: 60 });
    view.update(event({ currentItem: '青花缠枝莲纹瓶'.repeat(5), phase: 'paused' }));
    const line = screen.split('\n')[0]!;
    expect(displayWidth(line)).toBeLessThanOrEqual(59);
    expect(displayWidth('青花 ·…█')).toBe(8);
    expect(line).toMatch(/PAUSED/);
    expect(line.endsWith('…')).toBe(true);
  });

  it('prints plain lines without escapes when the output is not a terminal', () => {
    let out = '';
    const view = new ProgressView({ write: (t: string) => (out += t), isTTY: false });
    view.update(event({}));
    view.update(event({ itemsDone: 31 })); // within 2 s and same phase: not repeated
    view.update(event({ phase: 'done', itemsDone: 120 }));
    expect(out).not.toContain('\x1b');
    expect(out.trim().split('\n')).toEqual([
      '[jingtan-main] fetching: items 30/120 · media 70/240 · 52.0 MB of 208.0 MB · 12.5 MB/s · ETA 13 s · 2 failed · 敦煌飞天·其一',
      '[jingtan-main] done: items 120/120 · media 70/240 · 52.0 MB of 208.0 MB · ETA 13 s · 2 failed · 敦煌飞天·其一',
    ]);
  });
});
