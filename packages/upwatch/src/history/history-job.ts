import type { Clock, TimerHandle } from '../core/clock.js';
import { ROLLUP_PERIOD_MS, type HistoryKeyRange, type RollupMarks, type RollupPeriod, type Store } from '../store/store.js';

export type HistoryStore = Pick<Store, 'historyKeyRange' | 'firstCheckAt' | 'rollupMarks' | 'setRollupMark' | 'rollUp' | 'packDailyBars' | 'pruneChecks' | 'pruneRollups'>;

export interface HistoryRetention {
  /** How long raw checks (and their details) are kept: `retention.checks` in the config file. */
  checksMs: number;
}

/** How much a pass may do; the defaults suit the server, tests and the bench set smaller ones. */
export interface HistoryLimits {
  /** Monitors (by history key) per statement. */
  keysPerStatement: number;
  /** Rollup statements a pass may run beyond the first span of each period, which it always runs. */
  rollupStatements: number;
  /** Delete statements a pass may run beyond the first per monitor range and kind, which it always runs. */
  pruneStatements: number;
  /** Rows one delete statement removes at most. */
  rowsPerDelete: number;
}

export interface HistoryJobOptions {
  store: HistoryStore;
  clock: Clock;
  retention: HistoryRetention;
  /** A pass failed; the next one tries again. */
  onError: (err: unknown) => void;
  limits?: Partial<HistoryLimits>;
}

export interface PassReport {
  /** Rollup rows written. */
  rolledUp: number;
  /** Rows deleted (checks and rollups). */
  pruned: number;
  /** The pass ran out of budget with work left: the next one comes sooner. */
  behind: boolean;
}

export interface HistoryJob {
  /** Runs a pass every minute on the clock (sooner while catching up). */
  start(): void;
  /** No more passes; resolves once the pass in progress, if any, has stopped at its next statement. */
  stop(): Promise<void>;
  /** One pass now, after any in progress: what tests and the bench call. */
  runPass(): Promise<PassReport>;
  /** Applies from the next pass (a config reload). */
  setRetention(retention: HistoryRetention): void;
}

const PASS_INTERVAL_MS = 60_000;
/** While a backlog is caught up (a first start on an old database, a long stop), passes follow closely. */
const CATCH_UP_INTERVAL_MS = 1_000;
/**
 * A minute is rolled up once it ended this long ago. By then its checks are written (the batcher
 * holds them a quarter second, a slow check its timeout) and a blip in it has been marked transient
 * (confirmation takes 7 s by default). Only a blip confirmed through Retry-After waits of minutes can
 * be marked later: its one regular check is then counted as a failure, a bounded error accepted
 * rather than lagging every minute rollup by the 15 minutes such a blip can last.
 */
const SETTLE_MS = 5 * 60_000;
/** The time one rollup statement covers: about 10, 60 and 24 source rows a monitor. */
const SPAN_MS: Record<RollupPeriod, number> = { minute: 10 * 60_000, hour: 3_600_000, day: 86_400_000 };
/**
 * How long rollups are kept.
 * - Minutes are read only between the hour mark and the minute mark (the current hour); two days
 *   leave the hour roll-up a day to fall behind (upwatch stopped) without losing any.
 * - Hours serve the 24 h and 7 d windows and the hours since the day mark; 90 days keeps an hourly
 *   chart possible over the longest window.
 * - Days serve the 30 d and 90 d windows and status pages; two years (~730 rows a monitor, ~40 KB)
 *   let a year be compared with the one before.
 */
export const ROLLUP_RETENTION_MS: Record<RollupPeriod, number> = { minute: 2 * 86_400_000, hour: 90 * 86_400_000, day: 2 * 365 * 86_400_000 };

const DEFAULT_LIMITS: HistoryLimits = { keysPerStatement: 1_000, rollupStatements: 300, pruneStatements: 200, rowsPerDelete: 2_000 };
const PERIODS: RollupPeriod[] = ['minute', 'hour', 'day'];
const BELOW: Record<'hour' | 'day', RollupPeriod> = { hour: 'minute', day: 'hour' };

const floorTo = (t: number, ms: number) => t - (t % ms);
/** Lets timers and I/O run (the check batcher's writes among them) between two statements. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Keeps history small and fast: rolls checks up into minutes, minutes into hours, hours into days
 * (and minutes into the packed daily bars of status pages), and drops raw checks past
 * `retention.checks` and rollups past theirs. Works in small statements
 * (a range of monitors by key, a span of time) and yields between them, never in one long
 * transaction, so the checks keep being written while it runs. Each period has a watermark in the
 * store; a pass does a bounded amount, so a backlog is caught up over several passes.
 *
 * @example
 * const history = createHistoryJob({ store, clock, retention: { checksMs: 30 * 86_400_000 }, onError: (err) => log.error({ err }) });
 * history.start(); … await history.stop();
 */
