/**
 * The benchmark: a real `upwatch serve` with N HTTP monitors against a fleet of local targets,
 * then, on the same machine, the fastest plain undici loop against the same targets (the ceiling).
 * Writes one JSON report and prints a summary table.
 *
 *   npm run bench -- [--monitors 1000] [--interval 60s] [--duration 2m] [--outages 3]
 *                    [--targets T] [--out FILE] [--ceiling-seconds 20]
 *
 * Run one bench at a time on a machine, and mind what else runs there: the load average at the
 * start and end goes into the report for that reason.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startWebhookReceiver } from '../../src/test-support/webhook-receiver.js';
import { writeBenchConfig } from './bench-config.js';
import { parseBenchOptions } from './bench-options.js';
import { buildReport, formatSummary, type BenchMeasurements } from './bench-report.js';
import { measureCeiling } from './ceiling.js';
import { databaseFileBytes, readDatabaseFacts } from './database-facts.js';
import { startFleet } from './fleet.js';
import { injectOutages, planOutages } from './outages.js';
import { startUpwatch, type UpwatchProcess } from './serve-runner.js';

/** How often the run reads /api/stats: often enough for a per-minute view, rare enough to cost upwatch nothing. */
const POLL_MS = 5_000;

const args = process.argv.slice(2);
const options = parseBenchOptions(args);
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cpus = os.cpus();
const machine = {
  cpus: cpus.length,
  cpu_model: cpus[0]?.model ?? 'unknown',
  total_memory_gib: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
  node: process.version,
  os: `${os.type()} ${os.release()}`,
  load_average_at_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
  load_average_at_end: [] as number[],
};

const dir = mkdtempSync(join(os.tmpdir(), 'upwatch-bench-'));
const dataDir = join(dir, 'data');
const fleet = await startFleet(options.targets);
const receiver = await startWebhookReceiver();
let upwatch: UpwatchProcess | undefined;
try {
  const planned = planOutages({ count: options.outages, monitors: options.monitors, intervalMs: options.intervalMs, durationMs: options.durationMs });
  if (!planned.fitsInRun && options.outages > 0) {
    progress(`the run is too short for outages to be alerted before it ends (needs about 2 intervals + 17 s): their latency may be missing`);
  }
  const configFile = join(dir, 'upwatch.yml');
  writeBenchConfig(configFile, {
    monitors: options.monitors,
    intervalMs: options.intervalMs,
    urlOf: fleet.urlOf,
    alerting: new Set(planned.outages.map((o) => o.monitor)),
    webhookUrl: receiver.url,
  });
  progress(`${options.monitors} monitors every ${options.intervalMs / 1000} s over ${options.targets} targets (${fleet.targets[0]} …); running ${options.durationMs / 1000} s`);

  upwatch = await startUpwatch({ configFile, dataDir, timeoutMs: 300_000, profileDir: options.profileDir });
  const running = upwatch;
  progress(`serving after ${((running.servingAt - running.spawnedAt) / 1000).toFixed(2)} s`);
  const readings: BenchMeasurements['readings'] = [];
  const read = async () => {
    const reading = { ...(await running.stats()), dbBytes: databaseFileBytes(dataDir) };
    readings.push(reading);
    return reading;
  };
  const fleetAtStart = await fleet.usage();
  await read();
  const injector = injectOutages(planned.outages, fleet, receiver.received, running.servingAt);
  const endAt = running.servingAt + options.durationMs;
  while (Date.now() < endAt) {
    await sleep(Math.min(POLL_MS, endAt - Date.now()));
    const { api, proc } = await read();
    progress(
      `t=${Math.round((Date.now() - running.servingAt) / 1000)}s checks ${api.checks.regular.completed} (+${api.checks.confirm.completed} confirm), ` +
        `missed ${api.scheduler.skipped_slots}, running ${api.scheduler.running}, lag p99 last minute ${api.last_window.lag_ms.p99} ms, ` +
        `rss ${Math.round((proc?.rssBytes ?? 0) / 2 ** 20)} MiB`,
    );
  }
  const fleetAtEnd = await fleet.usage();
  injector.stop();
  const stop = await running.stop();
  progress(`stopped in ${(stop.stopMs / 1000).toFixed(2)} s (exit ${stop.exitCode}); reading the database`);
  const database = readDatabaseFacts(dataDir);

  progress(`ceiling: plain undici loop, a few trials, ${options.ceilingSeconds} s at the best, then paced at the schedule's rate`);
  const ceiling = await measureCeiling(fleet, { monitors: options.monitors, seconds: options.ceilingSeconds, pacedRate: (options.monitors * 1000) / options.intervalMs });
  machine.load_average_at_end = os.loadavg().map((x) => Math.round(x * 100) / 100);

  const report = buildReport({
    command: `npm run bench -- ${args.join(' ')}`.trim(),
    options,
    machine,
    spawnedAt: running.spawnedAt,
    servingAt: running.servingAt,
    firstRequestAt: fleetAtEnd.firstRequestAt,
    readings,
    samples: running.samples,
    fleetAtStart,
    fleetAtEnd,
    stop,
    database,
    outages: { fitsInRun: planned.fitsInRun, results: injector.results() },
    ceiling,
  });
  const out = resolve(options.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...report, upwatch_output_tail: running.output().replaceAll(running.token, '[API token]').slice(-4_000) }, null, 2)}\n`);

  console.log(`\n${report.command}`);
  console.log(`${machine.cpus} × ${machine.cpu_model}, ${machine.total_memory_gib} GiB, node ${machine.node}; load average ${machine.load_average_at_start.join(' ')} at start, ${machine.load_average_at_end.join(' ')} at end\n`);
  console.log(formatSummary(report.summary));
  console.log(`\nreport: ${out}`);
} finally {
  await upwatch?.stop().catch(() => undefined);
  await fleet.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
}
