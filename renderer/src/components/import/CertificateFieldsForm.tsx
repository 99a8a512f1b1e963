// The certificate's fields as a form: each checked as it is typed, with the same rules the
// backend applies (hash formats, serial numbers, dates); OCR readings show their confidence and
// a warning when they need a look. Used when confirming a screenshot and when editing an item.
import { useTranslation } from 'react-i18next';
import { CERTIFICATE_FIELDS, checkField, type CertificateField } from '../../../../main/core/ocr/certificate-fields.js';

export type FieldValues = Record<CertificateField, string>;

export interface FieldReading {
  /** What OCR read and checked (null: nothing that checks). */
  value: string | null;
  confidence: number;
  raw: string | null;
  problem: string | null;
}

/** Below this an OCR reading is marked "check this" (the backend's LOW_CONFIDENCE). */
const LOW_CONFIDENCE = 0.8;
const MONO: ReadonlySet<CertificateField> = new Set(['contract', 'tokenId', 'txHash']);

export const emptyValues = (): FieldValues => Object.fromEntries(CERTIFICATE_FIELDS.map((f) => [f, ''])) as FieldValues;

/** Problems of the typed values, by field (empty fields are fine: unknown stays unknown). */
export function problemsOf(values: FieldValues): Partial<Record<CertificateField, string>> {
  const out: Partial<Record<CertificateField, string>> = {};
  for (const f of CERTIFICATE_FIELDS) {
    if (!values[f].trim()) continue;
    const r = checkField(f, values[f]);
    if (!r.ok) out[f] = r.message;
  }
  return out;
}

export function CertificateFieldsForm({
  values,
  onChange,
  readings,
  idPrefix,
}: {
  values: FieldValues;
  onChange(values: FieldValues): void;
  /** What OCR read for each field, when the values came from a screenshot. */
  readings?: Partial<Record<CertificateField, FieldReading>>;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const problems = problemsOf(values);
  return (
    <div className="cert-fields">
      {CERTIFICATE_FIELDS.map((f) => {
        const reading = readings?.[f];
        const asRead = reading !== undefined && values[f] !== '' && values[f] === (reading.value ?? '');
        const typed = reading !== undefined && values[f] !== (reading.value ?? '');
        const unsure = asRead && reading.confidence < LOW_CONFIDENCE;
        const id = `${idPrefix}-${f}`;
        return (
          <div key={f} className={`cert-field${problems[f] ? ' cert-field-bad' : unsure ? ' cert-field-unsure' : ''}`} data-field={f}>
            <label htmlFor={id}>{t(`import.field.${f}`)}</label>
            <input
              id={id}
              className={MONO.has(f) ? 'mono' : undefined}
              value={values[f]}
              spellCheck={false}
              maxLength={400}
              onChange={(e) => onChange({ ...values, [f]: e.target.value })}
              aria-invalid={problems[f] ? true : undefined}
              aria-describedby={`${id}-note`}
              data-testid={`cert-field-${f}`}
            />
            <small id={`${id}-note`}>
              {problems[f] ? (
                <span className="cert-problem" role="alert">
                  {problems[f]}
                </span>
              ) : asRead ? (
                <span className={unsure ? 'cert-unsure' : 'cert-sure'}>
                  {t('import.confidence', { percent: Math.round(reading.confidence * 100) })}
                  {unsure ? ` · ${t('import.checkThis')}` : ''}
                </span>
              ) : typed && values[f] ? (
                <span className="cert-typed">{t('import.typedByYou')}</span>
              ) : reading?.raw ? (
                <span className="cert-unsure">{t('import.readButInvalid', { raw: reading.raw })}</span>
              ) : null}
            </small>
          </div>
        );
      })}
    </div>
  );
}
