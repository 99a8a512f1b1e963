// The platform an import belongs to, and what the user knows of its exit (status, date).
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app-context.js';

export interface PlatformChoice {
  name: string;
  status: '' | 'active' | 'stopped' | 'closed' | 'unknown';
  exitDate: string;
}

export function platformStatusInput(p: PlatformChoice): { platformStatus?: { status?: Exclude<PlatformChoice['status'], ''>; exitDate?: string } } {
  if (!p.status && !p.exitDate) return {};
  return { platformStatus: { ...(p.status ? { status: p.status } : {}), ...(p.exitDate ? { exitDate: p.exitDate } : {}) } };
}

export function PlatformFields({ value, onChange, disabled }: { value: PlatformChoice; onChange(v: PlatformChoice): void; disabled?: boolean }) {
  const { t } = useTranslation();
  const { platforms } = useApp();
  return (
    <div className="platform-fields">
      <label>
        <span>{t('import.platform')}</span>
        <input
          list="import-platforms"
          value={value.name}
          onChange={(e) => onChange({ ...value, name: e.target.value })}
          placeholder={t('import.platformPlaceholder')}
          maxLength={80}
          disabled={disabled}
          data-testid="import-platform"
        />
        <datalist id="import-platforms">
          {(platforms ?? []).map((p) => (
            <option key={p.id} value={p.nameZh ?? p.name} />
          ))}
        </datalist>
      </label>
      <label>
        <span>{t('import.platformStatus')}</span>
        <select value={value.status} onChange={(e) => onChange({ ...value, status: e.target.value as PlatformChoice['status'] })} disabled={disabled}>
          <option value="">{t('import.statusUnchanged')}</option>
          {(['active', 'stopped', 'closed', 'unknown'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`platformStatus.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('import.exitDate')}</span>
        <input type="date" value={value.exitDate} onChange={(e) => onChange({ ...value, exitDate: e.target.value })} disabled={disabled} />
      </label>
    </div>
  );
}
