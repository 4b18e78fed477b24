import { sql, type Kysely, type RawBuilder } from 'kysely';
import { emptyHistogram, HISTOGRAM_COLUMNS, LATENCY_BOUNDS_MS, latencyPercentile } from './latency-histogram.js';
import { int8, OUTCOME } from './rows.js';
import type { Database } from './schema.js';
import {
  ROLLUP_PERIOD_MS,
  type HistoryKeyRange,
  type Rollup,
  type RollupMarks,
  type RollupPeriod,
  type UptimeFigures,
  type UptimeWindow,
} from './store.js';

// The history half of the Store over Kysely (KyselyStore delegates here): rollups, retention and
// uptime; status pages' daily bars are in kysely-daily-bars.ts. The same SQL for every dialect:
// row values `(a, b) in (select …)` are in SQLite and PostgreSQL alike.
//
// What is counted. Only regular checks: a confirmation re-check is an extra sample taken because a
// check failed, so counting it would weigh an outage by how often it was re-checked rather than by
// how long it lasted (a blip would cost four checks). `failures` leaves out transient failures
// (blips that never alerted). Uptime is the share of those checks that did not fail.
//
// Why checks and not incidents. Incidents give downtime as time, but a window without checks (the
// monitor paused, not yet created, or upwatch itself stopped) would count as up, and an incident
// left open while upwatch was stopped as down for all that time: neither was observed. Checks count
// only what was seen, and the same rows carry the response times, so the figures agree.
// The cost: a window's checks weigh the same however far apart they were (a monitor whose interval
// changed weighs its two periods by their check counts, not their durations).
//
// Query plans below are SQLite's EXPLAIN QUERY PLAN for the statement beside them.

/** Each period as check_rollups.period holds it. */
export const PERIOD_SECONDS: Record<RollupPeriod, number> = { minute: 60, hour: 3_600, day: 86_400 };
const DAY_MS = ROLLUP_PERIOD_MS.day;

/** Sums of the regular checks of a span: what a rollup holds, as numbers. */
interface Totals {
  checks: number;
  failures: number;
  /** Tenths of a ms. */
  totalSum: number;
  histogram: number[];
}

type Db = Kysely<Database>;

/** The monitors of a key range, as the list an `in` walks: each is a seek on the primary key, not a scan. */
function monitorsIn(range: HistoryKeyRange): RawBuilder<unknown> {
  // A range on monitor_seq itself would not do: `monitor_seq between ? and ? and at >= ?` can use
  // only the first column of the key (SEARCH checks USING PRIMARY KEY (monitor_seq>? AND
  // monitor_seq<?)), so it reads every row of those monitors. An `in` list of values makes one seek
  // on (monitor_seq=? AND at>? AND at<?) per monitor. Ten minutes of 1,000 monitors in the bench's
  // database: 80 ms against 1.3 ms over a day of checks (30 times that over 30 days), 400 ms
  // against 2 ms over the rollups.
  return sql`(select seq from monitors where seq between ${range.first} and ${range.last})`;
}

// The sums and column lists are SQL text built once from constants (nothing from input goes in):
// Kysely then compiles a few nodes a statement rather than a hundred (a fifth of uptimeOf's time).
const IS_OK = `(outcome & ${OUTCOME.failed}) = 0`;
/** A regular check, not a confirmation re-check: only these count towards uptime. */
export const IS_REGULAR = sql.raw(`(outcome & ${OUTCOME.confirm}) = 0`);
/** Failed and not transient. */
const IS_FAILURE = `(outcome & ${OUTCOME.failed | OUTCOME.transient}) = ${OUTCOME.failed}`;
/** IS_FAILURE as a fragment for statements built with Kysely's sql tag. */
export const IS_COUNTED_FAILURE = sql.raw(IS_FAILURE);
const TENTHS = LATENCY_BOUNDS_MS.map((ms) => ms * 10);

