// Plain-text renderings for the terminal.
import type { ApiEvent, ItemSummary } from '../api/contract.js';

const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFEF\u{20000}-\u{3FFFD}]/u.test(ch) ? 2 : 1), 0);
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

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function formatProgress(e: Extract<ApiEvent, { type: 'sync.progress' }>): string {
  const eta = e.etaSeconds === null ? '' : ` · ETA ${Math.ceil(e.etaSeconds)} s`;
  const current = e.currentItem ? ` · ${e.currentItem}` : '';
  return `[${e.accountId}] ${e.phase}: ${e.itemsDone}/${e.itemsListed} items · files ${e.filesDone}/${e.filesTotal} · ${mb(e.bytesDone)} at ${mb(e.bytesPerSecond)}/s${eta}${current}`;
}

/** Column helpers for other tables (CJK characters are two columns wide). */
export { width as displayWidth, pad as padColumn, cut as cutColumn };
