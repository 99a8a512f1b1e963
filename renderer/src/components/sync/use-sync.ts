// The sync state a panel shows: progress of every running run (from sync.status when the panel
// opens, then from the backend's sync.progress events — no polling), what stopped syncs left to
// do, the files that failed, and the history. The lists reload whenever a run ends.
import { useCallback, useEffect, useState } from 'react';
import type { SyncFailure, SyncProgress, SyncRun, SyncStatus } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';

export interface SyncState {
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

export function useSync(reloadToken: number): SyncState {
  const [live, setLive] = useState<Map<string, SyncProgress>>(new Map());
  const [pending, setPending] = useState<SyncStatus['pending']>([]);
  const [failures, setFailures] = useState<SyncState['failures']>(null);
  const [runs, setRuns] = useState<SyncRun[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let active = true;
    Promise.all([api['sync.status'](), api['sync.failures']({ limit: 200 }), api['sync.runs']({ limit: 30 })]).then(
      ([status, failed, history]) => {
        if (!active) return;
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
        if (event.type !== 'sync.progress') return;
        setLive((prev) => new Map(prev).set(event.accountId, event));
        if (!isGoing(event)) setAttempt((n) => n + 1); // a run ended: history, failures and pending changed
      }),
    [],
  );

  return { live, pending, failures, runs, error, reload };
}
