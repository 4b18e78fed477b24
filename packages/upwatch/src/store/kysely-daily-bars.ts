import { sql, type Kysely, type RawBuilder } from 'kysely';
import { floorTo, IS_COUNTED_FAILURE, IS_REGULAR, PERIOD_SECONDS, readRollupMarks, uptimePercent } from './kysely-history.js';
import { int8 } from './rows.js';
import type { Database } from './schema.js';
import { ROLLUP_PERIOD_MS, type DailyBars, type HistoryKeyRange, type RollupMarks } from './store.js';

// Status pages' daily bars over Kysely (KyselyStore delegates here): a packed row a monitor,
// filled from the minute rollups by the history job, and the rollups for longer spans.
// Query plans are SQLite's EXPLAIN QUERY PLAN for the statement beside them. `string_agg` is in
// PostgreSQL and, since 3.44, in SQLite.

/** The days a daily_bars row keeps: a status page's 90, and some to spare. */
export const BAR_DAYS = 100;
const DAY_MS = ROLLUP_PERIOD_MS.day;

/** The daily bars of the store over Kysely; `maxParameters` bounds the ids bound to one statement. */
export class KyselyDailyBars {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxParameters: number,
  ) {}

  /**
   * Up to BAR_DAYS days, from the packed daily bars: one row a monitor. Further back, from the
   * rollups (rolledUpBars). Either way the packed or rolled-up figures stop at the minute mark
   * (~6 minutes behind), and today's bar adds the checks since (addTodaysTail): a page published a
   * minute after its monitor was made shows today's checks, not "no data".
   *
   * Why packed: the day rollups of 1,000 monitors x 90 days are 90,000 rows. On the reference
   * machine SQLite alone needs 3-6 ms to walk them, and handing them to JavaScript (however they
   * are aggregated) with today's hours and minutes makes it ~70 ms, against ~6 ms for 1,000 packed
   * rows (npm run bench:history).
   */
  async dailyBars(monitorIds: readonly string[], days: number, now: number): Promise<DailyBars> {
    const start = floorTo(now, DAY_MS) - (days - 1) * DAY_MS;
    const bars: DailyBars = { days: Array.from({ length: days }, (_, i) => start + i * DAY_MS), monitors: new Map() };
    const firstDay = start / DAY_MS;
    const marks = days > BAR_DAYS ? await readRollupMarks(this.db) : null;
    for (let i = 0; i < monitorIds.length; i += this.maxParameters) {
      const ids = monitorIds.slice(i, i + this.maxParameters);
      const figures = marks ? await this.rolledUpBars(ids, firstDay, days, marks) : await this.packedBars(ids, firstDay, days);
      await this.addTodaysTail(ids, figures, now, marks === null ? sql`coalesce(daily_bars.packed_until, 0)` : sql`${marks.minute ?? 0}`);
      for (const [id, f] of figures) bars.monitors.set(id, f);
    }
    return bars;
  }

  async packDailyBars(range: HistoryKeyRange & { from: number; to: number }): Promise<number> {
    // The minute rollups just written, and the bars they go into.
    //   SEARCH check_rollups USING PRIMARY KEY (monitor_seq=? AND period=? AND bucket>? AND bucket<?)
    //   LIST SUBQUERY 1: SEARCH monitors USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)
    const minutes = await this.db
      .selectFrom('check_rollups')
      .select(['monitor_seq', 'bucket', 'checks', 'failures'])
      .where('monitor_seq', 'in', (eb) => eb.selectFrom('monitors').select('seq').where('seq', '>=', range.first).where('seq', '<=', range.last))
      .where('period', '=', PERIOD_SECONDS.minute)
      .where('bucket', '>=', range.from)
      .where('bucket', '<', range.to)
      .execute();
    if (minutes.length === 0) return 0;
    //   SEARCH daily_bars USING PRIMARY KEY (monitor_seq=?)
    //   LIST SUBQUERY 1: SEARCH monitors USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)
    const stored = await this.db
      .selectFrom('daily_bars')
      .selectAll()
      .where('monitor_seq', 'in', (eb) => eb.selectFrom('monitors').select('seq').where('seq', '>=', range.first).where('seq', '<=', range.last))
      .execute();
    const packed = new Map(stored.map((row) => [int8(row.monitor_seq), { firstDay: row.first_day, packedUntil: int8(row.packed_until), counts: unpackBars(row.bars) }]));
    const changed = new Set<number>();
    for (const minute of minutes) {
      const seq = int8(minute.monitor_seq);
      const bucket = int8(minute.bucket);
      let bars = packed.get(seq);
      if (!bars) packed.set(seq, (bars = { firstDay: Math.floor(bucket / DAY_MS), packedUntil: range.from, counts: [] }));
      // In the blob already: this span was packed before, and its mark not moved on (a crash).
      if (bucket < bars.packedUntil) continue;
      addToDay(bars, Math.floor(bucket / DAY_MS), minute.checks, minute.failures);
      changed.add(seq);
    }
    const rows = [...changed].map((seq) => {
      const bars = packed.get(seq)!;
      return { monitor_seq: seq, first_day: bars.firstDay, packed_until: range.to, bars: packBars(bars.counts) };
    });
    // Each row is written with its own packed_until: whatever a crash interrupts, no minute is
    // lost or counted twice.
    for (let i = 0; i < rows.length; i += Math.floor(this.maxParameters / 4)) {
      await this.db
        .insertInto('daily_bars')
        .values(rows.slice(i, i + Math.floor(this.maxParameters / 4)))
        .onConflict((oc) =>
          oc.column('monitor_seq').doUpdateSet((eb) => ({ first_day: eb.ref('excluded.first_day'), packed_until: eb.ref('excluded.packed_until'), bars: eb.ref('excluded.bars') })),
        )
        .execute();
    }
    return changed.size;
  }

  /**
   * Adds to today's bar (the last) the regular checks of today not in the figures yet: those from
   * `since` on (a packed row's packed_until, or the minute mark), a few minutes' worth a monitor.
   */
  private async addTodaysTail(ids: readonly string[], figures: Map<string, MonitorBars>, now: number, since: RawBuilder<number>): Promise<void> {
    const dayStart = floorTo(now, DAY_MS);
    //   SEARCH monitors USING COVERING INDEX sqlite_autoindex_monitors_1 (id=?)
    //   SEARCH daily_bars USING PRIMARY KEY (monitor_seq=?) LEFT-JOIN
    //   SEARCH checks USING PRIMARY KEY (monitor_seq=? AND at>? AND at<?)
    const { rows } = await sql<{ id: string; checks: number | string; failures: number | string | null }>`
      select monitors.id as id, count(*) as checks, sum(case when ${IS_COUNTED_FAILURE} then 1 else 0 end) as failures
      from monitors
      left join daily_bars on daily_bars.monitor_seq = monitors.seq
      join checks on checks.monitor_seq = monitors.seq
      where monitors.id in (select value from json_each(${JSON.stringify(ids)}))
        and checks.at >= ${dayStart} and checks.at >= ${since} and checks.at < ${now + 1} and ${IS_REGULAR}
      group by monitors.id`.execute(this.db);
    for (const row of rows) {
      const f = figures.get(row.id);
      if (!f) continue;
      const today = f.checks.length - 1;
      f.checks[today]! += int8(row.checks);
      f.failures[today]! += int8(row.failures ?? 0);
      f.uptime[today] = uptimePercent(f.checks[today]!, f.failures[today]!);
    }
  }

  /** Each monitor's bars from its packed row: one row read a monitor. */
  private async packedBars(ids: readonly string[], firstDay: number, days: number): Promise<Map<string, MonitorBars>> {
    //   SEARCH monitors USING COVERING INDEX sqlite_autoindex_monitors_1 (id=?)
    //   SEARCH daily_bars USING PRIMARY KEY (monitor_seq=?) LEFT-JOIN
    const rows = await this.db
      .selectFrom('monitors')
      .leftJoin('daily_bars', 'daily_bars.monitor_seq', 'monitors.seq')
      .select(['monitors.id', 'daily_bars.first_day', 'daily_bars.bars'])
      // One parameter, the ids as a JSON array, rather than 1,000 placeholders: the statement stays
      // short, and compiling it no longer costs more than running it.
      .where('monitors.id', 'in', sql<string>`(select value from json_each(${JSON.stringify(ids)}))`)
      .execute();
    // One pass a monitor, straight into the answer: at 90,000 days, every array less counts.
    const figures = new Map<string, MonitorBars>();
    for (const { id, bars, first_day: barsFirstDay } of rows) {
      const view = bars === null ? null : new DataView(bars.buffer, bars.byteOffset, bars.byteLength);
      const stored = view === null ? 0 : view.byteLength / 8;
      const f: MonitorBars = { checks: [], failures: [], uptime: [] };
      for (let d = 0; d < days; d++) {
        const k = firstDay + d - (barsFirstDay ?? 0);
        const inBlob = view !== null && k >= 0 && k < stored;
        const checks = inBlob ? view.getUint32(k * 8, true) : 0;
        const failures = inBlob ? view.getUint32(k * 8 + 4, true) : 0;
        f.checks.push(checks);
        f.failures.push(failures);
        f.uptime.push(uptimePercent(checks, failures));
      }
      figures.set(id, f);
    }
    return figures;
  }

  /**
   * Each monitor's bars from the rollups: the complete days in one query over the day rollups, a
   * monitor's days packed into one string (1,000 rows rather than 90,000 objects); the days since
   * the day mark from hours, then minutes.
   */
  private async rolledUpBars(ids: readonly string[], firstDay: number, days: number, marks: RollupMarks): Promise<Map<string, MonitorBars>> {
    const start = firstDay * DAY_MS;
    const dayMark = marks.day ?? start;
    const hourMark = marks.hour ?? dayMark;
    const minuteMark = marks.minute ?? hourMark;
    const figures = new Map<string, MonitorBars>();
    const monitors = await this.db.selectFrom('monitors').select(['seq', 'id']).where('id', 'in', ids).execute();
    if (monitors.length === 0) return figures;
    const byKey = new Map<number, MonitorBars>();
    for (const m of monitors) {
      const f: MonitorBars = { checks: new Array<number>(days).fill(0), failures: new Array<number>(days).fill(0), uptime: [] };
      byKey.set(int8(m.seq), f);
      figures.set(m.id, f);
    }
    const seqs = [...byKey.keys()];
    const add = (seq: number, epochDay: number, checks: number, failures: number) => {
      const f = byKey.get(seq);
      const day = epochDay - firstDay;
      if (!f || day < 0 || day >= days) return;
      f.checks[day]! += checks;
      f.failures[day]! += failures;
    };
    // Days as whole days since the epoch: SQLite binds a JS number as a real, so arithmetic with a
    // bound start would divide as reals; an integer column over an integer literal does not.
    if (dayMark > start) {
      //   SEARCH check_rollups USING PRIMARY KEY (monitor_seq=? AND period=? AND bucket>? AND bucket<?)
      // (no temp b-tree: the `in` list is walked in key order, so the groups come in order)
      const { rows } = await sql<{ seq: number | string; packed: string }>`
        select monitor_seq as seq,
          string_agg(cast(bucket / ${sql.lit(DAY_MS)} as text) || ',' || cast(checks as text) || ',' || cast(failures as text), ',') as packed
        from check_rollups
        where monitor_seq in (${sql.join(seqs)}) and period = ${PERIOD_SECONDS.day} and bucket >= ${start} and bucket < ${dayMark}
        group by monitor_seq`.execute(this.db);
      for (const row of rows) {
        const seq = int8(row.seq);
        const packed = row.packed.split(',');
        for (let k = 0; k + 2 < packed.length; k += 3) add(seq, Number(packed[k]), Number(packed[k + 1]), Number(packed[k + 2]));
      }
    }
    //   SEARCH check_rollups USING PRIMARY KEY (monitor_seq=? AND period=? AND bucket>? AND bucket<?)
    //   USE TEMP B-TREE FOR GROUP BY
    for (const [period, from, to] of [['hour', Math.max(start, dayMark), hourMark], ['minute', Math.max(start, hourMark), minuteMark]] as const) {
      if (from >= to) continue;
      const { rows } = await sql<{ seq: number | string; day: number | string; checks: number | string; failures: number | string }>`
        select monitor_seq as seq, bucket / ${sql.lit(DAY_MS)} as day, sum(checks) as checks, sum(failures) as failures
        from check_rollups
        where monitor_seq in (${sql.join(seqs)}) and period = ${PERIOD_SECONDS[period]} and bucket >= ${from} and bucket < ${to}
        group by monitor_seq, bucket / ${sql.lit(DAY_MS)}`.execute(this.db);
      for (const row of rows) add(int8(row.seq), int8(row.day), int8(row.checks), int8(row.failures));
    }
    for (const f of figures.values()) f.uptime = f.checks.map((checks, d) => uptimePercent(checks, f.failures[d]!));
    return figures;
  }
}

