// Bundles: export the library (or part of it) to a provenance bundle, verify any bundle
// offline, import one back (renderer/src/components/bundle/).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportPanel } from '../components/bundle/ExportPanel.js';
import { ImportPanel } from '../components/bundle/ImportPanel.js';
import { VerifyPanel } from '../components/bundle/VerifyPanel.js';
import '../components/bundle/bundle.css';

export function BundlesPage() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('bundle.pageTitle');
    return () => {
      document.title = t('app.title');
    };
  }, [t]);
  return (
    <div className="page" data-testid="bundles-page">
      <header className="page-head">
        <div>
          <h1>{t('bundle.pageTitle')}</h1>
          <p className="page-sub">{t('bundle.pageSub')}</p>
        </div>
      </header>
      <div className="page-body bundle-panels">
        <ExportPanel />
        <VerifyPanel />
        <ImportPanel />
      </div>
    </div>
  );
}