/** The sums of raw checks, in the order of a rollup's columns from `checks` on. */
const RAW_SUMS = [
  'count(*)',
  `sum(case when ${IS_FAILURE} then 1 else 0 end)`,
  `sum(case when ${IS_OK} then total else 0 end)`,
  ...TENTHS.map((upper, i) => {
    if (i === 0) return `sum(case when ${IS_OK} and total <= ${upper} then 1 else 0 end)`;
    if (i === TENTHS.length - 1) return `sum(case when ${IS_OK} and total > ${TENTHS[i - 1]} then 1 else 0 end)`;
    return `sum(case when ${IS_OK} and total > ${TENTHS[i - 1]} and total <= ${upper} then 1 else 0 end)`;
  }),
];
const ROLLUP_VALUE_COLUMNS = ['checks', 'failures', 'total_sum', ...HISTOGRAM_COLUMNS];
/** The sums of rollups, in the same order. */
const ROLLUP_SUMS = ROLLUP_VALUE_COLUMNS.map((c) => `sum(${c})`);
const aliased = (sums: string[]) => sql.raw(sums.map((s, i) => `${s} as s${i}`).join(', '));
const RAW_SUMS_SQL = sql.raw(RAW_SUMS.join(', '));
const ROLLUP_SUMS_SQL = sql.raw(ROLLUP_SUMS.join(', '));
const RAW_SUMS_ALIASED = aliased(RAW_SUMS);
const ROLLUP_SUMS_ALIASED = aliased(ROLLUP_SUMS);
const INSERT_ROLLUPS = sql.raw(`insert into check_rollups (monitor_seq, period, bucket, ${ROLLUP_VALUE_COLUMNS.join(', ')})`);
/** Replacing rather than adding keeps a second run over the same span (after a crash before the mark moved on) from counting anything twice. */
const REPLACE_ROLLUPS = sql.raw(`on conflict (monitor_seq, period, bucket) do update set ${ROLLUP_VALUE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`);

/** A row of sums (s0 = checks, s1 = failures, s2 = total, s3… = histogram; null when no rows) as Totals. */
function toTotals(row: Record<string, unknown> | undefined): Totals {
  const n = (key: string) => (row?.[key] === null || row?.[key] === undefined ? 0 : int8(row[key] as number | string));
  return { checks: n('s0'), failures: n('s1'), totalSum: n('s2'), histogram: HISTOGRAM_COLUMNS.map((_, i) => n(`s${i + 3}`)) };
}

function addTotals(into: Totals, add: Totals): void {
  into.checks += add.checks;
  into.failures += add.failures;
  into.totalSum += add.totalSum;
  add.histogram.forEach((n, i) => (into.histogram[i]! += n));
}

export const floorTo = (t: number, ms: number) => t - (t % ms);

/** Per period, the time before which every bucket is complete; null before the first roll-up. */
export async function readRollupMarks(db: Db): Promise<RollupMarks> {
  const rows = await db.selectFrom('rollup_marks').select(['period', 'rolled_until']).execute();
  const at = (period: RollupPeriod) => {
    const row = rows.find((r) => r.period === PERIOD_SECONDS[period]);
    return row ? int8(row.rolled_until) : null;
  };
  return { minute: at('minute'), hour: at('hour'), day: at('day') };
}

/** The store's history methods over Kysely, but for the daily bars (kysely-daily-bars.ts). */
export class KyselyHistory {
  constructor(private readonly db: Db) {}

  async historyKeyRange(): Promise<HistoryKeyRange | null> {
    // Two subqueries, because SQLite answers a lone min() or max() of the rowid with one seek but
    // scans the table for both in one select.
    //   SCALAR SUBQUERY 1: SEARCH monitors
    //   SCALAR SUBQUERY 2: SEARCH monitors
    const { rows } = await sql<{ first: number | string | null; last: number | string | null }>`
      select (select min(seq) from monitors) as first, (select max(seq) from monitors) as last`.execute(this.db);
    const row = rows[0];
    return row?.first == null || row.last == null ? null : { first: int8(row.first), last: int8(row.last) };
  }

  async firstCheckAt(): Promise<number | null> {
    // The checks are keyed by monitor first, so min(at) over all of them would read them all. The
    // oldest check of each monitor is the first entry of its range: one seek per monitor.
    //   SEARCH monitors USING COVERING INDEX sqlite_autoindex_monitors_2
    //   CORRELATED SCALAR SUBQUERY 1: SEARCH checks USING PRIMARY KEY (monitor_seq=?)
    const { rows } = await sql<{ first: number | string | null }>`
      select min((select min(at) from checks where monitor_seq = monitors.seq)) as first from monitors`.execute(this.db);
    const first = rows[0]?.first;
    return first == null ? null : int8(first);
  }

  rollupMarks(): Promise<RollupMarks> {
    return readRollupMarks(this.db);
  }

  async setRollupMark(period: RollupPeriod, until: number): Promise<void> {
    await this.db
      .insertInto('rollup_marks')
      .values({ period: PERIOD_SECONDS[period], rolled_until: until })
      .onConflict((oc) => oc.column('period').doUpdateSet({ rolled_until: until }))
      .execute();
  }

