import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CeilingMessage, CeilingPlan, LoopRun } from './ceiling-loop.js';
import type { Fleet, FleetUsage } from './fleet.js';

const CEILING_LOOP = fileURLToPath(new URL('./ceiling-loop.ts', import.meta.url));

export interface CeilingResult {
  trials: LoopRun[];
  best: LoopRun;
  /** A Client per request, paced at the schedule's rate (concurrency = the most in flight). */
  paced: LoopRun;
  /** The targets' own load while the best loop ran: near 1 means the targets, not the client, set the ceiling. */
  fleetEventLoopUtilization: number;
}

/**
 * Runs the plain undici loop (ceiling-loop.ts) in a child process against the fleet, and reads
 * the fleet's load over the measured span.
 * @example const ceiling = await measureCeiling(fleet, { monitors: 1000, seconds: 20 });
 */
export async function measureCeiling(fleet: Fleet, options: { monitors: number; seconds: number; pacedRate: number }): Promise<CeilingResult> {
  const plan: CeilingPlan = {
    targets: fleet.targets,
    monitors: options.monitors,
    trialSeconds: 2,
    seconds: options.seconds,
    concurrencies: [16, 64, 256, 512],
    pacedRate: options.pacedRate,
    pacedSeconds: Math.min(options.seconds, 10),
  };
  const child = fork(CEILING_LOOP, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // The fleet's load is read around the best loop's run only, not the trials or the paced run.
  let fleetBefore: Promise<FleetUsage> | null = null;
  let fleetAfter: Promise<FleetUsage> | null = null;
  const result = await new Promise<Extract<CeilingMessage, { type: 'result' }>>((resolve, reject) => {
    child.on('message', (message: CeilingMessage) => {
      if (message.type === 'measuring') fleetBefore = fleet.usage();
      else if (message.type === 'measured') fleetAfter = fleet.usage();
      else resolve(message);
    });
    child.once('exit', (code) => reject(new Error(`the ceiling loop exited with ${code} before it reported`)));
    child.send(plan);
  });
  const [before, after] = [await fleetBefore!, await fleetAfter!];
  const active = after.eluActiveMs - before.eluActiveMs;
  const idle = after.eluIdleMs - before.eluIdleMs;
  return { trials: result.trials, best: result.best, paced: result.paced, fleetEventLoopUtilization: active / (active + idle) };
}