/** One monitor's figures a day, in the order of DailyBars.days. */
type MonitorBars = DailyBars['monitors'] extends Map<string, infer V> ? V : never;

/** What a daily_bars row holds, unpacked: checks and failures a day, flat, from firstDay on. */
interface PackedBars {
  firstDay: number;
  packedUntil: number;
  counts: number[];
}

function unpackBars(blob: Uint8Array): number[] {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  return Array.from({ length: blob.byteLength / 4 }, (_, i) => view.getUint32(i * 4, true));
}

function packBars(counts: readonly number[]): Buffer {
  const blob = Buffer.alloc(counts.length * 4);
  counts.forEach((n, i) => blob.writeUInt32LE(n, i * 4));
  return blob;
}

/** Adds a minute's figures to its day, keeping the newest BAR_DAYS days. */
function addToDay(bars: PackedBars, day: number, checks: number, failures: number): void {
  if (bars.counts.length === 0) bars.firstDay = day;
  const newest = bars.firstDay + bars.counts.length / 2 - 1;
  // A monitor's minutes come in order: an older day can only be one trimmed away already.
  if (day <= newest - BAR_DAYS) return;
  if (day < bars.firstDay) {
    bars.counts.unshift(...new Array<number>((bars.firstDay - day) * 2).fill(0));
    bars.firstDay = day;
  }
  const i = (day - bars.firstDay) * 2;
  while (bars.counts.length <= i) bars.counts.push(0, 0);
  bars.counts[i]! += checks;
  bars.counts[i + 1]! += failures;
  const extra = bars.counts.length / 2 - BAR_DAYS;
  if (extra > 0) {
    bars.counts.splice(0, extra * 2);
    bars.firstDay += extra;
  }
}
