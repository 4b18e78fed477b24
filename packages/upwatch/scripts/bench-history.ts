/**
 * History queries and storage, measured on a real SQLite file:
 *
 * 1. Queries. A store with N monitors (default 1,000) and what the history job keeps in steady
 *    state (day rollups for `--days`, hour rollups for 90 days, minute rollups for 2 days, raw
 *    checks for `--raw-days`), written in time order across monitors as the job writes them, so
 *    the pages are as full as a real database's, and the packed daily bars. Then uptimeOf for one
 *    monitor and dailyBars for all N monitors x 90 days, each `--runs` times: median and p99 of the
 *    call (query time only: the store's method from call to answer). Beside it, dailyBars from the
 *    rollups (its path past the packed 100 days) and a bare count(*) over those day rows: SQLite's
 *    floor for any design that reads a row per monitor and day.
 * 2. Storage. `--sample` monitors checked every 60 s for 30 simulated days through the real code
 *    path (insertChecks, then the history job's passes as the simulated time goes), with outages
 *    and blips; then the pages of checks, check_details and check_rollups (SQLite's dbstat, free
 *    space in them included) per check. Each monitor's rows are their own key range, so the bytes
 *    per check do not depend on how many monitors there are: N monitors take N / sample times this.
 *    The steady state (hours kept 90 days, days 2 years) is extrapolated from the measured bytes
 *    per rollup row.
 *
 *   node --import tsx packages/upwatch/scripts/bench-history.ts [--monitors 1000] [--days 90] [--raw-days 1] [--runs 50] [--sample 20] [--out file.json]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createHistoryJob, ROLLUP_RETENTION_MS } from '../src/history/history-job.js';
import { BAR_DAYS } from '../src/store/kysely-daily-bars.js';
import { HISTOGRAM_BUCKETS, histogramBucketOf } from '../src/store/latency-histogram.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { Store, StoredCheck } from '../src/store/store.js';
import { aMonitor } from '../src/store/store-fixtures.js';
import { ManualClock } from '../src/test-support/manual-clock.js';
import { packDailyBars } from './bench/pack-daily-bars.js';
import { mulberry32 } from './bench/seeded-random.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const { values } = parseArgs({
  options: {
    monitors: { type: 'string', default: '1000' },
    days: { type: 'string', default: '90' },
    'raw-days': { type: 'string', default: '1' },
    runs: { type: 'string', default: '50' },
    sample: { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});
const monitors = Number(values.monitors);
const days = Number(values.days);
const rawDays = Number(values['raw-days']);
const runs = Number(values.runs);
const sample = Number(values.sample);
const out = values.out ?? `bench-results/history-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`;

/** Mid-afternoon, so that today has hours and the current hour has minutes. */
const NOW = Date.UTC(2026, 3, 1, 13, 37);
const random = mulberry32(42);
const dir = mkdtempSync(join(tmpdir(), 'upwatch-bench-history-'));

