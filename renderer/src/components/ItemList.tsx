// The library as a list: one row per item with the fields a collector compares (collection,
// platform, chain, serial, date, evidence). Virtualized like the grid; the same keys move
// through it (↑ ↓ PageUp PageDown Home End, Enter opens).
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useSyncExternalStore } from 'react';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemSummary } from '../../../main/api/contract.js';
import { formatDate, formatSerial } from '../format.js';
import type { ItemPager } from '../pager.js';
import { EvidenceBadge } from './EvidenceBadge.js';
import { useItemNavigation } from './use-item-navigation.js';
import type { ItemViewHandle } from './use-item-navigation.js';
import { CardPreview } from './ItemCard.js';
import { WarningIcon } from './icons.js';

const ROW_HEIGHT = 56;

interface ItemListProps {
  pager: ItemPager;
  total: number;
  platformLabel(id: string): string;
  onOpen(item: ItemSummary, index: number): void;
  resetKey: string;
  ref?: Ref<ItemViewHandle>;
}

const Row = memo(function Row(props: {
  item: ItemSummary;
  index: number;
  focusable: boolean;
  platformLabel: string;
  onOpen(item: ItemSummary, index: number): void;
  onFocusIndex(index: number): void;
}) {
  const { t, i18n } = useTranslation();
  const { item, index } = props;
  const name = item.name || t('card.unnamed');
  return (
    <div
      className={`list-row${item.held ? '' : ' list-row-gone'}`}
      role="row"
      tabIndex={props.focusable ? 0 : -1}
      data-testid="item-row"
      data-item-id={item.id}
      data-index={index}
      aria-label={[name, item.creator, formatSerial(item.serial), item.held ? null : t('card.notHeld')].filter(Boolean).join(' · ')}
      onClick={() => props.onOpen(item, index)}
      onFocus={() => props.onFocusIndex(index)}
    >
      <span className="list-thumb" role="cell">
        <CardPreview item={item} />
      </span>
      <span className="list-name" role="cell">
        <span className="list-title" title={name}>
          {name}
          {item.syncFailed ? (
            <span className="list-warn" title={t('card.syncFailed')}>
              <WarningIcon />
            </span>
          ) : null}
        </span>
        <span className="list-sub">{item.creator ?? ''}</span>
      </span>
      <span className="list-cell" role="cell" title={item.collection ?? ''}>
        {item.collection ?? '—'}
      </span>
      <span className="list-cell" role="cell">
        {props.platformLabel}
      </span>
      <span className="list-cell" role="cell">
        {item.chain ?? '—'}
      </span>
      <span className="list-cell mono-num" role="cell">
        {formatSerial(item.serial) ?? '—'}
      </span>
      <span className="list-cell" role="cell">
        {formatDate(item.acquiredAt, i18n.language) ?? '—'}
        {item.held ? null : <span className="gone-tag">{t('card.notHeld')}</span>}
      </span>
      <span className="list-level" role="cell">
        <EvidenceBadge level={item.evidenceLevel} />
      </span>
    </div>
  );
});

/** Memoized: it redraws when its pager or size changes, not on every keystroke above it. */
export const ItemList = memo(function ItemList({ pager, total, platformLabel, onOpen, resetKey, ref }: ItemListProps) {
  const { t } = useTranslation();
  useSyncExternalStore(pager.subscribe, pager.getVersion);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    paddingEnd: 24,
  });

  const rows = virtualizer.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  useEffect(() => {
    if (total > 0) pager.ensureRange(first, last);
  }, [pager, first, last, total]);

  const { focusedIndex, focusIndex, onKeyDown } = useItemNavigation({
    pager,
    total,
    columns: 1,
    scrollRef,
    virtualizer,
    pageRows: () => Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1,
    itemTestId: 'item-row',
    resetKey,
    onOpen,
    ref,
  });

  return (
    <div className="list-wrap" role="table" aria-label={t('results.gridLabel')} aria-rowcount={total}>
      <div className="list-head" role="row">
        <span role="columnheader" />
        <span role="columnheader">{t('field.name')}</span>
        <span role="columnheader">{t('field.collection')}</span>
        <span role="columnheader">{t('field.platform')}</span>
        <span role="columnheader">{t('field.chain')}</span>
        <span role="columnheader">{t('field.serial')}</span>
        <span role="columnheader">{t('field.acquiredAt')}</span>
        <span role="columnheader">{t('field.evidence')}</span>
      </div>
      <div className="list-scroll" ref={scrollRef} role="rowgroup" onKeyDown={onKeyDown}>
        <div className="grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const item = pager.get(row.index);
            return (
              <div key={row.key} className="list-slot" style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}>
                {item ? (
                  <Row
                    item={item}
                    index={row.index}
                    focusable={row.index === focusedIndex}
                    platformLabel={platformLabel(item.platform)}
                    onOpen={onOpen}
                    onFocusIndex={focusIndex}
                  />
                ) : (
                  <div className="list-row list-row-skeleton" aria-busy="true" aria-label={t('card.loading')}>
                    <span className="list-thumb" />
                    <span className="skeleton-line" />
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
});
