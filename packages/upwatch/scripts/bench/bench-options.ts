import { parseArgs } from 'node:util';
import { parseDuration } from '../../src/core/duration.js';

export interface BenchOptions {
  monitors: number;
  intervalMs: number;
  durationMs: number;
  outages: number;
  targets: number;
  out: string;
  ceilingSeconds: number;
  /** Where the upwatch process writes a V8 CPU profile (--cpu-prof) when it stops; none when null. */
  profileDir: string | null;
  /** The options as given, for the report. */
  given: Record<string, string | undefined>;
}

/**
 * Connections one target (one source address, one destination address and port) may take per
 * minute: well under the 28,000 ephemeral ports of Linux's default range, since closed connections
 * hold their tuple for 60 s in TIME_WAIT.
 */
const CONNECTIONS_PER_TARGET_MINUTE = 10_000;
const MIN_TARGETS = 16;

/**
 * Reads `npm run bench` options; a wrong one stops the bench with a line that names it.
 * @example parseBenchOptions(['--monitors', '2000', '--interval', '10s'])
 */
export function parseBenchOptions(argv: string[], today = new Date()): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      monitors: { type: 'string', default: '1000' },
      interval: { type: 'string', default: '60s' },
      duration: { type: 'string', default: '2m' },
      outages: { type: 'string', default: '3' },
      targets: { type: 'string' },
      out: { type: 'string' },
      'ceiling-seconds': { type: 'string', default: '20' },
      profile: { type: 'string' },
    },
  });
  const monitors = count(values.monitors, '--monitors', 1);
  const intervalMs = duration(values.interval, '--interval');
  const durationMs = duration(values.duration, '--duration');
  const outages = count(values.outages, '--outages', 0);
  if (outages > monitors) fail(`--outages (${outages}) cannot exceed --monitors (${monitors})`);
  const perMinute = (monitors * 60_000) / intervalMs;
  const targets = values.targets === undefined ? Math.max(MIN_TARGETS, Math.ceil(perMinute / CONNECTIONS_PER_TARGET_MINUTE)) : count(values.targets, '--targets', 1);
  if (targets > 250) fail('--targets must be at most 250 (one loopback address each, 127.0.0.2 to 127.0.0.251)');
  const stamp = today.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return {
    monitors,
    intervalMs,
    durationMs,
    outages,
    targets,
    out: values.out ?? `bench-results/bench-${stamp}.json`,
    ceilingSeconds: count(values['ceiling-seconds'], '--ceiling-seconds', 1),
    profileDir: values.profile ?? null,
    given: { ...values },
  };
}

function count(text: string, name: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) fail(`${name} must be a whole number of at least ${min}, not "${text}"`);
  return n;
}

function duration(text: string, name: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) fail(`${name} must be a duration such as 60s or 2m, not "${text}"`);
  return ms;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}
