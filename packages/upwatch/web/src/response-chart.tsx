import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatMs } from './format';
import type { Series } from './types';

const HEIGHT = 280;

/** A colour the stylesheet defines for the chart (light and dark themes differ). */
function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Points only, no line: failures show as dots where they happened. */
const noPath = () => null;

function checkOptions(width: number): uPlot.Options {
  const line = (label: string, color: string, width = 1): uPlot.Series => ({ label, stroke: color, width, value: (_u, v) => formatMs(v) });
  return {
    width,
    height: HEIGHT,
    series: [
      {},
      line('dns', cssColor('--chart-dns', '#8e6bd8')),
      line('connect', cssColor('--chart-connect', '#d08c2d')),
      line('tls', cssColor('--chart-tls', '#2d9fd0')),
      line('ttfb', cssColor('--chart-ttfb', '#4fa36b')),
      line('total', cssColor('--chart-total', '#3b5bdb'), 2),
      {
        label: 'failed',
        stroke: cssColor('--down', '#d6336c'),
        fill: cssColor('--down', '#d6336c'),
        paths: noPath,
        points: { show: true, size: 6, space: 0 },
        value: (_u, v) => (v === null ? '' : formatMs(v)),
      },
    ],
    axes: [{ stroke: cssColor('--muted', '#666') }, { stroke: cssColor('--muted', '#666'), values: (_u, ticks) => ticks.map((t) => formatMs(t)), size: 70 }],
    scales: { x: { time: true } },
    cursor: { drag: { x: true, y: false } },
  };
}

function rollupOptions(width: number): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    series: [
      {},
      { label: 'mean', stroke: cssColor('--chart-total', '#3b5bdb'), width: 2, value: (_u, v) => formatMs(v) },
      {
        label: 'failures',
        scale: 'n',
        stroke: cssColor('--down', '#d6336c'),
        fill: cssColor('--down', '#d6336c'),
        paths: noPath,
        points: { show: true, size: 6, space: 0 },
        value: (_u, v) => (v === null ? '' : String(v)),
      },
    ],
    axes: [
      { stroke: cssColor('--muted', '#666') },
      { stroke: cssColor('--muted', '#666'), values: (_u, ticks) => ticks.map((t) => formatMs(t)), size: 70 },
      { scale: 'n', side: 1, stroke: cssColor('--down', '#d6336c'), grid: { show: false } },
    ],
    scales: { x: { time: true }, n: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    cursor: { drag: { x: true, y: false } },
  };
}

/** The series as uPlot's aligned columns: x in seconds; failures as their own points. */
function toAligned(series: Series): uPlot.AlignedData {
  const xs = Float64Array.from(series.at, (ms) => ms / 1000);
  if (series.resolution === 'hour') {
    return [xs, series.mean_ms, series.failures.map((n) => (n > 0 ? n : null))];
  }
  const failed = series.total.map((ms, i) => (series.ok[i] ? null : ms));
  const okOnly = (column: number[]) => column.map((ms, i) => (series.ok[i] ? ms : null));
  return [xs, okOnly(series.dns), okOnly(series.connect), okOnly(series.tls), okOnly(series.ttfb), okOnly(series.total), failed];
}

/**
 * Response times with uPlot: each check's dns, connect, tls, ttfb and total for up to 7 days (100,000
 * points draw in milliseconds), hourly means beyond. Drag to zoom, double-click to zoom out.
 */
export function ResponseChart({ series }: { series: Series }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  /** The series the chart was made with, so that the data effect does not set it a second time. */
  const madeWith = useRef<Series | null>(null);

  // A chart per range and resolution; new data for the same range (live checks, every 30 s at
  // most) goes into the chart that is there, so a zoom the user dragged survives it.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(300, el.clientWidth);
    const options = series.resolution === 'check' ? checkOptions(width) : rollupOptions(width);
    chart.current?.destroy();
    chart.current = new uPlot(options, toAligned(series), el);
    madeWith.current = series;
    const observer = new ResizeObserver(() => chart.current?.setSize({ width: Math.max(300, el.clientWidth), height: HEIGHT }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [series.range, series.resolution]);

  useEffect(() => {
    const u = chart.current;
    if (!u || madeWith.current === series) return;
    madeWith.current = series;
    const xs = u.data[0];
    const { min, max } = u.scales['x'] ?? {};
    const zoomed = xs.length > 0 && min !== undefined && max !== undefined && (min > xs[0]! || max < xs[xs.length - 1]!);
    u.setData(toAligned(series), !zoomed);
  }, [series]);

  const empty = series.at.length === 0;
  return (
    <div class="chart" data-testid="response-chart" data-points={series.at.length}>
      {empty && <p class="empty">No checks in this range yet.</p>}
      <div ref={box} class={empty ? 'hidden' : ''} />
    </div>
  );
}