try {
  const queries = await benchQueries();
  const storage = await benchStorage();
  const report = { at: new Date().toISOString(), node: process.version, monitors, days, raw_days: rawDays, runs, queries, storage };
  printReport(report);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function benchQueries() {
  const file = join(dir, 'queries.db');
  const ids = Array.from({ length: monitors }, (_, i) => `m${i}`);
  let store = await openSqliteStore(file);
  for (const id of ids) await store.insertMonitor(aMonitor(id));
  await store.close();

  const buildStart = performance.now();
  const rows = fillHistory(file);
  const buildS = (performance.now() - buildStart) / 1000;

  store = await openSqliteStore(file);
  try {
    // A sanity check that the figures are the ones written, before timing anything.
    const bars = await store.dailyBars(ids.slice(0, 1), days, NOW);
    const uptime = await store.uptimeOf(ids[0]!, NOW);
    const uptimeMs = await timeRuns(() => store.uptimeOf(ids[Math.floor(random() * ids.length)]!, NOW));
    const barsMs = await timeRuns(() => store.dailyBars(ids, days, NOW));
    // Past the packed bars' 100 days, dailyBars reads the rollups: the day rows of every monitor,
    // then today's hours and minutes. With day rollups for `days` only, that is the same bars.
    const fromRollupsMs = await timeRuns(() => store.dailyBars(ids, BAR_DAYS + 1, NOW));
    const packed = await store.dailyBars(ids.slice(0, 50), days, NOW);
    const rolled = await store.dailyBars(ids.slice(0, 50), BAR_DAYS + 1, NOW);
    const agree = ids.slice(0, 50).every((id) => JSON.stringify(packed.monitors.get(id)?.checks) === JSON.stringify(rolled.monitors.get(id)?.checks.slice(-days)));
    const scanMs = timeDayRowScan(file, days);
    return {
      build_s: round(buildS),
      rows,
      uptime_of_one_monitor_ms: uptimeMs,
      daily_bars_ms: { monitors, days, ...barsMs },
      daily_bars_from_rollups_ms: { monitors, days: BAR_DAYS + 1, ...fromRollupsMs, same_bars_as_packed: agree },
      day_rows_count_only_ms: scanMs,
      example: { uptime_90d: uptime?.['90d'], bars_first_monitor_last_3_days: bars.monitors.get(ids[0]!)?.checks.slice(-3) },
    };
  } finally {
    await store.close();
  }
}

/** Writes rollups and raw checks straight into the file (the job's own path is measured in benchStorage). */
function fillHistory(file: string) {
  const db = new Database(file);
  db.pragma('cache_size = -262144');
  const seqs = (db.prepare('select seq from monitors order by seq').pluck().all() as number[]).map(Number);
  // Each monitor has its own typical response time, and an outage now and then.
  const base = seqs.map(() => 20 + Math.floor(random() * 400));
  const minuteMark = NOW - (NOW % MINUTE) - 5 * MINUTE;
  const hourMark = minuteMark - (minuteMark % HOUR);
  const dayMark = hourMark - (hourMark % DAY);
  const columns = Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `h${i}`).join(', ');
  const insert = db.prepare(`insert into check_rollups (monitor_seq, period, bucket, checks, failures, total_sum, ${columns}) values (${new Array(6 + HISTOGRAM_BUCKETS).fill('?').join(', ')})`);
  const rollup = (seq: number, i: number, period: number, bucket: number, checks: number) => {
    const failures = random() < 0.002 * (checks / 60) ? Math.ceil(checks * 0.05) : 0;
    const ok = checks - failures;
    const histogram = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
    const b = histogramBucketOf(base[i]!);
    histogram[b] = ok - Math.floor(ok * 0.3);
    histogram[Math.min(b + 1, HISTOGRAM_BUCKETS - 1)]! += Math.floor(ok * 0.2);
    histogram[Math.max(b - 1, 0)]! += Math.floor(ok * 0.1);
    insert.run(seq, period, bucket, checks, failures, ok * base[i]! * 10, ...histogram);
  };
  const rows = { day: 0, hour: 0, minute: 0, checks: 0 };
  const inTimeOrder = (from: number, to: number, step: number, each: (bucket: number) => void) => {
    db.transaction(() => {
      for (let bucket = from; bucket < to; bucket += step) each(bucket);
    })();
  };
  inTimeOrder(dayMark - (days - 1) * DAY, dayMark, DAY, (bucket) => seqs.forEach((seq, i) => (rollup(seq, i, 86_400, bucket, 1_440), rows.day++)));
  inTimeOrder(dayMark - 89 * DAY, hourMark, HOUR, (bucket) => seqs.forEach((seq, i) => (rollup(seq, i, 3_600, bucket, 60), rows.hour++)));
  inTimeOrder(hourMark - 2 * DAY, minuteMark, MINUTE, (bucket) => seqs.forEach((seq, i) => (rollup(seq, i, 60, bucket, 1), rows.minute++)));
  const check = db.prepare('insert into checks (monitor_seq, at, outcome, status, dns, connect, tls, ttfb, total) values (?, ?, 0, 200, ?, ?, ?, ?, ?)');
  inTimeOrder(NOW - rawDays * DAY, NOW, MINUTE, (at) =>
    seqs.forEach((seq, i) => {
      const total = Math.round(base[i]! * 10 * (0.8 + random() * 0.4));
      check.run(seq, at + i, 12, 25, 40, total - 80, total);
      rows.checks++;
    }),
  );
  // The status pages' packed bars and the rollup marks, as the job leaves them.
  packDailyBars(db, seqs, { minute: minuteMark, hour: hourMark, day: dayMark });
  db.close();
  return rows;
}

