// Sync: the sync panel (renderer/src/components/sync/): a progress bar per account with pause,
// resume and cancel, what stopped syncs left to do, failed files with reasons, and the history.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { SyncPanel } from '../components/sync/SyncPanel.js';

export function SyncPage() {
  const { t } = useTranslation();

  useEffect(() => {
    document.title = t('sync.title');
    return () => {
      document.title = t('app.title');
    };
  }, [t]);

  return <SyncPanel />;
}
