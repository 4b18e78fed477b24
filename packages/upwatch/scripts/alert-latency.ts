/**
 * Measures alert latency: from the moment an outage starts to the moment the "down" webhook is
 * received, with a real `upwatch serve` process, real local targets and a real webhook receiver.
 *
 *   npm run measure:alert-latency -- [--monitors 10] [--intervals 60s,5s]
 *
 * Each interval gets its own group of monitors (defaults: confirm 3, i.e. re-checks after 1 s, 2 s
 * and 4 s); all targets start failing at the same instant. Since each monitor has its own phase,
 * the group shows the whole spread: an outage that begins just before a check is alerted in about
 * 7 s, one that begins just after waits one interval more.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration } from '../src/core/duration.js';
import { startServeProcess } from '../src/test-support/serve-process.js';
import { startHttpTarget, type HttpTarget } from '../src/test-support/targets.js';
import { startWebhookReceiver } from '../src/test-support/webhook-receiver.js';

const { values } = parseArgs({
  options: { monitors: { type: 'string', default: '10' }, intervals: { type: 'string', default: '60s,5s' } },
});
const perGroup = Number(values.monitors);
const intervals = values.intervals.split(',').map((s) => s.trim());

const dir = mkdtempSync(join(tmpdir(), 'upwatch-latency-'));
const receiver = await startWebhookReceiver();
const targets: Array<{ name: string; interval: string; target: HttpTarget }> = [];
for (const interval of intervals) {
  for (let i = 0; i < perGroup; i++) targets.push({ name: `every-${interval}-${i}`, interval, target: await startHttpTarget('ok') });
}
const yaml = [
  'monitors:',
  ...targets.flatMap(({ name, interval, target }) => [`  - name: ${name}`, `    url: ${target.url}/`, `    interval: ${interval}`, '    notify: [hook]']),
  'notifiers:',
  '  hook: { type: webhook, url: "' + receiver.url + '" }',
  '',
].join('\n');
writeFileSync(join(dir, 'upwatch.yml'), yaml);

const server = await startServeProcess(['--config', join(dir, 'upwatch.yml'), '--data', join(dir, 'data')], { UPWATCH_LOG_LEVEL: 'warn' });
const longest = Math.max(...intervals.map((i) => parseDuration(i) ?? 0));
// Let every monitor see one good check first, so the outage finds them all "up".
await new Promise((r) => setTimeout(r, longest + 1_000));

const outageAt = Date.now();
for (const { target } of targets) target.set(500);
const waitMs = longest + 30_000;
try {
  await receiver.waitFor(targets.length, waitMs);
} catch (err) {
  console.error(String(err));
}

const report: Record<string, { count: number; min_s: number; p50_s: number; mean_s: number; max_s: number }> = {};
for (const interval of intervals) {
  const latencies = receiver.received
    .filter((h) => h.body.event === 'down' && String(h.body.monitor.name).startsWith(`every-${interval}-`))
    .map((h) => (h.at - outageAt) / 1000)
    .sort((a, b) => a - b);
  const sum = latencies.reduce((a, b) => a + b, 0);
  const round = (x: number) => Math.round(x * 100) / 100;
  report[interval] = {
    count: latencies.length,
    min_s: round(latencies[0] ?? NaN),
    p50_s: round(latencies[Math.floor(latencies.length / 2)] ?? NaN),
    mean_s: round(sum / latencies.length),
    max_s: round(latencies[latencies.length - 1] ?? NaN),
  };
}
console.log(JSON.stringify({ monitors_per_interval: perGroup, confirm: 3, report }, null, 2));
for (const [interval, r] of Object.entries(report)) {
  console.log(`interval ${interval}: ${r.count} down alerts; outage start → webhook received: min ${r.min_s}s, median ${r.p50_s}s, mean ${r.mean_s}s, max ${r.max_s}s`);
}

await server.stop('SIGTERM');
for (const { target } of targets) await target.close();
await receiver.close();
rmSync(dir, { recursive: true, force: true });
