// An action a form or panel runs (sign in, add, verify…): busy while it runs, and what went
// wrong, in the user's language, once it failed. The one place for that try/catch/finally.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './States.js';

export function useAction() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (work: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      try {
        await work();
      } catch (e) {
        setError(errorMessage(e, t));
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, error, setError, run };
}