export function createHistoryJob(options: HistoryJobOptions): HistoryJob {
  const { store, clock, onError } = options;
  const limits: HistoryLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let retention = options.retention;
  let timer: TimerHandle | null = null;
  let started = false;
  let stopping = false;
  /** The pass in progress and any queued behind it. */
  let passes: Promise<PassReport> = Promise.resolve({ rolledUp: 0, pruned: 0, behind: false });

  async function pass(): Promise<PassReport> {
    const report: PassReport = { rolledUp: 0, pruned: 0, behind: false };
    const keys = await store.historyKeyRange();
    if (keys === null) return report;
    const chunks = keyChunks(keys, limits.keysPerStatement);
    const now = clock.now();
    const marks = await startingMarks();
    // No check yet: nothing to roll up, nothing old.
    if (marks === null) return report;

    let budget = limits.rollupStatements;
    for (const period of PERIODS) {
      const due = period === 'minute' ? floorTo(now - SETTLE_MS, ROLLUP_PERIOD_MS.minute) : floorTo(marks[BELOW[period]], ROLLUP_PERIOD_MS[period]);
      let spans = 0;
      // The first span always runs, so each period moves on however many monitors there are.
      while (marks[period] < due && (spans === 0 || budget >= chunks.length)) {
        const from = marks[period];
        const to = Math.min(from + SPAN_MS[period], due);
        for (const chunk of chunks) {
          report.rolledUp += await store.rollUp(period, { ...chunk, from, to });
          budget--;
          await breathe();
          if (stopping) return report;
          // The minutes just written go into the status pages' packed bars too, before the mark
          // moves on: a minute is pruned only once both hold it.
          if (period !== 'minute') continue;
          await store.packDailyBars({ ...chunk, from, to });
          await breathe();
          if (stopping) return report;
        }
        await store.setRollupMark(period, to);
        marks[period] = to;
        spans++;
      }
      if (marks[period] < due) report.behind = true;
    }

    // Never past what is rolled up: a source row goes only once the level above holds it.
    const cuts: Array<[RollupPeriod | 'checks', number]> = [
      ['checks', Math.min(now - retention.checksMs, marks.minute)],
      ['minute', Math.min(now - ROLLUP_RETENTION_MS.minute, marks.hour)],
      ['hour', Math.min(now - ROLLUP_RETENTION_MS.hour, marks.day)],
      ['day', now - ROLLUP_RETENTION_MS.day],
    ];
    let extra = limits.pruneStatements;
    for (const [what, before] of cuts) {
      for (const chunk of chunks) {
        for (;;) {
          const range = { ...chunk, before, limit: limits.rowsPerDelete };
          const deleted = what === 'checks' ? await store.pruneChecks(range) : await store.pruneRollups(what, range);
          report.pruned += deleted;
          await breathe();
          if (stopping) return report;
          if (deleted < limits.rowsPerDelete) break;
          if (extra-- <= 0) {
            report.behind = true;
            break;
          }
        }
      }
    }
    return report;
  }

  /** The marks, each started at the first check (floored to its period) the first time. */
  async function startingMarks(): Promise<Record<RollupPeriod, number> | null> {
    const marks: RollupMarks = await store.rollupMarks();
    if (marks.minute !== null && marks.hour !== null && marks.day !== null) return { minute: marks.minute, hour: marks.hour, day: marks.day };
    const first = await store.firstCheckAt();
    if (first === null) return null;
    const filled = { minute: 0, hour: 0, day: 0 };
    for (const period of PERIODS) {
      const mark = marks[period];
      if (mark !== null) {
        filled[period] = mark;
        continue;
      }
      filled[period] = floorTo(first, ROLLUP_PERIOD_MS[period]);
      await store.setRollupMark(period, filled[period]);
    }
    return filled;
  }

  function runPass(): Promise<PassReport> {
    const next = passes.then(() =>
      pass().catch((err: unknown) => {
        onError(err);
        return { rolledUp: 0, pruned: 0, behind: false };
      }),
    );
    passes = next;
    return next;
  }

  function schedule(delayMs: number): void {
    timer = clock.setTimer(() => {
      timer = null;
      void runPass().then((report) => {
        if (!stopping) schedule(report.behind ? CATCH_UP_INTERVAL_MS : PASS_INTERVAL_MS);
      });
    }, delayMs);
  }

  return {
    start() {
      if (started) return;
      started = true;
      // The first pass a minute after start, not at once: a start has better things to do.
      schedule(PASS_INTERVAL_MS);
    },
    async stop() {
      stopping = true;
      if (timer !== null) clock.clearTimer(timer);
      timer = null;
      await passes;
    },
    runPass,
    setRetention(next) {
      retention = next;
    },
  };
}

/** The key range cut into ranges of `size` keys (some may hold no monitor: keys of deleted ones are not reused). */
function keyChunks(keys: HistoryKeyRange, size: number): HistoryKeyRange[] {
  const chunks: HistoryKeyRange[] = [];
  for (let first = keys.first; first <= keys.last; first += size) chunks.push({ first, last: Math.min(first + size - 1, keys.last) });
  return chunks;
}
