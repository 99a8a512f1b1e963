// One bundle job (export, verify or import) as the UI follows it: the caller picks the job id,
// so `bundle.progress` events can be matched before the call returns; cancel asks the backend.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiEvent } from '../../../../main/api/contract.js';
import { api } from '../../api/index.js';

export type BundleProgressEvent = Extract<ApiEvent, { type: 'bundle.progress' }>;

export function useBundleJob() {
  const [progress, setProgress] = useState<BundleProgressEvent | null>(null);
  const [running, setRunning] = useState(false);
  const jobId = useRef<string | null>(null);

  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.type === 'bundle.progress' && e.jobId === jobId.current) setProgress(e);
      }),
    [],
  );

  /** Runs `work` with a fresh job id; progress follows it until it settles. */
  const run = useCallback(async <T,>(work: (jobId: string) => Promise<T>): Promise<T> => {
    jobId.current = `bundle-${crypto.randomUUID()}`;
    setProgress(null);
    setRunning(true);
    try {
      return await work(jobId.current);
    } finally {
      setRunning(false);
    }
  }, []);

  const cancel = useCallback(() => {
    if (jobId.current) void api['bundle.cancel']({ jobId: jobId.current });
  }, []);

  return { progress, running, run, cancel };
}
