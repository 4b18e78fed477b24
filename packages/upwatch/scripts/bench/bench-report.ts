import type { BenchOptions } from './bench-options.js';
import type { CeilingResult } from './ceiling.js';
import type { DatabaseFacts } from './database-facts.js';
import type { FleetUsage } from './fleet.js';
import { CONFIRM_FLOOR_MS, type OutageResult } from './outages.js';
import type { ProcSample } from './proc-stats.js';
import type { StatsReading } from './serve-runner.js';

/** What main.ts measured, raw; buildReport turns it into figures. */
export interface BenchMeasurements {
  command: string;
  options: BenchOptions;
  machine: Record<string, unknown>;
  spawnedAt: number;
  servingAt: number;
  /** The first request a target received: a check had started (it completes about 1 ms later on loopback). */
  firstRequestAt: number | null;
  /** /api/stats and /proc right after "serving", then every few seconds, the last at the end of the run. */
  readings: Array<StatsReading & { dbBytes: number }>;
  samples: ProcSample[];
  fleetAtStart: FleetUsage;
  fleetAtEnd: FleetUsage;
  stop: { exitCode: number | null; stopMs: number };
  database: DatabaseFacts;
  outages: { fitsInRun: boolean; results: OutageResult[] };
  ceiling: CeilingResult;
}

/** A line of the summary: the figure, its value, the target it will be judged against, what it means. */
export interface SummaryRow {
  figure: string;
  value: string;
  target: string;
  meaning: string;
}

const MIB = 1024 * 1024;
const round = (x: number, digits = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);
const allChecks = (r: StatsReading) => r.api.checks.regular.completed + r.api.checks.confirm.completed;

/**
 * Turns the measurements into the report: every figure with its unit in its name, and the summary rows.
 * @example const report = buildReport(measurements); console.log(formatSummary(report.summary));
 */