/** count(*) over exactly the day rows dailyBars reads: what SQLite alone takes to walk them. */
function timeDayRowScan(file: string, dayCount: number) {
  const db = new Database(file, { readonly: true });
  try {
    const dayMark = (db.prepare('select rolled_until from rollup_marks where period = 86400').pluck().get() as number) ?? 0;
    const seqs = db.prepare('select seq from monitors').pluck().all() as number[];
    const count = db.prepare(`select count(*) from check_rollups where monitor_seq in (${seqs.map(() => '?').join(',')}) and period = 86400 and bucket >= ? and bucket < ?`).pluck();
    const start = NOW - (NOW % DAY) - (dayCount - 1) * DAY;
    const times: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const t = performance.now();
      count.get(...seqs, start, dayMark);
      if (i >= 3) times.push(performance.now() - t);
    }
    return summarize(times);
  } finally {
    db.close();
  }
}

async function benchStorage() {
  const file = join(dir, 'storage.db');
  const store = await openSqliteStore(file);
  const ids = Array.from({ length: sample }, (_, i) => `s${i}`);
  for (const id of ids) await store.insertMonitor(aMonitor(id));
  const start = NOW - 30 * DAY;
  const clock = new ManualClock(start);
  const history = createHistoryJob({ store, clock, retention: { checksMs: 30 * DAY }, onError: (err) => console.error(err) });
  const base = ids.map(() => 20 + Math.floor(random() * 400));
  // An outage of 20 minutes a week per monitor, blips of one check in a thousand.
  const outages = ids.map(() => Array.from({ length: 5 }, () => start + Math.floor(random() * 30 * DAY)));
  let failed = 0;
  const t0 = performance.now();
  for (let hour = start; hour < NOW; hour += HOUR) {
    const batch: StoredCheck[] = [];
    for (let at = hour; at < hour + HOUR && at < NOW; at += MINUTE) {
      ids.forEach((id, i) => {
        const when = at + i * 1_000;
        const down = outages[i]!.some((o) => when >= o && when < o + 20 * MINUTE);
        const blip = !down && random() < 0.001;
        batch.push(aCheck(id, when, base[i]!, down || blip, blip));
        if (down || blip) failed++;
      });
    }
    await store.insertChecks(batch);
    await clock.advance(HOUR);
    await runUntilCaughtUp(history);
  }
  const simulateS = (performance.now() - t0) / 1000;
  await store.close();

  const db = new Database(file, { readonly: true });
  try {
    const pages = (tables: string[]) =>
      (db.prepare(`select sum(pgsize) from dbstat where name in (select name from sqlite_schema where tbl_name in (${tables.map(() => '?').join(',')}))`).pluck().get(...tables) as number | null) ?? 0;
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const raw = pages(['checks', 'check_details']);
    const rollupPages = pages(['check_rollups']);
    const bars = pages(['daily_bars']);
    const rollups = rollupPages + bars;
    const stored = count('select count(*) from checks');
    const rollupRows = count('select count(*) from check_rollups');
    const perRollupRow = rollupPages / rollupRows;
    const perCheck = (bytes: number) => round(bytes / stored);
    // Per monitor at 60 s: 43,200 raw checks, 2,880 minute rows, and in steady state 2,160 hour
    // rows and 730 day rows.
    const steadyRollupRows = (ROLLUP_RETENTION_MS.minute / MINUTE + ROLLUP_RETENTION_MS.hour / HOUR + ROLLUP_RETENTION_MS.day / DAY) * sample;
    return {
      sample_monitors: sample,
      simulated_days: 30,
      simulate_s: round(simulateS),
      checks_stored: stored,
      checks_failed: failed,
      check_details_rows: count('select count(*) from check_details'),
      rollup_rows: { minute: count('select count(*) from check_rollups where period = 60'), hour: count('select count(*) from check_rollups where period = 3600'), day: count('select count(*) from check_rollups where period = 86400') },
      bytes: { checks_and_details: raw, rollups_and_daily_bars: rollups, daily_bars: bars, total: raw + rollups },
      bytes_per_check: { raw: perCheck(raw), rollups: perCheck(rollups), total: perCheck(raw + rollups) },
      bytes_per_rollup_row: round(perRollupRow),
      steady_state_bytes_per_check: { note: 'raw 30 d + minutes 2 d + hours 90 d + days 2 y, rollup rows at the measured size', total: perCheck(raw + steadyRollupRows * perRollupRow + bars) },
      extrapolated_for: { monitors, gb_30_days: round(((raw + rollups) / sample) * monitors / 1e9) },
    };
  } finally {
    db.close();
  }
}

