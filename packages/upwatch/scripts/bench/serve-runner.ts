import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { readProc, type ProcSample } from './proc-stats.js';

const BIN = fileURLToPath(new URL('../../bin/upwatch.js', import.meta.url));
/** Output kept for the report when something goes wrong: the tail is what explains it. */
const OUTPUT_KEPT = 64 * 1024;

/** GET /api/stats as upwatch answers it (see src/api/routes/stats-routes.ts). */
export interface ApiStats {
  since: string;
  at: string;
  checks: Record<'regular' | 'confirm', { completed: number; failed: number }>;
  lag_ms: LagMs;
  last_window: { window_s: number; checks: Record<'regular' | 'confirm', { completed: number; failed: number }>; lag_ms: LagMs };
  scheduler: { monitors: number; started: number; running: number; skipped_slots: number };
}
export interface LagMs {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** The process's counters and its /proc reading, taken together. */
export interface StatsReading {
  at: number;
  api: ApiStats;
  proc: ProcSample | null;
}

export interface UpwatchProcess {
  pid: number;
  url: string;
  token: string;
  spawnedAt: number;
  /** When the "serving" line reached us: config read, monitors stored, engine started, API listening. */
  servingAt: number;
  /** A /proc reading every second from the spawn on. */
  samples: ProcSample[];
  stats(): Promise<StatsReading>;
  /** SIGTERM, then waits for the exit: upwatch finishes or cancels checks and writes every result. */
  stop(): Promise<{ exitCode: number | null; stopMs: number }>;
  output(): string;
}

/**
 * Starts the built `upwatch serve` (as a user runs it) with a fresh data directory, samples it
 * from /proc every second, and waits for its "serving" line and first-start API token.
 * @example const upwatch = await startUpwatch({ configFile, dataDir, timeoutMs: 120_000 });
 */
export async function startUpwatch(options: { configFile: string; dataDir: string; timeoutMs: number; profileDir: string | null }): Promise<UpwatchProcess> {
  const spawnedAt = Date.now();
  const profile = options.profileDir === null ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`];
  const proc = spawn(process.execPath, [...profile, BIN, 'serve', '--config', options.configFile, '--data', options.dataDir, '--port', '0'], {
    env: { ...process.env, UPWATCH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = proc.pid!;
  const samples: ProcSample[] = [];
  const sample = () => {
    const s = readProc(pid);
    if (s) samples.push(s);
    return s;
  };
  sample();
  const sampler = setInterval(sample, 1_000);

  let out = '';
  let servingAt = 0;
  let url: string | undefined;
  let token: string | undefined;
  const onOutput = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-OUTPUT_KEPT);
    token ??= /API token \(shown once[^)]*\): (\S+)/.exec(out)?.[1];
    if (!url) {
      url = /serving (http:\/\/\S+)/.exec(out)?.[1];
      if (url) servingAt = Date.now();
    }
  };
  proc.stdout.on('data', onOutput);
  proc.stderr.on('data', onOutput);
  const exited = once(proc, 'exit');

  const deadline = spawnedAt + options.timeoutMs;
  while (!url) {
    if (proc.exitCode !== null) throw new Error(`upwatch serve exited with ${proc.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`upwatch serve did not start within ${options.timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!token) throw new Error(`upwatch serve printed no API token (the data directory must be new):\n${out}`);
  const servedUrl = url;
  const authorization = `Bearer ${token}`;

  return {
    pid,
    url: servedUrl,
    token,
    spawnedAt,
    servingAt,
    samples,
    async stats() {
      const res = await fetch(`${servedUrl}/api/stats`, { headers: { authorization } });
      if (!res.ok) throw new Error(`GET /api/stats answered ${res.status}: ${await res.text()}`);
      const api = (await res.json()) as ApiStats;
      return { at: Date.now(), api, proc: sample() };
    },
    async stop() {
      clearInterval(sampler);
      sample();
      const stoppingAt = Date.now();
      proc.kill('SIGTERM');
      const [exitCode] = (await exited) as [number | null];
      return { exitCode, stopMs: Date.now() - stoppingAt };
    },
    output: () => out,
  };
}
