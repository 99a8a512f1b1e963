// The sync state a panel shows: progress of every running run (from sync.status when the panel
// opens, then from the backend's sync.progress events — no polling), what stopped syncs left to
// do, the files that failed, and the history. The lists reload whenever a run ends. Previews jobs
// (the thumbnails and AR files a sync queues for its new items once it has ended, or a build
// started elsewhere) come from previews.jobs when the panel opens (so a job still waiting its
// turn shows too), then from their previews.progress events.
import { useCallback, useEffect, useState } from 'react';
import type { PreviewsProgress, SyncFailure, SyncProgress, SyncRun, SyncStatus } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';

export type { PreviewsProgress } from '../../../../main/api/contract.js';

export interface SyncState {
  /** Latest progress of each previews job seen in this window, by job id, oldest first. */
  previews: Map<string, PreviewsProgress>;
  /** Latest progress of each run going now (or just ended in this window), by account. */
  live: Map<string, SyncProgress>;
  pending: SyncStatus['pending'];
  failures: { total: number; files: SyncFailure[] } | null;
  runs: SyncRun[] | null;
  error: unknown;
  reload(): void;
}

const ENDED = new Set<SyncProgress['phase']>(['done', 'failed', 'cancelled']);

export function isGoing(p: SyncProgress): boolean {
  return !ENDED.has(p.phase);
}

export function previewsGoing(p: PreviewsProgress): boolean {
  return p.phase === 'queued' || p.phase === 'running';
}

/** Jobs kept on screen once ended (the newest ones). */
const ENDED_PREVIEWS_KEPT = 6;

export function useSync(reloadToken: number): SyncState {
  const [live, setLive] = useState<Map<string, SyncProgress>>(new Map());
  const [previews, setPreviews] = useState<Map<string, PreviewsProgress>>(new Map());
  const [pending, setPending] = useState<SyncStatus['pending']>([]);
  const [failures, setFailures] = useState<SyncState['failures']>(null);
  const [runs, setRuns] = useState<SyncRun[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let active = true;
    Promise.all([api['sync.status'](), api['sync.failures']({ limit: 200 }), api['sync.runs']({ limit: 30 }), api['previews.jobs']()]).then(
      ([status, failed, history, jobs]) => {
        if (!active) return;
        // Events seen meanwhile are newer than this answer: they stay.
        setPreviews((prev) => {
          const next = new Map(prev);
          for (const job of jobs) if (!next.has(job.jobId)) next.set(job.jobId, job);
          return next;
        });
        setLive((prev) => {
          const next = new Map([...prev].filter(([, p]) => !isGoing(p)));
          for (const p of status.runs) next.set(p.accountId, p);
          return next;
        });
        setPending(status.pending);
        setFailures(failed);
        setRuns(history);
        setError(null);
      },
      (e: unknown) => active && setError(e),
    );
    return () => {
      active = false;
    };
  }, [reloadToken, attempt]);

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'previews.progress') {
          setPreviews((prev) => {
            const next = new Map(prev).set(event.jobId, event);
            const ended = [...next.values()].filter((p) => !previewsGoing(p));
            for (const old of ended.slice(0, Math.max(0, ended.length - ENDED_PREVIEWS_KEPT))) next.delete(old.jobId);
            return next;
          });
          return;
        }
        if (event.type !== 'sync.progress') return;
        setLive((prev) => new Map(prev).set(event.accountId, event));
        if (!isGoing(event)) setAttempt((n) => n + 1); // a run ended: history, failures and pending changed
      }),
    [],
  );

  return { live, previews, pending, failures, runs, error, reload };
}
