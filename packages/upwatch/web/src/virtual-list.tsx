import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

interface VirtualListProps<T> {
  items: readonly T[];
  /** Every row is this tall, in px (the stylesheet keeps it so). */
  rowHeight: number;
  keyOf: (item: T) => string;
  renderRow: (item: T) => ComponentChildren;
  /** Rows drawn above and below the visible ones, so fast scrolling shows no gap. */
  overscan?: number;
  class?: string;
  label: string;
  header?: ComponentChildren;
  empty?: ComponentChildren;
}

/**
 * A list that renders only the rows in view: 10,000 monitors are ~30 elements in the page, however
 * far one scrolls. The rows sit in a spacer as tall as all of them, moved down to where they show.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, overscan = 8 } = props;
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    let frame: number | null = null;
    const onScroll = () => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        setScrollTop(el.scrollTop);
      });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', onScroll);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const visible = items.slice(first, last);

  return (
    <div class={`vlist ${props.class ?? ''}`} role="table" aria-label={props.label} aria-rowcount={items.length}>
      {props.header}
      <div class="vlist-viewport" ref={viewport} role="rowgroup">
        {items.length === 0 ? (
          props.empty
        ) : (
          <div class="vlist-spacer" style={{ height: `${items.length * rowHeight}px` }}>
            <div class="vlist-rows" style={{ transform: `translateY(${first * rowHeight}px)` }}>
              {visible.map((item) => (
                <div key={props.keyOf(item)} class="vlist-row" style={{ height: `${rowHeight}px` }}>
                  {props.renderRow(item)}
                </div>
              ))}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
