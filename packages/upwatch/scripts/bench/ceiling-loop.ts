/**
 * The ceiling: the fastest plain undici loop doing what a check does at its core (a GET on a fresh
 * connection, body read, connection gone) against the same targets and paths as the monitors.
 * Runs in its own process, started by ceiling.ts, so process.cpuUsage() is this loop's alone.
 *
 * A few short trials pick the client style and concurrency; the best one then runs for the
 * measured span. Then the probe-like style runs paced at the schedule's rate, for CPU per request
 * at the same rate as upwatch.
 */
import { performance } from 'node:perf_hooks';
import { Agent, Client, request } from 'undici';

export interface CeilingPlan {
  targets: string[];
  monitors: number;
  trialSeconds: number;
  seconds: number;
  concurrencies: number[];
  /** Also run the probe-like loop paced at this many requests a second: CPU per request at upwatch's own rate. */
  pacedRate: number;
  pacedSeconds: number;
}

export interface LoopRun {
  variant: Variant;
  concurrency: number;
  seconds: number;
  requests: number;
  errors: Record<string, number>;
  requestsPerSecond: number;
  cpuSeconds: number;
}

export type CeilingMessage = { type: 'measuring' } | { type: 'measured' } | { type: 'result'; trials: LoopRun[]; best: LoopRun; paced: LoopRun };

type Variant = keyof typeof VARIANTS;

/** Without keep-alive: undici closes each connection after its response (the targets do too). */
const noKeepAlive = new Agent({ pipelining: 0 });

const VARIANTS = {
  /** What upwatch's probe does: a Client per request, destroyed once the body is read. */
  'client-per-request': async (origin: string, path: string) => {
    const client = new Client(origin);
    try {
      const res = await client.request({ path, method: 'GET' });
      await res.body.text();
    } finally {
      await client.destroy();
    }
  },
  /** One shared Agent that keeps no connection alive: the least client-side work per request. */
  'agent-no-keepalive': async (origin: string, path: string) => {
    const res = await request(origin + path, { dispatcher: noKeepAlive, reset: true });
    await res.body.text();
  },
};

async function runLoop(plan: CeilingPlan, variant: Variant, concurrency: number, seconds: number): Promise<LoopRun> {
  const get = VARIANTS[variant];
  const errors: Record<string, number> = {};
  let requests = 0;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const monitor = next++ % plan.monitors;
      try {
        await get(plan.targets[monitor % plan.targets.length]!, `/m/${monitor}`);
        requests++;
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'error';
        errors[code] = (errors[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { variant, concurrency, seconds: elapsed, requests, errors, requestsPerSecond: requests / elapsed, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/**
 * The same GETs started at a steady rate rather than as fast as possible: a loop that is busy all
 * the time batches its work and pays less per request than one that wakes up for each, as upwatch does.
 */
async function runPaced(plan: CeilingPlan, variant: Variant, rate: number, seconds: number): Promise<LoopRun> {
  const get = VARIANTS[variant];
  const errors: Record<string, number> = {};
  let requests = 0;
  let launched = 0;
  let maxInFlight = 0;
  const inFlight = new Set<Promise<void>>();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const launch = () => {
    const monitor = launched++ % plan.monitors;
    const p: Promise<void> = get(plan.targets[monitor % plan.targets.length]!, `/m/${monitor}`).then(
      () => void requests++,
      (err: { code?: string }) => void (errors[err.code ?? 'error'] = (errors[err.code ?? 'error'] ?? 0) + 1),
    );
    inFlight.add(p);
    maxInFlight = Math.max(maxInFlight, inFlight.size);
    void p.then(() => inFlight.delete(p));
  };
  await new Promise<void>((resolve) => {
    // A 10 ms tick launches whatever the rate owes by now, as a scheduler's timer would.
    const tick = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= seconds) {
        clearInterval(tick);
        resolve();
        return;
      }
      while (launched < elapsed * rate) launch();
    }, 10);
  });
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { variant, concurrency: maxInFlight, seconds: elapsed, requests, errors, requestsPerSecond: requests / elapsed, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

process.once('message', async (plan: CeilingPlan) => {
  const trials: LoopRun[] = [];
  for (const variant of Object.keys(VARIANTS) as Variant[]) {
    for (const concurrency of plan.concurrencies) trials.push(await runLoop(plan, variant, concurrency, plan.trialSeconds));
  }
  const pick = trials.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  process.send!({ type: 'measuring' } satisfies CeilingMessage);
  const best = await runLoop(plan, pick.variant, pick.concurrency, plan.seconds);
  process.send!({ type: 'measured' } satisfies CeilingMessage);
  const paced = await runPaced(plan, 'client-per-request', plan.pacedRate, plan.pacedSeconds);
  process.send!({ type: 'result', trials, best, paced } satisfies CeilingMessage, () => process.exit(0));
});
