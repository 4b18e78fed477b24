import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { startServer, type RunningServer } from '../../src/server.js';
import { startWebhookReceiver, type ReceivedHook } from '../../src/test-support/webhook-receiver.js';

/**
 * Heartbeat monitors end to end, in real time: a server with a YAML config, a job that pings its
 * URL with plain HTTP as curl would, and a real webhook receiver. Silence past the grace time, a
 * /fail and a run longer than max_runtime each open an incident with their own kind; a ping ends it.
 */

let dir: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let server: RunningServer | undefined;
let printed: string[] = [];
const logLines: string[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-heartbeat-'));
  receiver = await startWebhookReceiver();
  writeFileSync(
    join(dir, 'upwatch.yml'),
    [
      'monitors:',
      '  - name: backup',
      '    type: heartbeat',
      '    token: backup-token-1',
      '    every: 2s',
      '    grace: 1s',
      '    max_runtime: 1500ms',
      '    interval: 1s',
      '    notify: [ops]',
      '  - name: worker',
      '    type: heartbeat',
      '    every: 1h',
      'notifiers:',
      '  ops:',
      '    type: webhook',
      `    url: ${receiver.url}`,
      '',
    ].join('\n'),
  );
});

after(async () => {
  await server?.stop();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(): Promise<RunningServer> {
  printed = [];
  return startServer({
    configFile: join(dir, 'upwatch.yml'),
    dataDir: join(dir, 'data'),
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
    print: (line) => printed.push(line),
  });
}

const ping = (path: string, init: RequestInit = {}) => fetch(`${server!.url}/ping/${path}`, init);

async function nextHook(count: number): Promise<ReceivedHook> {
  return (await receiver.waitFor(count, 15_000))[count - 1]!;
}

test('a heartbeat that goes silent, fails or overruns alerts with its own kind; a ping recovers it', { timeout: 90_000 }, async () => {
  server = await serve();
  const token = printed.find((line) => line.startsWith('API token'))!.split(': ')[1]!.split(' ')[0]!;
  const api = async (path: string) => (await fetch(`${server!.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;

  // A copy-paste command per heartbeat; a generated token for the one without.
  const backupLine = printed.find((line) => line.includes('"backup"'));
  assert.equal(backupLine, `heartbeat "backup": curl -fsS -m 10 --retry 5 -o /dev/null ${server.url}/ping/backup-token-1`);
  const workerToken = /\/ping\/([A-Za-z0-9_-]{22})$/.exec(printed.find((line) => line.includes('"worker"')) ?? '')?.[1];
  assert.ok(workerToken, printed.join('\n'));

  // No login needed; any method a cron job uses; an unknown token is a 404.
  assert.equal((await ping('backup-token-1')).status, 200);
  assert.equal(await (await ping('backup-token-1', { method: 'POST', body: 'done' })).text(), 'OK\n');
  assert.equal((await ping('no-such-token')).status, 404);

  // Silence: down once the period and grace have passed (2 s + 1 s), judged every second.
  const lastPing = Date.now();
  const late = await nextHook(1);
  assert.equal(late.body.event, 'down');
  assert.equal(late.body.monitor.name, 'backup');
  assert.equal(late.body.monitor.type, 'heartbeat');
  assert.equal(late.body.check.kind, 'heartbeat_late');
  assert.match(late.body.check.error, /no ping since .* \(every 2s, grace 1s\)/);
  assert.match(late.body.explanation, /did not ping within its schedule/);
  // The token is the job's secret: alerts go to chat rooms and incident tools, logs to log stores.
  assert.ok(!JSON.stringify(late.body).includes('backup-token-1'), 'no ping token in an alert');
  const lateBy = late.at - lastPing;
  assert.ok(lateBy >= 3_000, `not before the deadline (${lateBy} ms)`);
  assert.ok(lateBy < 8_000, `soon after the deadline (${lateBy} ms)`);

  // A ping is judged at once: the recovery does not wait for the next interval.
  await ping('backup-token-1');
  assert.equal((await nextHook(2)).body.event, 'up');

  // The job says it failed, with its message.
  assert.equal((await ping('backup-token-1/fail', { method: 'POST', body: 'pg_dump: No space left on device' })).status, 200);
  const failed = await nextHook(3);
  assert.equal(failed.body.check.kind, 'heartbeat_failed');
  assert.match(failed.body.check.error, /pg_dump: No space left on device/);
  await ping('backup-token-1?msg=retried%20by%20hand');
  assert.equal((await nextHook(4)).body.event, 'up');

  // A run that starts and does not finish within max_runtime.
  await ping('backup-token-1/start');
  const overrun = await nextHook(5);
  assert.equal(overrun.body.check.kind, 'heartbeat_overrun');
  assert.match(overrun.body.check.error, /not finished after .* \(max_runtime 1500ms\)/);
  await ping('backup-token-1');
  assert.equal((await nextHook(6)).body.event, 'up');

  // The history keeps messages and run durations.
  const { pings } = await api('/api/monitors/backup/pings?limit=5');
  assert.equal(pings[0].kind, 'success');
  assert.ok(pings[0].duration_ms >= 1_500, `the run lasted from /start to the ping (${pings[0].duration_ms} ms)`);
  assert.equal(pings[1].kind, 'start');
  assert.equal(pings.find((p: any) => p.kind === 'fail').message, 'pg_dump: No space left on device');
  const monitor = await api('/api/monitors/backup');
  assert.equal(monitor.type, 'heartbeat');
  assert.equal(monitor.token, 'backup-token-1');
  assert.match(monitor.target, /^heartbeat every 2s, grace 1s/);

  assert.ok(logLines.some((line) => line.includes('"/ping/:token"')), 'pings are logged by their route');
  assert.deepEqual(logLines.filter((line) => line.includes('backup-token-1')), [], 'no ping token in the logs');

  // A restart keeps the generated token: the job's command still works.
  await server.stop();
  server = await serve();
  assert.ok(printed.some((line) => line.endsWith(`/ping/${workerToken}`)), printed.join('\n'));
  assert.equal((await ping(workerToken!)).status, 200);
  await server.stop();
  server = undefined;
});
