// Plain-text renderings for the terminal.
import type { ApiEvent, ItemSummary } from '../api/contract.js';

// East Asian wide characters (CJK, Hangul, full-width forms) take two terminal columns; box and
// block drawing, arrows and punctuation like … and · take one.
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const width = (s: string) => [...s].reduce((w, ch) => w + (WIDE.test(ch) ? 2 : 1), 0);
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const cut = (s: string, n: number) => {
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > n - 1) return `${out}…`;
    out += ch;
  }
  return out;
};

export function formatItemsTable(items: ItemSummary[]): string {
  const rows = items.map((i) => [
    cut(i.name, 32),
    cut(i.platform, 18),
    i.serial ?? '',
    i.mediaType,
    `L${i.evidenceLevel}`,
    i.held ? '' : 'no longer held',
    i.id,
  ]);
  const header = ['NAME', 'PLATFORM', 'SERIAL', 'TYPE', 'EVIDENCE', 'STATUS', 'ID'];
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const line = (r: string[]) => r.map((cell, c) => pad(cell, widths[c] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line), `${items.length} item${items.length === 1 ? '' : 's'}`].join('\n');
}

type SyncProgress = Extract<ApiEvent, { type: 'sync.progress' }>;

/** 1.2 kB, 34.5 MB, 1.07 GB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1e3) return `${Math.round(bytes)} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/** 45 s, 12 min 5 s, 2 h 3 min. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** How far a run is, 0–1: by bytes when the total is known, else by files, else null. */
export function progressFraction(e: SyncProgress): number | null {
  if (e.phase === 'done') return 1;
  if (e.bytesTotal) return Math.min(1, e.bytesDone / e.bytesTotal);
  if (e.listingDone && e.filesTotal > 0) return Math.min(1, (e.filesDone + (e.filesFailed ?? 0)) / e.filesTotal);
  return null;
}

const PHASE_WORDS: Record<SyncProgress['phase'], string> = {
  listing: 'listing',
  fetching: 'fetching',
  paused: 'paused',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** The facts of a run's progress: items listed, media done/total, bytes, rate, ETA, failures. */
function progressFacts(e: SyncProgress): string[] {
  const items = `items ${e.itemsDone}/${e.itemsListed}${e.listingDone ? '' : '+'}`;
  const media = `media ${e.filesDone}/${e.filesTotal}`;
  const bytes = e.bytesTotal ? `${formatBytes(e.bytesDone)} of ${formatBytes(e.bytesTotal)}` : formatBytes(e.bytesDone);
  const facts = [items, media, bytes];
  if (e.phase === 'fetching' || e.phase === 'listing') facts.push(`${formatBytes(e.bytesPerSecond)}/s`);
  if (e.etaSeconds !== null && e.phase !== 'paused') facts.push(`ETA ${formatDuration(e.etaSeconds)}`);
  if (e.filesFailed) facts.push(`${e.filesFailed} failed`);
  return facts;
}

/** One plain line (logs, CI, pipes). */
export function formatProgress(e: SyncProgress): string {
  const current = e.currentItem ? ` · ${e.currentItem}` : '';
  return `[${e.accountId}] ${PHASE_WORDS[e.phase]}: ${progressFacts(e).join(' · ')}${current}`;
}

/** One live line for a terminal `columns` wide: a bar, the facts, the current item. */
export function formatProgressBar(e: SyncProgress, columns: number): string {
  const fraction = progressFraction(e);
  const barWidth = 20;
  const bar =
    fraction === null
      ? `[${'·'.repeat(barWidth)}]     `
      : `[${'█'.repeat(Math.round(fraction * barWidth))}${'░'.repeat(barWidth - Math.round(fraction * barWidth))}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const label = e.phase === 'fetching' || e.phase === 'listing' ? '' : ` ${PHASE_WORDS[e.phase].toUpperCase()}`;
  const head = `${cut(e.accountId, 18)} ${bar}${label} `;
  const current = e.currentItem && (e.phase === 'fetching' || e.phase === 'listing') ? ` · ${e.currentItem}` : '';
  const line = `${head}${progressFacts(e).join(' · ')}${current}`;
  return width(line) > columns ? cut(line, columns) : line;
}

/** Column helpers for other tables (CJK characters are two columns wide). */
export { width as displayWidth, pad as padColumn, cut as cutColumn };
