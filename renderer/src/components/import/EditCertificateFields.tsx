// On an imported item's page: where each certificate field came from (OCR of which screenshot
// and how sure, a sidecar file, the file name, typed by the user), and a form to correct the
// fields by hand, checked as typed and by the backend (items.update).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, ItemDetail } from '../../../../main/api/contract.js';
import { CERTIFICATE_FIELDS, type CertificateField } from '../../../../main/core/ocr/certificate-fields.js';
import { api } from '../../api/index.js';
import { errorMessage } from '../States.js';
import { CertificateFieldsForm, problemsOf, type FieldValues } from './CertificateFieldsForm.js';
import './import.css';

type Source = { kind: 'ocr' | 'sidecar' | 'file-name' | 'user'; file?: string; confidence?: number; at?: string };

function valuesOf(item: ItemDetail): FieldValues {
  const owner = (item.metadata.certificate as { owner?: string | null } | undefined)?.owner ?? null;
  const v: Record<CertificateField, string | null> = {
    name: item.name, issuer: item.issuer, creator: item.creator, issuedAt: item.issuedAt, serial: item.serial, chain: item.chain,
    contract: item.contract, tokenId: item.tokenId, txHash: item.txHash, owner,
  };
  return Object.fromEntries(CERTIFICATE_FIELDS.map((f) => [f, v[f] ?? ''])) as FieldValues;
}

export function EditCertificateFields({ item, account, onSaved }: { item: ItemDetail; account: Account | undefined; onSaved(item: ItemDetail): void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<FieldValues | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (account?.kind !== 'files') return null;
  const sources = (item.metadata.fieldSources ?? {}) as Partial<Record<CertificateField, Source>>;
  const describe = (s: Source | undefined) => {
    if (!s) return t('import.source.none');
    if (s.kind === 'ocr') return t('import.source.ocr', { file: s.file, percent: Math.round((s.confidence ?? 0) * 100) });
    if (s.kind === 'sidecar') return t('import.source.sidecar', { file: s.file });
    if (s.kind === 'file-name') return t('import.source.fileName', { file: s.file });
    return t('import.source.user');
  };

  async function save() {
    if (!editing) return;
    setSaving(true);
    setError(null);
    try {
      const before = valuesOf(item);
      // Only what changed is sent: the rest keeps its source.
      const fields = Object.fromEntries(CERTIFICATE_FIELDS.filter((f) => editing[f] !== before[f]).map((f) => [f, editing[f].trim() || null]));
      const saved = await api['items.update']({ id: item.id, fields });
      setEditing(null);
      onSaved(saved);
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setSaving(false);
    }
  }

  // The captured screenshots, so the fields can be compared with what the platform showed.
  const captures = item.evidence.filter((e) => e.kind === 'certificate-capture' && e.file?.mime.startsWith('image/'));
  return (
    <section className="detail-section" data-testid="certificate-sources">
      <h2>{t('import.sourcesTitle')}</h2>
      {captures.length ? (
        <div className="cert-captures">
          {captures.map((e) => (
            <a key={e.id} href={api.mediaUrl(e.file!.sha256)} target="_blank" rel="noreferrer">
              <img src={api.mediaUrl(e.file!.sha256)} alt={t('import.screenshotAlt')} loading="lazy" data-testid="certificate-capture" />
            </a>
          ))}
        </div>
      ) : null}
      {editing ? (
        <form
          className="form cert-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <CertificateFieldsForm values={editing} onChange={setEditing} idPrefix="edit" />
          {error ? (
            <p className="form-error" role="alert" data-testid="cert-edit-error">
              {error}
            </p>
          ) : null}
          <div className="modal-actions">
            <button type="button" className="button button-quiet" onClick={() => setEditing(null)} disabled={saving}>
              {t('import.cancel')}
            </button>
            <button type="submit" className="button button-primary" disabled={saving || Object.keys(problemsOf(editing)).length > 0} data-testid="cert-edit-save">
              {saving ? t('import.saving') : t('import.save')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <dl className="meta cert-sources">
            {CERTIFICATE_FIELDS.filter((f) => sources[f]).map((f) => (
              <div key={f} data-field={f}>
                <dt>{t(`import.field.${f}`)}</dt>
                <dd className={sources[f]?.kind === 'user' ? 'source-claimed' : undefined}>{describe(sources[f])}</dd>
              </div>
            ))}
          </dl>
          <button type="button" className="button button-quiet" onClick={() => setEditing(valuesOf(item))} data-testid="edit-certificate-fields">
            {t('import.editFields')}
          </button>
        </>
      )}
    </section>
  );
}