export function buildReport(m: BenchMeasurements) {
  const { options } = m;
  const first = m.readings[0]!;
  const last = m.readings[m.readings.length - 1]!;
  const windowS = (last.at - first.at) / 1000;
  const scheduledPerS = (options.monitors * 1000) / options.intervalMs;
  const regular = last.api.checks.regular.completed - first.api.checks.regular.completed;
  const completedPerS = regular / windowS;
  const missed = last.api.scheduler.skipped_slots - first.api.scheduler.skipped_slots;
  const checksInWindow = allChecks(last) - allChecks(first);
  const cpuInWindow = (last.proc?.cpuSeconds ?? NaN) - (first.proc?.cpuSeconds ?? NaN);
  const cpuPer1000 = (cpuInWindow / checksInWindow) * 1000;
  const peakRss = Math.max(...m.samples.map((s) => s.peakRssBytes));
  const worstMinuteP99 = Math.max(...m.readings.map((r) => r.api.last_window.lag_ms.p99));
  const fleetActive = m.fleetAtEnd.eluActiveMs - m.fleetAtStart.eluActiveMs;
  const fleetIdle = m.fleetAtEnd.eluIdleMs - m.fleetAtStart.eluIdleMs;
  const bytesPerCheck = m.database.checkPagesBytes / m.database.checkRows;
  const checksPerDay = scheduledPerS * 86_400;
  const ceiling = m.ceiling.best;
  const ceilingCpuPer1000 = (ceiling.cpuSeconds / ceiling.requests) * 1000;
  const paced = m.ceiling.paced;
  const pacedCpuPer1000 = (paced.cpuSeconds / paced.requests) * 1000;
  const downs = m.outages.results.map((o) => o.downLatencyMs).filter((x): x is number => x !== null);

  const figures = {
    schedule: { monitors: options.monitors, interval_s: options.intervalMs / 1000, duration_s: options.durationMs / 1000, targets: options.targets, scheduled_checks_per_s: round(scheduledPerS) },
    startup: {
      to_serving_s: round((m.servingAt - m.spawnedAt) / 1000),
      to_first_check_s: m.firstRequestAt === null ? null : round((m.firstRequestAt - m.spawnedAt) / 1000),
      cpu_s_to_serving: round(first.proc?.cpuSeconds ?? NaN),
      rss_mib_at_serving: round((first.proc?.rssBytes ?? NaN) / MIB, 1),
    },
    throughput: {
      window_s: round(windowS, 1),
      completed_per_s: round(completedPerS),
      scheduled_per_s: round(scheduledPerS),
      completed_to_scheduled: round(completedPerS / scheduledPerS, 3),
      missed_slots: missed,
      regular_checks: regular,
      confirm_checks: last.api.checks.confirm.completed - first.api.checks.confirm.completed,
      failed_regular_checks: last.api.checks.regular.failed - first.api.checks.regular.failed,
      running_at_end: last.api.scheduler.running,
    },
    lag_ms: { since_start: last.api.lag_ms, last_minute: last.api.last_window.lag_ms, worst_minute_p99: worstMinuteP99 },
    resources: {
      cpu_s_in_window: round(cpuInWindow),
      cpu_cores_used: round(cpuInWindow / windowS, 3),
      cpu_s_per_1000_checks: round(cpuPer1000, 3),
      peak_rss_mib: round(peakRss / MIB, 1),
      stop_s: round(m.stop.stopMs / 1000),
      exit_code: m.stop.exitCode,
      targets_event_loop_utilization: round(fleetActive / (fleetActive + fleetIdle), 3),
    },
    database: {
      file_bytes: m.database.fileBytes,
      check_rows: m.database.checkRows,
      checks_completed: allChecks(last),
      bytes_per_check: round(bytesPerCheck, 1),
      file_bytes_per_check: round(m.database.fileBytes / m.database.checkRows, 1),
      growth_gib_per_day: round((bytesPerCheck * checksPerDay) / 1024 ** 3),
      failures_by_kind: m.database.failuresByKind,
    },
    alerts: {
      confirm_floor_s: CONFIRM_FLOOR_MS / 1000,
      outages_fit_in_run: m.outages.fitsInRun,
      outages: m.outages.results.map((o) => ({
        monitor: o.name,
        after_s: round(o.afterMs / 1000, 1),
        down_latency_s: o.downLatencyMs === null ? null : round(o.downLatencyMs / 1000),
        up_latency_s: o.upLatencyMs === null ? null : round(o.upLatencyMs / 1000),
      })),
    },
    ceiling: {
      variant: ceiling.variant,
      concurrency: ceiling.concurrency,
      seconds: round(ceiling.seconds, 1),
      requests_per_s: round(ceiling.requestsPerSecond),
      cpu_s_per_1000_requests: round(ceilingCpuPer1000, 3),
      errors: ceiling.errors,
      targets_event_loop_utilization: round(m.ceiling.fleetEventLoopUtilization, 3),
      paced: { requests_per_s: round(paced.requestsPerSecond), cpu_s_per_1000_requests: round(pacedCpuPer1000, 3), max_in_flight: paced.concurrency, errors: paced.errors },
      trials: m.ceiling.trials.map((t) => ({ variant: t.variant, concurrency: t.concurrency, requests_per_s: round(t.requestsPerSecond), cpu_s_per_1000_requests: round((t.cpuSeconds / t.requests) * 1000, 3), errors: t.errors })),
    },
    comparison: {
      throughput_to_ceiling: round(completedPerS / ceiling.requestsPerSecond, 3),
      cpu_per_check_to_ceiling: round(cpuPer1000 / ceilingCpuPer1000, 2),
      cpu_per_check_to_paced_loop: round(cpuPer1000 / pacedCpuPer1000, 2),
    },
  };

  const ms = (x: number) => `${x} ms`;
  const lag = last.api.lag_ms;
  const summary: SummaryRow[] = [
    { figure: 'startup to "serving"', value: `${figures.startup.to_serving_s} s`, target: '< 5 s at 50k', meaning: 'process spawn to the serving line: config read, monitors stored, engine started, API listening' },
    { figure: 'startup to first check', value: `${figures.startup.to_first_check_s} s`, target: '', meaning: 'process spawn to the first request a target received (a check started)' },
    { figure: 'checks/s done vs asked', value: `${figures.throughput.completed_per_s} / ${figures.throughput.scheduled_per_s}`, target: 'equal', meaning: `regular checks completed per second over ${figures.throughput.window_s} s, against monitors ÷ interval` },
    { figure: 'missed slots', value: String(missed), target: '0', meaning: 'regular slots the scheduler skipped because the previous check of that monitor still ran' },
    { figure: 'failed regular checks', value: String(figures.throughput.failed_regular_checks), target: 'outages only', meaning: 'checks that did not pass; beyond the injected outages, a sign the machine or targets gave way' },
    { figure: 'lag p50 / p99 / max', value: `${ms(lag.p50)} / ${ms(lag.p99)} / ${ms(lag.max)}`, target: 'p99 < 250 ms', meaning: 'actual start minus planned slot, regular checks since start (histogram, ±3%)' },
    { figure: 'lag p99, last minute', value: ms(last.api.last_window.lag_ms.p99), target: '< 250 ms', meaning: 'the same over the run’s last minute: steady state, startup left behind (if the run is over a minute)' },
    { figure: 'lag p99, worst minute', value: ms(worstMinuteP99), target: '< 250 ms', meaning: 'the highest last-minute p99 seen at any poll during the run (the first minute holds startup)' },
    { figure: 'CPU per 1,000 checks', value: `${figures.resources.cpu_s_per_1000_checks} s`, target: '', meaning: 'upwatch utime+stime over the window ÷ checks completed (all phases) × 1000' },
    { figure: 'CPU cores used', value: String(figures.resources.cpu_cores_used), target: '', meaning: 'upwatch CPU seconds per wall second over the window' },
    { figure: 'peak RSS', value: `${figures.resources.peak_rss_mib} MiB`, target: '< 1024 MiB', meaning: 'VmHWM of the upwatch process: its largest resident set, startup included' },
    { figure: 'DB bytes per check', value: `${figures.database.bytes_per_check} B`, target: '', meaning: 'pages of the checks table(s) and indexes ÷ rows (SQLite dbstat, after shutdown)' },
    { figure: 'checks stored / completed', value: `${m.database.checkRows} / ${allChecks(last)}`, target: 'equal', meaning: 'rows in the checks table after shutdown ÷ checks completed per /api/stats: equal means no result was lost (a check ending between the last poll and the stop adds a row)' },
    { figure: 'DB growth per day', value: `${figures.database.growth_gib_per_day} GiB`, target: '', meaning: 'bytes per check × checks the schedule asks for in a day (no retention runs)' },
    {
      figure: 'down alert latency',
      value: downs.length === 0 ? 'none received' : `${downs.map((d) => `${round(d / 1000, 1)}`).join(', ')} s (${downs.length}/${m.outages.results.length})`,
      target: '',
      meaning: `target switched to 500 → down webhook received; floor ${CONFIRM_FLOOR_MS / 1000} s of confirmation (confirm: 3) plus the wait for the next check (up to one interval)`,
    },
    { figure: 'ceiling (plain undici)', value: `${figures.ceiling.requests_per_s} req/s`, target: '', meaning: `${ceiling.variant}, concurrency ${ceiling.concurrency}, fresh connection per GET, same targets and paths, ${figures.ceiling.seconds} s` },
    { figure: 'ceiling CPU per 1,000', value: `${figures.ceiling.cpu_s_per_1000_requests} s`, target: '', meaning: 'that loop process’s own CPU ÷ requests × 1000' },
    { figure: 'throughput ÷ ceiling', value: String(figures.comparison.throughput_to_ceiling), target: '', meaning: 'upwatch checks/s ÷ ceiling req/s: upwatch runs at the schedule’s rate, so this is the share of the ceiling the schedule uses' },
    { figure: 'CPU/check ÷ ceiling', value: `${figures.comparison.cpu_per_check_to_ceiling}×`, target: '≤ 2×', meaning: 'upwatch CPU per check ÷ the plain loop’s CPU per request' },
    { figure: 'paced loop CPU per 1,000', value: `${figures.ceiling.paced.cpu_s_per_1000_requests} s`, target: '', meaning: `a Client per GET (as the probe does) started at the schedule's ${round(scheduledPerS)}/s for ${round(paced.seconds, 1)} s: a loop woken per request pays more than a saturated one` },
    { figure: 'CPU/check ÷ paced loop', value: `${figures.comparison.cpu_per_check_to_paced_loop}×`, target: '', meaning: 'upwatch CPU per check ÷ that paced loop’s CPU per request: the same work at the same rate' },
    { figure: 'targets busy (run / ceiling)', value: `${figures.resources.targets_event_loop_utilization} / ${figures.ceiling.targets_event_loop_utilization}`, target: '', meaning: 'event-loop utilization of the target fleet: near 1 means the targets, not the client, set the pace' },
  ];

  const t0 = m.servingAt;
  const timeline = m.readings.map((r) => ({
    t_s: round((r.at - t0) / 1000, 1),
    regular_completed: r.api.checks.regular.completed,
    skipped_slots: r.api.scheduler.skipped_slots,
    running: r.api.scheduler.running,
    last_minute_lag_p99_ms: r.api.last_window.lag_ms.p99,
    cpu_s: r.proc ? round(r.proc.cpuSeconds) : null,
    rss_mib: r.proc ? round(r.proc.rssBytes / MIB, 1) : null,
    db_bytes: r.dbBytes,
  }));

  return { command: m.command, options: options.given, machine: m.machine, figures, summary, timeline };
}

/**
 * The summary as a plain-text table for the terminal.
 * @example console.log(formatSummary(report.summary));
 */
export function formatSummary(rows: SummaryRow[]): string {
  const header: SummaryRow = { figure: 'figure', value: 'value', target: 'target', meaning: 'meaning' };
  const all = [header, ...rows];
  const width = (key: keyof SummaryRow) => Math.max(...all.map((r) => r[key].length));
  const [f, v, t] = [width('figure'), width('value'), width('target')];
  const line = (r: SummaryRow) => `${r.figure.padEnd(f)}  ${r.value.padEnd(v)}  ${r.target.padEnd(t)}  ${r.meaning}`;
  return [line(header), `${'-'.repeat(f)}  ${'-'.repeat(v)}  ${'-'.repeat(t)}  ${'-'.repeat(7)}`, ...rows.map(line)].join('\n');
}