/** A check as the engine stores it: timings in ms, a failure with its details. */
function aCheck(monitorId: string, at: number, baseMs: number, failed: boolean, transient: boolean): StoredCheck {
  const total = failed ? 10_000 : Math.round(baseMs * (0.8 + random() * 0.4) * 10) / 10;
  const timings = { dns: 1.2, connect: 2.5, tls: 4, ttfb: Math.max(0, total - 8), total };
  const common = { monitorId, at, timings, requestId: `req-${at}`, traceId: '', responseRequestId: null, phase: 'regular' as const, transient };
  if (!failed) return { ...common, ok: true, kind: null, status: 200, error: null };
  return { ...common, ok: false, kind: 'timeout', status: null, error: 'no answer within 10s', retryAfterMs: null };
}

async function runUntilCaughtUp(history: ReturnType<typeof createHistoryJob>): Promise<void> {
  while ((await history.runPass()).behind) {
    // Catching up: the next pass at once.
  }
}

async function timeRuns(fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return summarize(times);
}

/** Median and p99 (nearest rank: of 50 runs, the slowest). */
function summarize(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: round(at(0.5)), p99: round(at(0.99)), runs: sorted.length };
}

function printReport(r: { queries: Awaited<ReturnType<typeof benchQueries>>; storage: Awaited<ReturnType<typeof benchStorage>> }) {
  const q = r.queries;
  const s = r.storage;
  console.log(`history bench: ${monitors} monitors, ${days} days of day rollups, ${rawDays} day(s) of raw checks (built in ${q.build_s} s)`);
  console.table({
    'uptimeOf, one monitor (24h/7d/30d/90d)': { 'median ms': q.uptime_of_one_monitor_ms.median, 'p99 ms': q.uptime_of_one_monitor_ms.p99 },
    [`dailyBars, ${monitors} monitors x ${days} days (packed bars)`]: { 'median ms': q.daily_bars_ms.median, 'p99 ms': q.daily_bars_ms.p99 },
    [`  the same from the rollups (days > ${BAR_DAYS})`]: { 'median ms': q.daily_bars_from_rollups_ms.median, 'p99 ms': q.daily_bars_from_rollups_ms.p99 },
    '  SQLite alone walking those day rows (count only)': { 'median ms': q.day_rows_count_only_ms.median, 'p99 ms': q.day_rows_count_only_ms.p99 },
  });
  console.log(`storage: ${s.sample_monitors} monitors x 30 days at 60 s = ${s.checks_stored} checks (${s.checks_failed} failed), simulated in ${s.simulate_s} s`);
  console.table({
    'raw checks + details': { bytes: s.bytes.checks_and_details, 'bytes/check': s.bytes_per_check.raw },
    [`rollups (${s.rollup_rows.minute} min, ${s.rollup_rows.hour} h, ${s.rollup_rows.day} d rows) + daily bars`]: { bytes: s.bytes.rollups_and_daily_bars, 'bytes/check': s.bytes_per_check.rollups },
    total: { bytes: s.bytes.total, 'bytes/check': s.bytes_per_check.total },
    'steady state (hours 90 d, days 2 y)': { bytes: null, 'bytes/check': s.steady_state_bytes_per_check.total },
  });
  console.log(`${s.bytes_per_rollup_row} bytes a rollup row; ${monitors} monitors x 30 days ≈ ${s.extrapolated_for.gb_30_days} GB (the sample's bytes x ${monitors / sample})`);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
