// The two ways in for holdings saved as files, as buttons for the Accounts page.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportCertificateDialog } from './ImportCertificateDialog.js';
import { ImportFolderDialog } from './ImportFolderDialog.js';

export function ImportActions() {
  const { t } = useTranslation();
  const [open, setOpen] = useState<null | 'folder' | 'certificate'>(null);
  return (
    <>
      <button type="button" className="button button-quiet" onClick={() => setOpen('folder')} data-testid="open-import-folder">
        {t('import.openFolder')}
      </button>
      <button type="button" className="button button-quiet" onClick={() => setOpen('certificate')} data-testid="open-import-certificate">
        {t('import.openCertificate')}
      </button>
      {open === 'folder' ? <ImportFolderDialog onClose={() => setOpen(null)} /> : null}
      {open === 'certificate' ? <ImportCertificateDialog onClose={() => setOpen(null)} /> : null}
    </>
  );
}
