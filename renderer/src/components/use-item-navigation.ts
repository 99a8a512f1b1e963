// Keyboard navigation shared by the grid and the list: one item is in the tab order (a roving
// tab stop); arrows, PageUp/PageDown, Home/End move it, scrolling the virtualized view and
// waiting for the item to be rendered (and its page loaded) before moving DOM focus; Enter or
// Space opens it. A new result set goes back to the first item and the top.
import { useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { KeyboardEvent, Ref, RefObject } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import type { ItemSummary } from '../../../main/api/contract.js';
import type { ItemPager } from '../pager.js';

export interface ItemViewHandle {
  focusIndex(index: number): void;
}

interface ItemNavigationOptions {
  pager: ItemPager;
  total: number;
  /** Items per row: the grid's column count, 1 for the list. */
  columns: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** The view's virtualizer, one entry per row: where it is scrolled, and scrolling to a row. */
  virtualizer: Pick<Virtualizer<HTMLDivElement, Element>, 'scrollOffset' | 'scrollToIndex'>;
  /** Rows that one PageUp/PageDown moves. */
  pageRows(): number;
  /** data-testid of the focusable element of each item (it carries data-index). */
  itemTestId: string;
  /** Changes when the result set is a different one. */
  resetKey: string;
  onOpen(item: ItemSummary, index: number): void;
  ref?: Ref<ItemViewHandle>;
}

export function useItemNavigation(o: ItemNavigationOptions) {
  const { pager, total, columns, scrollRef, itemTestId, onOpen } = o;
  const [focused, setFocused] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const latest = useRef(o);
  latest.current = o;

  useEffect(() => {
    // Only when scrolled: scrollTo right after new items went in forces a layout on every keystroke.
    if ((latest.current.virtualizer.scrollOffset ?? 0) > 0) scrollRef.current?.scrollTo({ top: 0 });
    setFocused(0);
  }, [o.resetKey, scrollRef]);

  // Move DOM focus to an item once it is rendered (it may need a scroll or a page load first).
  const focusPending = useCallback(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-testid="${itemTestId}"][data-index="${index}"]`);
    if (el) {
      pendingFocus.current = null;
      el.focus({ preventScroll: true });
    }
  }, [scrollRef, itemTestId]);
  useEffect(focusPending);

  const moveTo = useCallback(
    (index: number) => {
      if (total === 0) return;
      const clamped = Math.min(total - 1, Math.max(0, index));
      setFocused(clamped);
      pendingFocus.current = clamped;
      latest.current.virtualizer.scrollToIndex(Math.floor(clamped / columns), { align: 'auto' });
      // Already rendered (coming back from the item page to the item it was opened from, where
      // nothing re-renders): focus it now.
      focusPending();
    },
    [total, columns, focusPending],
  );

  useImperativeHandle(o.ref, () => ({ focusIndex: moveTo }), [moveTo]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const page = columns * Math.max(1, latest.current.pageRows());
    const moves: Record<string, number> = {
      ArrowDown: focused + columns,
      ArrowUp: focused - columns,
      PageDown: focused + page,
      PageUp: focused - page,
      Home: 0,
      End: total - 1,
    };
    if (columns > 1) {
      moves.ArrowRight = focused + 1;
      moves.ArrowLeft = focused - 1;
    }
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key] ?? focused);
    } else if (e.key === 'Enter' || e.key === ' ') {
      const item = pager.get(focused);
      if (item) {
        e.preventDefault();
        onOpen(item, focused);
      }
    }
  };

  const focusIndex = useCallback((index: number) => setFocused(index), []);
  return { focusedIndex: Math.min(focused, Math.max(0, total - 1)), focusIndex, onKeyDown };
}