  async rollUp(period: RollupPeriod, range: HistoryKeyRange & { from: number; to: number }): Promise<number> {
    const seconds = sql.lit(PERIOD_SECONDS[period]);
    const size = sql.lit(ROLLUP_PERIOD_MS[period]);
    let statement: RawBuilder<unknown>;
    if (period === 'minute') {
      //   SEARCH checks USING PRIMARY KEY (monitor_seq=? AND at>? AND at<?)
      //   LIST SUBQUERY 1: SEARCH monitors USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)
      //   USE TEMP B-TREE FOR GROUP BY
      statement = sql`${INSERT_ROLLUPS}
        select monitor_seq, ${seconds}, at - at % ${size}, ${RAW_SUMS_SQL}
        from checks
        where monitor_seq in ${monitorsIn(range)} and at >= ${range.from} and at < ${range.to} and ${IS_REGULAR}
        group by monitor_seq, at - at % ${size}
        ${REPLACE_ROLLUPS}`;
    } else {
      // Hours from minutes, days from hours: up to 60 and 24 rows a bucket.
      //   SEARCH check_rollups USING PRIMARY KEY (monitor_seq=? AND period=? AND bucket>? AND bucket<?)
      //   LIST SUBQUERY 1: SEARCH monitors USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)
      //   USE TEMP B-TREE FOR GROUP BY
      const source = sql.lit(PERIOD_SECONDS[period === 'hour' ? 'minute' : 'hour']);
      statement = sql`${INSERT_ROLLUPS}
        select monitor_seq, ${seconds}, bucket - bucket % ${size}, ${ROLLUP_SUMS_SQL}
        from check_rollups
        where monitor_seq in ${monitorsIn(range)} and period = ${source} and bucket >= ${range.from} and bucket < ${range.to}
        group by monitor_seq, bucket - bucket % ${size}
        ${REPLACE_ROLLUPS}`;
    }
    const result = await statement.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  async pruneChecks(range: HistoryKeyRange & { before: number; limit: number }): Promise<number> {
    // A bounded batch: the keys of at most `limit` old rows, then those rows by key. The details are
    // a table of their own with the same key, pruned the same way.
    //   SEARCH checks USING PRIMARY KEY (monitor_seq=? AND at=?)
    //   LIST SUBQUERY 3
    //     SEARCH checks USING PRIMARY KEY (monitor_seq=? AND at<?)
    //     LIST SUBQUERY 1: SEARCH monitors USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)
    let most = 0;
    for (const table of ['check_details', 'checks'] as const) {
      const result = await sql`
        delete from ${sql.table(table)} where (monitor_seq, at) in (
          select monitor_seq, at from ${sql.table(table)}
          where monitor_seq in ${monitorsIn(range)} and at < ${range.before}
          limit ${range.limit})`.execute(this.db);
      most = Math.max(most, Number(result.numAffectedRows ?? 0));
    }
    return most;
  }

  async pruneRollups(period: RollupPeriod, range: HistoryKeyRange & { before: number; limit: number }): Promise<number> {
    //   SEARCH check_rollups USING PRIMARY KEY (monitor_seq=? AND period=? AND bucket=?)
    //   LIST SUBQUERY 3
    //     SEARCH check_rollups USING PRIMARY KEY (monitor_seq=? AND period=? AND bucket<?)
    //     LIST SUBQUERY 1: SEARCH monitors USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)
    const seconds = PERIOD_SECONDS[period];
    const result = await sql`
      delete from check_rollups where (monitor_seq, period, bucket) in (
        select monitor_seq, period, bucket from check_rollups
        where monitor_seq in ${monitorsIn(range)} and period = ${seconds} and bucket < ${range.before}
        limit ${range.limit})`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  async listRollups(monitorId: string, query: { period: RollupPeriod; from: number; to: number }): Promise<Rollup[]> {
    //   SEARCH check_rollups USING PRIMARY KEY (monitor_seq=? AND period=? AND bucket>? AND bucket<?)
    //   SCALAR SUBQUERY 1: SEARCH monitors USING COVERING INDEX sqlite_autoindex_monitors_1 (id=?)
    const rows = await this.db
      .selectFrom('check_rollups')
      .selectAll()
      .where('monitor_seq', '=', (eb) => eb.selectFrom('monitors').select('seq').where('id', '=', monitorId))
      .where('period', '=', PERIOD_SECONDS[query.period])
      .where('bucket', '>=', query.from)
      .where('bucket', '<', query.to)
      .orderBy('bucket')
      .execute();
    return rows.map((row) => ({
      bucket: int8(row.bucket),
      checks: row.checks,
      failures: row.failures,
      totalMs: int8(row.total_sum) / 10,
      histogram: HISTOGRAM_COLUMNS.map((c) => row[c] ?? 0),
    }));
  }

  /**
   * Each window is read from the coarsest rollups that are complete, then the finer ones after
   * them, then the raw checks since the minute mark, so the figure is current:
   *
   *   24h, 7d:   hours [from, hour mark) + minutes [hour mark, minute mark) + checks [minute mark, now]
   *   30d, 90d:  days [from, day mark) + hours [day mark, hour mark) + the same minutes and checks
   *
   * At most about 7 distinct statements (the shared spans are read once), each a range of one
   * monitor's primary key, each one row of sums: ~90 day, ~190 hour and at most 60 minute rows.
   */
  async uptimeOf(monitorId: string, now: number): Promise<Record<UptimeWindow, UptimeFigures> | undefined> {
    const monitor = await this.db.selectFrom('monitors').select('seq').where('id', '=', monitorId).executeTakeFirst();
    if (!monitor) return undefined;
    const seq = int8(monitor.seq);
    const marks = await this.rollupMarks();
    // Before the first roll-up everything is read from the checks.
    const dayMark = marks.day ?? 0;
    const hourMark = marks.hour ?? 0;
    const minuteMark = marks.minute ?? 0;

    const spans = new Map<string, Promise<Totals>>();
    const span = (source: RollupPeriod | 'checks', from: number, to: number): Promise<Totals> => {
      if (from >= to) return Promise.resolve({ checks: 0, failures: 0, totalSum: 0, histogram: emptyHistogram() });
      const key = `${source} ${from} ${to}`;
      let totals = spans.get(key);
      if (!totals) {
        totals = source === 'checks' ? this.sumChecks(seq, from, to) : this.sumRollups(seq, source, from, to);
        spans.set(key, totals);
      }
      return totals;
    };

    const windows: Array<[UptimeWindow, number, 'hour' | 'day']> = [
      ['24h', DAY_MS, 'hour'],
      ['7d', 7 * DAY_MS, 'hour'],
      ['30d', 30 * DAY_MS, 'day'],
      ['90d', 90 * DAY_MS, 'day'],
    ];
    const figures = {} as Record<UptimeWindow, UptimeFigures>;
    for (const [name, length, coarse] of windows) {
      // Whole buckets: the window covers all of the span asked for, and at most one bucket more.
      const from = floorTo(now - length, ROLLUP_PERIOD_MS[coarse]);
      const parts =
        coarse === 'day'
          ? [span('day', from, dayMark), span('hour', Math.max(from, dayMark), hourMark)]
          : [span('hour', from, hourMark)];
      parts.push(span('minute', Math.max(from, hourMark), minuteMark), span('checks', Math.max(from, minuteMark), now + 1));
      const sum: Totals = { checks: 0, failures: 0, totalSum: 0, histogram: emptyHistogram() };
      for (const part of await Promise.all(parts)) addTotals(sum, part);
      figures[name] = toFigures(from, sum);
    }
    return figures;
  }

  /** One monitor's rollups of a period over [from, to), summed. */
  private async sumRollups(seq: number, period: RollupPeriod, from: number, to: number): Promise<Totals> {
    //   SEARCH check_rollups USING PRIMARY KEY (monitor_seq=? AND period=? AND bucket>? AND bucket<?)
    const { rows } = await sql<Record<string, unknown>>`
      select ${ROLLUP_SUMS_ALIASED} from check_rollups
      where monitor_seq = ${seq} and period = ${PERIOD_SECONDS[period]} and bucket >= ${from} and bucket < ${to}`.execute(this.db);
    return toTotals(rows[0]);
  }

  /** One monitor's regular checks over [from, to), summed as a rollup would be. */
  private async sumChecks(seq: number, from: number, to: number): Promise<Totals> {
    //   SEARCH checks USING PRIMARY KEY (monitor_seq=? AND at>? AND at<?)
    const { rows } = await sql<Record<string, unknown>>`
      select ${RAW_SUMS_ALIASED} from checks
      where monitor_seq = ${seq} and at >= ${from} and at < ${to} and ${IS_REGULAR}`.execute(this.db);
    return toTotals(rows[0]);
  }
}

/** The share of checks that did not fail, in percent; null without checks. */
export function uptimePercent(checks: number, failures: number): number | null {
  return checks === 0 ? null : (100 * (checks - failures)) / checks;
}

function toFigures(from: number, t: Totals): UptimeFigures {
  const ok = t.histogram.reduce((sum, n) => sum + n, 0);
  return {
    from,
    checks: t.checks,
    failures: t.failures,
    uptime: uptimePercent(t.checks, t.failures),
    meanMs: ok === 0 ? null : Math.round(t.totalSum / ok) / 10,
    p50Ms: latencyPercentile(t.histogram, 0.5),
    p95Ms: latencyPercentile(t.histogram, 0.95),
    p99Ms: latencyPercentile(t.histogram, 0.99),
  };
}
