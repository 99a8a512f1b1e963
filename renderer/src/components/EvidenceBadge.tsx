import { useTranslation } from 'react-i18next';

export function evidenceKey(level: number): '0' | '1' | '2' | '3' {
  return String(Math.min(3, Math.max(0, Math.trunc(level)))) as '0' | '1' | '2' | '3';
}

/** "L0".."L3" with a color per level; the tooltip says what the level means. */
export function EvidenceBadge({ level, large = false, testId = 'evidence-badge' }: { level: number; large?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const key = evidenceKey(level);
  const title = t('evidence.badgeTitle', {
    level: key,
    name: t(`evidence.name.${key}`),
    explanation: t(`evidence.explain.${key}`),
  });
  return (
    <span
      className={`evidence-badge evidence-l${key}${large ? ' evidence-badge-large' : ''}`}
      data-testid={testId}
      data-level={key}
      title={title}
      aria-label={title}
      role="img"
    >
      {t('evidence.badge', { level: key })}
    </span>
  );
}
