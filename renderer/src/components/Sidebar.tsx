import { memo } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, ChainSummary, Platform } from '../../../main/api/contract.js';
import { numberFormat, platformName } from '../format.js';
import { AddAccountButton } from './accounts/AddEvmAccountDialog.js';
import { EVIDENCE_LEVELS, MEDIA_TYPES, hasFilters } from '../route.js';
import type { LibraryState } from '../route.js';
import { EvidenceBadge } from './EvidenceBadge.js';
import { MediaIcon, WarningIcon } from './icons.js';

interface SidebarProps {
  state: LibraryState;
  platforms: Platform[] | null;
  accounts: Account[] | null;
  chains: ChainSummary[] | null;
  onChange(patch: Partial<LibraryState>): void;
  onClear(): void;
}

function FilterButton(props: {
  active: boolean;
  onClick(): void;
  children: ReactNode;
  count?: number | undefined;
  title?: string | undefined;
  testId?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  return (
    <li>
      <button
        type="button"
        className={`filter${props.active ? ' filter-active' : ''}`}
        aria-pressed={props.active}
        onClick={props.onClick}
        title={props.title}
        data-testid={props.testId}
      >
        <span className="filter-label">{props.children}</span>
        {props.count !== undefined ? (
          <span className="filter-count" title={t('filters.countTitle', { count: props.count })}>
            {numberFormat(i18n.language).format(props.count)}
          </span>
        ) : null}
      </button>
    </li>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="sidebar-section">
      <h2>{title}</h2>
      <ul>{children}</ul>
    </section>
  );
}

/** Memoized: typing in the search box must not redraw the filters. */
export const Sidebar = memo(function Sidebar({ state, platforms, accounts, chains, onChange, onClear }: SidebarProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const byId = new Map((platforms ?? []).map((p) => [p.id, p]));

  return (
    <nav className="sidebar" aria-label={t('filters.label')}>
      <div className="sidebar-head">
        <span>{t('filters.label')}</span>
        {hasFilters({ ...state, query: '' }) ? (
          <button type="button" className="link-button" onClick={onClear}>
            {t('filters.clearAll')}
          </button>
        ) : null}
      </div>

      <Section title={t('filters.platforms')}>
        {platforms && platforms.length === 0 ? <li className="filter-none">{t('filters.none')}</li> : null}
        {(platforms ?? []).map((p) => (
          <FilterButton
            key={p.id}
            active={state.platform === p.id}
            count={p.itemCount}
            testId={`filter-platform-${p.id}`}
            title={t(`platformStatus.${p.status}`)}
            onClick={() => onChange({ platform: state.platform === p.id ? null : p.id })}
          >
            <span className="filter-stack">
              <span className="filter-name">{platformName(p, p.id, lang)}</span>
              {p.status === 'closed' || p.status === 'stopped' ? (
                <span className={`platform-status status-${p.status}`}>{t(`platformStatus.${p.status}`)}</span>
              ) : null}
            </span>
          </FilterButton>
        ))}
      </Section>

      <Section title={t('filters.accounts')}>
        {accounts && accounts.length === 0 ? <li className="filter-none">{t('filters.none')}</li> : null}
        {(accounts ?? []).map((a) => (
          <FilterButton
            key={a.id}
            active={state.accountId === a.id}
            count={a.itemCount}
            title={[
              platformName(byId.get(a.platform), a.platform, lang),
              t(`accountStatus.${a.status}`),
              a.statusMessage,
              t('account.counts', { held: a.heldCount, total: a.itemCount }),
            ]
              .filter(Boolean)
              .join(' · ')}
            testId={`filter-account-${a.id}`}
            onClick={() => onChange({ accountId: state.accountId === a.id ? null : a.id })}
          >
            <span className={`status-dot account-${a.status}`} aria-label={t(`accountStatus.${a.status}`)} role="img" />
            <span className="filter-name">{a.name}</span>
          </FilterButton>
        ))}
        <li className="filter-add">
          <AddAccountButton />
        </li>
      </Section>

      <Section title={t('filters.chains')}>
        {chains && chains.length === 0 ? <li className="filter-none">{t('filters.none')}</li> : null}
        {(chains ?? []).map((c) => (
          <FilterButton
            key={c.chain}
            active={state.chain === c.chain}
            count={c.itemCount}
            testId={`filter-chain-${c.chain}`}
            onClick={() => onChange({ chain: state.chain === c.chain ? null : c.chain })}
          >
            <span className="filter-name">{c.chain}</span>
          </FilterButton>
        ))}
      </Section>

      <Section title={t('filters.collections')}>
        {state.collection ? (
          <FilterButton active testId="filter-collection-active" onClick={() => onChange({ collection: null })}>
            <span className="filter-name">{state.collection}</span>
          </FilterButton>
        ) : null}
        <li>
          <a className="filter filter-link" href="#/collections" data-testid="filter-collections-page">
            <span className="filter-name">{t('filters.browseCollections')}</span>
          </a>
        </li>
      </Section>

      <Section title={t('filters.mediaType')}>
        {MEDIA_TYPES.map((m) => (
          <FilterButton
            key={m}
            active={state.mediaType === m}
            testId={`filter-media-${m}`}
            onClick={() => onChange({ mediaType: state.mediaType === m ? null : m })}
          >
            <MediaIcon type={m} size={16} />
            <span className="filter-name">{t(`mediaType.${m}`)}</span>
          </FilterButton>
        ))}
      </Section>

      <Section title={t('filters.evidence')}>
        {EVIDENCE_LEVELS.map((level) => (
          <FilterButton
            key={level}
            active={state.evidenceLevel === level}
            testId={`filter-evidence-${level}`}
            title={t(`evidence.explain.${level}`)}
            onClick={() => onChange({ evidenceLevel: state.evidenceLevel === level ? null : level })}
          >
            <EvidenceBadge level={level} testId="evidence-level-chip" />
            <span className="filter-name">{t(`evidence.name.${level}`)}</span>
          </FilterButton>
        ))}
      </Section>

      <Section title={t('filters.holding')}>
        {(
          [
            [null, 'filters.all', 'all'],
            [true, 'filters.held', 'held'],
            [false, 'filters.notHeld', 'gone'],
          ] as const
        ).map(([value, label, id]) => (
          <FilterButton key={id} active={state.held === value} testId={`filter-held-${id}`} onClick={() => onChange({ held: value })}>
            <span className="filter-name">{t(label)}</span>
          </FilterButton>
        ))}
      </Section>

      <Section title={t('filters.problems')}>
        <FilterButton
          active={state.syncFailed === true}
          testId="filter-sync-failed"
          title={t('filters.syncFailedTitle')}
          onClick={() => onChange({ syncFailed: state.syncFailed ? null : true })}
        >
          <WarningIcon />
          <span className="filter-name">{t('filters.syncFailed')}</span>
        </FilterButton>
      </Section>
    </nav>
  );
});
