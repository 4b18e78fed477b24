import type Database from 'better-sqlite3';
import { BAR_DAYS } from '../../src/store/kysely-daily-bars.js';

const DAY = 86_400_000;

/**
 * Writes, straight into the file, what the history job leaves after rolling up to the marks
 * given: each monitor's packed daily bars (the last BAR_DAYS days, today's so far last), summed
 * from the rollups already there, and the rollup marks. For benchmarks that build history
 * without running the job (scripts/bench-history.ts measures the job itself).
 * @example packDailyBars(db, seqs, { minute: minuteMark, hour: hourMark, day: dayMark })
 */
export function packDailyBars(db: Database.Database, seqs: readonly number[], marks: { minute: number; hour: number; day: number }): void {
  const { minute: minuteMark, hour: hourMark, day: dayMark } = marks;
  const firstDay = dayMark / DAY - (BAR_DAYS - 1);
  const counts = new Map<number, number[]>(seqs.map((seq) => [seq, new Array<number>(BAR_DAYS * 2).fill(0)]));
  const sums = db.prepare(`
    select monitor_seq, bucket / 86400000 as day, sum(checks), sum(failures) from check_rollups
    where (period = 86400 and bucket >= ? and bucket < ?) or (period = 3600 and bucket >= ? and bucket < ?) or (period = 60 and bucket >= ? and bucket < ?)
    group by monitor_seq, bucket / 86400000`);
  for (const [seq, day, checks, failures] of sums.raw().all(firstDay * DAY, dayMark, dayMark, hourMark, hourMark, minuteMark) as number[][]) {
    const i = (Number(day) - firstDay) * 2;
    counts.get(Number(seq))![i] = Number(checks);
    counts.get(Number(seq))![i + 1] = Number(failures);
  }
  const bars = db.prepare('insert into daily_bars (monitor_seq, first_day, packed_until, bars) values (?, ?, ?, ?)');
  db.transaction(() => {
    for (const [seq, c] of counts) {
      const blob = Buffer.alloc(c.length * 4);
      c.forEach((n, i) => blob.writeUInt32LE(n, i * 4));
      bars.run(seq, firstDay, minuteMark, blob);
    }
  })();
  const mark = db.prepare('insert into rollup_marks (period, rolled_until) values (?, ?) on conflict (period) do update set rolled_until = excluded.rolled_until');
  for (const [period, until] of [[60, minuteMark], [3_600, hourMark], [86_400, dayMark]]) mark.run(period, until);
}
