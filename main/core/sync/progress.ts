// Where one run stands, in the shape of the `sync.progress` event: counts, bytes, a transfer
// rate over the last few seconds (so a pause or a stall shows at once, not averaged away), and an
// ETA from the bytes still expected. Emission is throttled; finishing states always go out.
import type { SyncProgress } from '../../api/contract.js';
import type { EventBus } from '../events.js';

const EMIT_INTERVAL_MS = 100;
const RATE_WINDOW_MS = 5_000;

export class ProgressTracker {
  readonly state: SyncProgress;
  /** Bytes received over the network (or read) in this run; never goes down. */
  private transferred = 0;
  private readonly samples: Array<[time: number, bytes: number]> = [];
  private lastEmit = 0;
  /** Files still to come, by job: expected size (null until known) and bytes received so far. */
  private readonly open = new Map<number, { size: number | null; received: number }>();
  /** Sizes of the files finished, for an average where a size is unknown. */
  private finishedBytes = 0;
  private finishedFiles = 0;

  constructor(
    private readonly events: EventBus,
    runId: number,
    accountId: string,
  ) {
    this.state = {
      type: 'sync.progress',
      runId,
      accountId,
      phase: 'listing',
      itemsListed: 0,
      itemsDone: 0,
      itemsFailed: 0,
      filesDone: 0,
      filesFailed: 0,
      filesTotal: 0,
      bytesDone: 0,
      bytesTotal: null,
      bytesPerSecond: 0,
      etaSeconds: null,
      currentItem: null,
      listingDone: false,
      startedAt: new Date().toISOString(),
    };
  }

  expectFile(jobId: number, size: number | null): void {
    this.open.set(jobId, { size, received: 0 });
  }

  learnSize(jobId: number, size: number | null): void {
    const file = this.open.get(jobId);
    if (file && size !== null) file.size = size;
  }

  /** Bytes received for a job (negative when a partial file had to be started over). */
  addBytes(jobId: number, delta: number): void {
    const file = this.open.get(jobId);
    if (file) file.received = Math.max(0, file.received + delta);
    this.state.bytesDone = Math.max(0, this.state.bytesDone + delta);
    if (delta > 0) this.transferred += delta;
    this.emit();
  }

  fileFinished(jobId: number, size: number | null): void {
    this.open.delete(jobId);
    if (size !== null) {
      this.finishedBytes += size;
      this.finishedFiles++;
    }
  }

  /** The current state with rate and ETA worked out. */
  snapshot(now = Date.now()): SyncProgress {
    this.samples.push([now, this.transferred]);
    while (this.samples.length > 2 && now - this.samples[0]![0] > RATE_WINDOW_MS) this.samples.shift();
    const [t0, b0] = this.samples[0]!;
    const span = (now - t0) / 1000;
    const rate = span >= 0.25 ? (this.transferred - b0) / span : this.state.bytesPerSecond;
    this.state.bytesPerSecond = this.state.phase === 'paused' ? 0 : rate;

    const average = this.finishedFiles > 0 ? this.finishedBytes / this.finishedFiles : null;
    let remaining: number | null = 0;
    for (const file of this.open.values()) {
      const size = file.size ?? average;
      if (size === null) {
        remaining = null;
        break;
      }
      remaining += Math.max(0, size - file.received);
    }
    const going = this.state.phase === 'fetching' || this.state.phase === 'listing';
    const known = this.state.listingDone && remaining !== null;
    this.state.bytesTotal = known ? this.state.bytesDone + remaining! : null;
    this.state.etaSeconds = known && going && rate > 0 ? remaining! / rate : null;
    return { ...this.state };
  }

  /** Sends the state, at most every 100 ms unless forced. */
  emit(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < EMIT_INTERVAL_MS) return;
    this.lastEmit = now;
    this.events.emit(this.snapshot(now));
  }
}
