// Sync progress in the terminal. On a TTY: one live line per run (a bar, items listed, media
// done/total, bytes, rate, ETA, current item), redrawn in place. Otherwise (logs, CI, pipes):
// a plain line per run when its phase changes and every few seconds in between.
import type { ApiEvent } from '../api/contract.js';
import { formatProgress, formatProgressBar } from './format.js';

type SyncProgress = Extract<ApiEvent, { type: 'sync.progress' }>;

const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 2_000;

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export class ProgressView {
  private readonly runs = new Map<number, SyncProgress>();
  private drawnLines = 0;
  private lastDraw = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly lastPlain = new Map<number, { at: number; phase: string }>();
  private finished = false;

  constructor(private readonly out: ProgressOutput = process.stdout) {}

  private get live(): boolean {
    return Boolean(this.out.isTTY);
  }

  /** Takes an event from the backend's stream. */
  update(event: ApiEvent): void {
    if (event.type !== 'sync.progress' || this.finished) return;
    this.runs.set(event.runId, event);
    if (this.live) this.scheduleDraw(event.phase === 'done' || event.phase === 'failed' || event.phase === 'cancelled' || event.phase === 'paused');
    else this.plain(event);
  }

  /** A message that should stay on screen above the live lines. */
  note(text: string): void {
    if (!this.live) {
      this.out.write(`${text}\n`);
      return;
    }
    this.clear();
    this.out.write(`${text}\n`);
    this.draw();
  }

  /** Draws the final state and leaves the lines on screen; later events are not drawn. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.live) this.draw();
    this.drawnLines = 0;
  }

  private plain(e: SyncProgress): void {
    const now = Date.now();
    const last = this.lastPlain.get(e.runId);
    if (last && last.phase === e.phase && now - last.at < PLAIN_EVERY_MS) return;
    this.lastPlain.set(e.runId, { at: now, phase: e.phase });
    this.out.write(`${formatProgress(e)}\n`);
  }

  private scheduleDraw(now: boolean): void {
    const wait = REDRAW_MS - (Date.now() - this.lastDraw);
    if (now || wait <= 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.draw();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.draw();
      }, wait);
    }
  }

  private clear(): void {
    if (this.drawnLines > 0) this.out.write(`\x1b[${this.drawnLines}A\r\x1b[J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    this.lastDraw = Date.now();
    const columns = Math.max(40, (this.out.columns ?? 100) - 1);
    const lines = [...this.runs.values()].map((e) => formatProgressBar(e, columns));
    this.clear();
    if (lines.length) this.out.write(`${lines.join('\n')}\n`);
    this.drawnLines = lines.length;
  }
}

/** Plain progress lines for commands that run syncs in passing (e.g. the demo). */
export function printProgress(event: ApiEvent, tty: boolean): void {
  (tty ? liveView : plainView).update(event);
}

const plainView = new ProgressView({ write: (t) => process.stdout.write(t), isTTY: false });
const liveView = new ProgressView(process.stdout);
