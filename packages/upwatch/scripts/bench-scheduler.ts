/**
 * The scheduler's own cost, without any I/O: N monitors run for a simulated span under a manual
 * clock, each "check" resolving at once. Prints the CPU time per scheduled check (the manual
 * clock's bookkeeping included, so it is an upper bound) and the start-up cost of adding them.
 *
 *   node --import tsx packages/upwatch/scripts/bench-scheduler.ts [--monitors 50000] [--minutes 10]
 */
import { parseArgs } from 'node:util';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { ManualClock } from '../src/test-support/manual-clock.js';

const { values } = parseArgs({ options: { monitors: { type: 'string', default: '50000' }, minutes: { type: 'string', default: '10' } } });
const monitors = Number(values.monitors);
const spanMs = Number(values.minutes) * 60_000;

const clock = new ManualClock();
let checks = 0;
const scheduler = new Scheduler({
  clock,
  run: async () => {
    checks++;
    return { type: 'regular' };
  },
});
const setupStart = process.cpuUsage();
for (let i = 0; i < monitors; i++) scheduler.upsert(`monitor-${i}`, 60_000);
const setupMs = cpuMs(process.cpuUsage(setupStart));
scheduler.start();
const runStart = process.cpuUsage();
// One-second steps, as the real timer would fire about once per distinct due time.
for (let t = 0; t < spanMs; t += 1_000) await clock.advance(1_000);
const runMs = cpuMs(process.cpuUsage(runStart));
await scheduler.stop();

console.log(JSON.stringify({ monitors, simulated_minutes: spanMs / 60_000, checks, setup_cpu_ms: round(setupMs), run_cpu_ms: round(runMs), cpu_us_per_check: round((runMs * 1000) / checks) }));
console.log(`${monitors} monitors: ${checks} checks scheduled in ${spanMs / 60_000} simulated minutes; ${round((runMs * 1000) / checks)} µs of CPU per check for scheduling (includes the test clock's own bookkeeping); setup ${round(setupMs)} ms`);

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}
function round(x: number): number {
  return Math.round(x * 100) / 100;
}
