// Progress of a long bundle operation (export, verify, import), reported as counts and bytes;
// the job runner turns it into rates and ETAs for the UI and the terminal.

export type BundlePhase = 'preparing' | 'writing' | 'checking' | 'evidence' | 'importing' | 'done' | 'failed' | 'cancelled';

export interface BundleProgress {
  phase: BundlePhase;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** What is being worked on (a file or item), for display. */
  current: string | null;
}

export type ProgressSink = (progress: BundleProgress) => void;

export const noProgress: ProgressSink = () => undefined;

/** Throws the signal's reason as a "cancelled" error when the user cancelled. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new BundleCancelled();
}

export class BundleCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'BundleCancelled';
  }
}
