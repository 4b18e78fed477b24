import { validationError } from '../../core/errors.js';
import { ROLLUP_PERIOD_MS, type CheckTimings, type Rollup } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';
import { getMonitor } from './get-monitor.js';

export const SERIES_RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000 } as const;
export type SeriesRange = keyof typeof SERIES_RANGES;
/** Raw checks up to this many a chart; past it the newest are kept (a 5-second interval over 7 days is 121,000). */
export const MAX_SERIES_POINTS = 150_000;

/** Every check of the range, with its timing breakdown. */
export type CheckSeries = { resolution: 'check' } & CheckTimings;
/** Hours (then minutes, for the last hour or so) summed: the ok checks' mean time, and failures. */
export interface RollupSeries {
  resolution: 'hour';
  at: number[];
  checks: number[];
  failures: number[];
  meanMs: Array<number | null>;
}

/**
 * A monitor's response times over 24h, 7d, 30d or 90d for its chart. Up to 7 days it is every check
 * with dns, connect, tls, ttfb and total; longer ranges come from the hourly rollups (the raw checks
 * may be pruned by then, and 90 days of checks would be millions of points), with the minute
 * rollups after the hour mark so the chart reaches the present.
 */
export async function getCheckSeries(deps: ApiDeps, idOrName: string, rangeText: string | undefined): Promise<{ range: SeriesRange } & (CheckSeries | RollupSeries)> {
  const range = (rangeText ?? '24h') as SeriesRange;
  if (!(range in SERIES_RANGES)) {
    throw validationError([{ path: 'range', message: `must be one of ${Object.keys(SERIES_RANGES).join(', ')}` }]);
  }
  const monitor = await getMonitor(deps, idOrName);
  const now = deps.clock.now();
  const from = now - SERIES_RANGES[range];
  if (SERIES_RANGES[range] <= SERIES_RANGES['7d']) {
    const timings = await deps.store.checkTimings(monitor.id, { from, to: now + 1, limit: MAX_SERIES_POINTS });
    return { range, resolution: 'check', ...timings };
  }
  const marks = await deps.store.rollupMarks();
  const hourMark = marks.hour ?? from;
  const hours = await deps.store.listRollups(monitor.id, { period: 'hour', from: from - (from % ROLLUP_PERIOD_MS.hour), to: hourMark });
  const minutes = await deps.store.listRollups(monitor.id, { period: 'minute', from: Math.max(from, hourMark), to: now + 1 });
  return { range, ...toSeries([...hours, ...minutes]) };
}

function toSeries(rollups: Rollup[]): RollupSeries {
  const series: RollupSeries = { resolution: 'hour', at: [], checks: [], failures: [], meanMs: [] };
  for (const r of rollups) {
    const ok = r.histogram.reduce((sum, n) => sum + n, 0);
    series.at.push(r.bucket);
    series.checks.push(r.checks);
    series.failures.push(r.failures);
    series.meanMs.push(ok === 0 ? null : Math.round((r.totalMs / ok) * 10) / 10);
  }
  return series;
}
