import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemSummary } from '../../../main/api/contract.js';
import type { ItemPager } from '../pager.js';
import { ItemCard, SkeletonCard } from './ItemCard.js';
import { useItemNavigation } from './use-item-navigation.js';
import type { ItemViewHandle } from './use-item-navigation.js';

const MIN_CARD_WIDTH = 188;
const GAP = 18;
const PAD_X = 24;
const INFO_HEIGHT = 84;

export type { ItemViewHandle as ItemGridHandle } from './use-item-navigation.js';

interface ItemGridProps {
  pager: ItemPager;
  total: number;
  platformLabel(id: string): string;
  onOpen(item: ItemSummary, index: number): void;
  /** Changes when the result set is a different one: scroll back to the top. */
  resetKey: string;
  ref?: Ref<ItemViewHandle>;
}

/** Memoized: it redraws when its pager or size changes, not on every keystroke above it. */
export const ItemGrid = memo(function ItemGrid({ pager, total, platformLabel, onOpen, resetKey, ref }: ItemGridProps) {
  const { t } = useTranslation();
  useSyncExternalStore(pager.subscribe, pager.getVersion);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const inner = Math.max(0, width - PAD_X * 2);
  const columns = Math.max(1, Math.floor((inner + GAP) / (MIN_CARD_WIDTH + GAP)));
  const cardWidth = columns > 0 ? (inner - GAP * (columns - 1)) / columns : MIN_CARD_WIDTH;
  const rowHeight = Math.round(cardWidth + INFO_HEIGHT + GAP);
  const rowCount = Math.ceil(total / columns);

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 1,
    paddingStart: 4,
    paddingEnd: 32,
    scrollPaddingStart: 8,
    scrollPaddingEnd: 32,
  });

  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  const rows = virtualizer.getVirtualItems();
  const firstRow = rows[0]?.index ?? 0;
  const lastRow = rows[rows.length - 1]?.index ?? 0;

  useEffect(() => {
    if (total > 0) pager.ensureRange(firstRow * columns, (lastRow + 1) * columns - 1);
  }, [pager, firstRow, lastRow, columns, total]);

  const { focusedIndex, focusIndex, onKeyDown } = useItemNavigation({
    pager,
    total,
    columns,
    scrollRef,
    virtualizer,
    pageRows: () => Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / rowHeight),
    itemTestId: 'item-card',
    resetKey,
    onOpen,
    ref,
  });

  return (
    <div
      className="grid-scroll"
      ref={scrollRef}
      role="list"
      aria-label={t('results.gridLabel')}
      onKeyDown={onKeyDown}
    >
      <div className="grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const start = row.index * columns;
          const cells = [];
          for (let i = start; i < Math.min(total, start + columns); i++) {
            const item = pager.get(i);
            cells.push(
              // Keyed by column: new results (a keystroke in the search box) update the cards in
              // place instead of tearing down and building the DOM again.
              <div className="grid-cell" role="listitem" key={i - start}>
                {item ? (
                  <ItemCard
                    item={item}
                    index={i}
                    focusable={i === focusedIndex}
                    platformLabel={platformLabel(item.platform)}
                    onOpen={onOpen}
                    onFocusIndex={focusIndex}
                  />
                ) : (
                  <SkeletonCard />
                )}
              </div>,
            );
          }
          return (
            <div
              key={row.key}
              className="grid-row"
              style={{
                transform: `translateY(${row.start}px)`,
                height: rowHeight - GAP,
                gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
                columnGap: GAP,
                padding: `0 ${PAD_X}px`,
              }}
            >
              {cells}
            </div>
          );
        })}
      </div>
    </div>
  );
});
