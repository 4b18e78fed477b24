import type { RunPhase, SchedulerStats } from '../scheduler/scheduler.js';
import type { EngineEvents } from './engine-events.js';

/** Percentiles of schedule lag (actual start minus planned start), in ms. */
export interface LagSummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Checks completed and failed, by phase. */
export type PhaseCounts = Record<RunPhase, { completed: number; failed: number }>;

/**
 * How many checks ran and how late they started. Lag counts regular checks only: a confirmation
 * re-check has no grid slot of its own, so its "plan" is just a delay after the previous check.
 */
export interface ScheduleStatsSnapshot {
  /** When counting began (the process start, near enough), ms since the epoch. */
  since: number;
  at: number;
  checks: PhaseCounts;
  lag: LagSummary;
  /** The same over the last `windowMs` (give or take one slice of it). */
  lastWindow: { windowMs: number; checks: PhaseCounts; lag: LagSummary };
  scheduler: SchedulerStats;
}

/** Values below this are counted exactly; above, in buckets 1/SUB_BUCKETS wide relative to their power of two. */
const EXACT_BELOW = 64;
const SUB_BUCKETS = 32;
/** 2^30 ms is 12 days: a lag beyond is counted in the last bucket (the max stays exact). */
const MAX_EXPONENT = 30;
const BUCKETS = EXACT_BELOW + (MAX_EXPONENT - Math.log2(EXACT_BELOW) + 1) * SUB_BUCKETS;

/**
 * A histogram of non-negative integers (ms) in fixed memory: exact below 64, within about 3% above,
 * whatever the number of values recorded.
 * @example const h = new LagHistogram(); h.record(12); h.percentile(0.99);
 */
export class LagHistogram {
  readonly counts = new Float64Array(BUCKETS);
  count = 0;
  max = 0;

  record(valueMs: number): void {
    const v = Math.max(0, Math.round(valueMs));
    this.counts[bucketOf(v)]!++;
    this.count++;
    if (v > this.max) this.max = v;
  }

  add(other: LagHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.max = Math.max(this.max, other.max);
  }

  clear(): void {
    this.counts.fill(0);
    this.count = 0;
    this.max = 0;
  }

  /** The smallest value that `q` of the values are at or below (its bucket's upper edge, capped at the max). */
  percentile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      // The last bucket also holds everything beyond it: only the max bounds those.
      if (seen >= rank) return i === BUCKETS - 1 ? this.max : Math.min(upperEdge(i), this.max);
    }
    return this.max;
  }

  summary(): LagSummary {
    return { count: this.count, p50: this.percentile(0.5), p90: this.percentile(0.9), p99: this.percentile(0.99), max: this.max };
  }
}

function bucketOf(v: number): number {
  if (v < EXACT_BELOW) return v;
  const exponent = Math.min(Math.floor(Math.log2(v)), MAX_EXPONENT);
  const width = 2 ** (exponent - Math.log2(SUB_BUCKETS));
  const sub = Math.min(Math.floor(v / width) - SUB_BUCKETS, SUB_BUCKETS - 1);
  return EXACT_BELOW + (exponent - Math.log2(EXACT_BELOW)) * SUB_BUCKETS + sub;
}

function upperEdge(bucket: number): number {
  if (bucket < EXACT_BELOW) return bucket;
  const exponent = Math.floor((bucket - EXACT_BELOW) / SUB_BUCKETS) + Math.log2(EXACT_BELOW);
  const sub = (bucket - EXACT_BELOW) % SUB_BUCKETS;
  return (SUB_BUCKETS + sub + 1) * 2 ** (exponent - Math.log2(SUB_BUCKETS)) - 1;
}

/** The last window is kept as this many slices, so memory stays fixed and old checks fall out a slice at a time. */
const SLICES = 12;

interface Slice {
  /** Which slice of time this is (now / slice length); another number means it holds stale data. */
  id: number;
  lag: LagHistogram;
  checks: PhaseCounts;
}

export interface ScheduleStatsOptions {
  now: () => number;
  scheduler: () => SchedulerStats;
  windowMs?: number;
}

/**
 * Counts the engine's completed checks and their schedule lag, since start and over the last
 * minute, for /api/stats and load tests. Subscribes to `check.completed`; the engine knows nothing of it.
 * @example const stats = createScheduleStats(engine.events, { now: Date.now, scheduler: () => engine.getStats() });
 */
export function createScheduleStats(events: EngineEvents, options: ScheduleStatsOptions) {
  const windowMs = options.windowMs ?? 60_000;
  const sliceMs = windowMs / SLICES;
  const since = options.now();
  const lag = new LagHistogram();
  const checks = emptyCounts();
  const slices: Slice[] = Array.from({ length: SLICES }, () => ({ id: -1, lag: new LagHistogram(), checks: emptyCounts() }));

  const sliceAt = (now: number): Slice => {
    const id = Math.floor(now / sliceMs);
    const slice = slices[id % SLICES]!;
    if (slice.id !== id) {
      slice.id = id;
      slice.lag.clear();
      slice.checks = emptyCounts();
    }
    return slice;
  };

  events.on('check.completed', ({ phase, check, lagMs }) => {
    const slice = sliceAt(options.now());
    for (const counts of [checks, slice.checks]) {
      counts[phase].completed++;
      if (!check.ok) counts[phase].failed++;
    }
    if (phase === 'regular') {
      lag.record(lagMs);
      slice.lag.record(lagMs);
    }
  });

  return {
    snapshot(): ScheduleStatsSnapshot {
      const at = options.now();
      const current = Math.floor(at / sliceMs);
      const recentLag = new LagHistogram();
      const recentChecks = emptyCounts();
      for (const slice of slices) {
        if (slice.id <= current - SLICES || slice.id > current) continue;
        recentLag.add(slice.lag);
        for (const phase of ['regular', 'confirm'] as const) {
          recentChecks[phase].completed += slice.checks[phase].completed;
          recentChecks[phase].failed += slice.checks[phase].failed;
        }
      }
      return {
        since,
        at,
        checks: structuredClone(checks),
        lag: lag.summary(),
        lastWindow: { windowMs, checks: recentChecks, lag: recentLag.summary() },
        scheduler: options.scheduler(),
      };
    },
  };
}

export type ScheduleStats = ReturnType<typeof createScheduleStats>;

function emptyCounts(): PhaseCounts {
  return { regular: { completed: 0, failed: 0 }, confirm: { completed: 0, failed: 0 } };
}
