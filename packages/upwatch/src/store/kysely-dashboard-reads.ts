import { sql, type Kysely } from 'kysely';
import { floorTo, IS_COUNTED_FAILURE as IS_FAILURE, IS_REGULAR, PERIOD_SECONDS, readRollupMarks, uptimePercent } from './kysely-history.js';
import { int8, OUTCOME } from './rows.js';
import type { Database } from './schema.js';
import { ROLLUP_PERIOD_MS, type CheckTimings, type LastCheck, type UptimeCounts } from './store.js';

// What the dashboard reads in bulk, over Kysely (KyselyStore delegates here): the last check and
// the 24-hour uptime of every monitor at once, for a list of 10,000, and one monitor's check timings
// as columns for its chart. Query plans are SQLite's EXPLAIN QUERY PLAN for the statement beside them.

const DAY_MS = ROLLUP_PERIOD_MS.day;
const HOUR_MS = ROLLUP_PERIOD_MS.hour;
/** Stored timings are whole tenths of a millisecond. */
const ms = (tenths: number) => tenths / 10;

type Db = Kysely<Database>;

/** The dashboard's bulk reads of the store over Kysely. */
export class KyselyDashboardReads {
  constructor(private readonly db: Db) {}

  async lastChecks(): Promise<Map<string, LastCheck>> {
    // One seek a monitor for its newest check (the checks are keyed by monitor, then time), and
    // one for its details, rather than a scan of every check there is. A plain join let SQLite
    // pick the checks as the outer loop (a scan of them all); `cross join` keeps monitors outside.
    //   SCAN m USING COVERING INDEX sqlite_autoindex_monitors_1
    //   SEARCH c USING PRIMARY KEY (monitor_seq=? AND at=?)
    //   CORRELATED SCALAR SUBQUERY 1: SEARCH checks USING PRIMARY KEY (monitor_seq=?)
    //   SEARCH d USING PRIMARY KEY (monitor_seq=? AND at=?) LEFT-JOIN
    const { rows } = await sql<{ id: string; at: number | string; outcome: number; total: number; kind: string | null }>`
      select m.id, c.at, c.outcome, c.total, d.kind
      from monitors m
      cross join checks c
      left join check_details d on d.monitor_seq = c.monitor_seq and d.at = c.at
      where c.monitor_seq = m.seq and c.at = (select max(at) from checks where monitor_seq = m.seq)`.execute(this.db);
    const last = new Map<string, LastCheck>();
    for (const row of rows) {
      last.set(row.id, { at: int8(row.at), ok: (row.outcome & OUTCOME.failed) === 0, totalMs: ms(row.total), kind: row.kind });
    }
    return last;
  }

  async uptimes24h(now: number): Promise<Map<string, UptimeCounts>> {
    // The window of uptimeOf's 24h (whole hours), from the same sources in the same order: hour
    // rollups to the hour mark, minute rollups to the minute mark, then the checks themselves. Each
    // source is one statement over all monitors, grouped by monitor: the `in` list is walked in
    // key order, a range seek a monitor.
    const marks = await readRollupMarks(this.db);
    const from = floorTo(now - DAY_MS, HOUR_MS);
    const hourMark = Math.max(from, marks.hour ?? 0);
    const minuteMark = Math.max(hourMark, marks.minute ?? 0);
    const sums = new Map<number, { checks: number; failures: number }>();
    const add = (rows: Array<{ seq: number | string; checks: number | string | null; failures: number | string | null }>) => {
      for (const row of rows) {
        const seq = int8(row.seq);
        const sum = sums.get(seq) ?? { checks: 0, failures: 0 };
        sum.checks += int8(row.checks ?? 0);
        sum.failures += int8(row.failures ?? 0);
        sums.set(seq, sum);
      }
    };
    for (const [period, start, end] of [['hour', from, hourMark], ['minute', hourMark, minuteMark]] as const) {
      if (start >= end) continue;
      //   SEARCH check_rollups USING PRIMARY KEY (monitor_seq=? AND period=? AND bucket>? AND bucket<?)
      //   USING ROWID SEARCH ON TABLE monitors FOR IN-OPERATOR
      const { rows } = await sql<{ seq: number | string; checks: number | string | null; failures: number | string | null }>`
        select monitor_seq as seq, sum(checks) as checks, sum(failures) as failures from check_rollups
        where monitor_seq in (select seq from monitors) and period = ${PERIOD_SECONDS[period]} and bucket >= ${start} and bucket < ${end}
        group by monitor_seq`.execute(this.db);
      add(rows);
    }
    //   SEARCH checks USING PRIMARY KEY (monitor_seq=? AND at>? AND at<?)
    const { rows } = await sql<{ seq: number | string; checks: number | string | null; failures: number | string | null }>`
      select monitor_seq as seq, count(*) as checks, sum(case when ${IS_FAILURE} then 1 else 0 end) as failures from checks
      where monitor_seq in (select seq from monitors) and at >= ${minuteMark} and at < ${now + 1} and ${IS_REGULAR}
      group by monitor_seq`.execute(this.db);
    add(rows);

    const monitors = await this.db.selectFrom('monitors').select(['seq', 'id']).execute();
    const uptimes = new Map<string, UptimeCounts>();
    for (const m of monitors) {
      const sum = sums.get(int8(m.seq)) ?? { checks: 0, failures: 0 };
      uptimes.set(m.id, { ...sum, uptime: uptimePercent(sum.checks, sum.failures) });
    }
    return uptimes;
  }

  async checkTimings(monitorId: string, query: { from: number; to: number; limit: number }): Promise<CheckTimings> {
    // The newest `limit` of the span, handed back oldest first: a chart reads left to right.
    //   SEARCH checks USING PRIMARY KEY (monitor_seq=? AND at>? AND at<?)
    //   SCALAR SUBQUERY 1: SEARCH monitors USING COVERING INDEX sqlite_autoindex_monitors_1 (id=?)
    const rows = await this.db
      .selectFrom('checks')
      .select(['at', 'outcome', 'dns', 'connect', 'tls', 'ttfb', 'total'])
      .where('monitor_seq', '=', (eb) => eb.selectFrom('monitors').select('seq').where('id', '=', monitorId))
      .where('at', '>=', query.from)
      .where('at', '<', query.to)
      .orderBy('at', 'desc')
      .limit(query.limit)
      .execute();
    const n = rows.length;
    const columns: CheckTimings = { at: new Array(n), ok: new Array(n), dns: new Array(n), connect: new Array(n), tls: new Array(n), ttfb: new Array(n), total: new Array(n) };
    rows.forEach((row, i) => {
      const k = n - 1 - i;
      columns.at[k] = int8(row.at);
      columns.ok[k] = (row.outcome & OUTCOME.failed) === 0;
      columns.dns[k] = ms(row.dns);
      columns.connect[k] = ms(row.connect);
      columns.tls[k] = ms(row.tls);
      columns.ttfb[k] = ms(row.ttfb);
      columns.total[k] = ms(row.total);
    });
    return columns;
  }
}
