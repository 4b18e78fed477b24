import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServeProcess, type ServeProcess } from '../../src/test-support/serve-process.js';
import { startHttpTarget, type HttpTarget } from '../../src/test-support/targets.js';
import { startWebhookReceiver } from '../../src/test-support/webhook-receiver.js';

/**
 * The product end to end, in real time: `upwatch serve` as a real process with a YAML config, a
 * real target that fails, and a real webhook receiver. A blip alerts nobody; an outage gives one
 * explained "down" and one "up", in order, exactly once, across a restart in the middle.
 */

let dir: string;
let target: HttpTarget;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let server: ServeProcess | undefined;
let token: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-e2e-'));
  target = await startHttpTarget('ok');
  receiver = await startWebhookReceiver();
  writeFileSync(
    join(dir, 'upwatch.yml'),
    [
      'monitors:',
      '  - name: api',
      `    url: ${target.url}/health`,
      '    interval: 2s',
      '    timeout: 2s',
      '    confirm: 2',
      '    notify: [ops]',
      'notifiers:',
      '  ops:',
      '    type: webhook',
      '    url: ${HOOK_URL}',
      '',
    ].join('\n'),
  );
});

after(async () => {
  await server?.stop('SIGKILL');
  await target.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

const serve = () => startServeProcess(['--config', join(dir, 'upwatch.yml'), '--data', join(dir, 'data')], { HOOK_URL: receiver.url });

async function api(path: string): Promise<any> {
  const res = await fetch(`${server!.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server?.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a blip alerts nobody; an outage alerts down and up once each, across a restart', { timeout: 120_000 }, async () => {
  server = await serve();
  assert.ok(server.token, 'the first start prints an API token');
  token = server.token!;

  await until('the monitor to be up', async () => (await api('/api/monitors/api')).state.status === 'up');

  // A blip: one 500, then fine again. The confirmation re-check passes; nobody is alerted.
  let blipped = false;
  target.set((_req, res) => {
    if (!blipped) {
      blipped = true;
      res.writeHead(500).end();
    } else res.writeHead(200).end('ok');
  });
  const transient = await until('the blip to be stored as transient', async () => {
    const { checks } = await api('/api/monitors/api/checks?limit=20');
    return checks.find((c: any) => !c.ok && c.transient);
  });
  assert.equal(transient.kind, 'http_500');
  assert.equal(receiver.received.length, 0, 'a single failed check sends no alert');

  // A real outage, with the request id in a JSON error body as error handlers send it.
  target.set({ status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":"Internal Server Error","requestId":"srv-req-42"}' });
  const outageAt = Date.now();
  const down = (await receiver.waitFor(1, 30_000))[0]!;
  assert.equal(down.body.event, 'down');
  assert.equal(down.body.monitor.name, 'api');
  assert.equal(down.body.monitor.url, `${target.url}/health`);
  assert.equal(down.body.check.kind, 'http_500');
  assert.equal(down.body.check.status, 500);
  assert.equal(down.body.check.response_request_id, 'srv-req-42');
  assert.match(down.body.check.request_id, /^[0-9a-f-]{36}$/);
  assert.match(down.body.explanation, /unhandled/i);
  assert.equal(down.body.incident.resolved_at, null);
  // The incident starts at the first failed check, before the confirmation that sent the alert.
  assert.ok(Date.parse(down.body.incident.started_at) < Date.parse(down.body.at));
  assert.ok(Date.parse(down.body.incident.started_at) >= outageAt - 50);

  // Restart while down: the state survives, so there is no second "down".
  assert.equal(await server.stop('SIGTERM'), 0, 'graceful shutdown exits 0');
  server = await serve();
  assert.equal(server.token, undefined, 'the token is printed on the first start only');
  await until('checks after the restart', async () => {
    const { checks } = await api('/api/monitors/api/checks?limit=50');
    return checks.filter((c: any) => Date.parse(c.at) > Date.now() - 3_000).length >= 2;
  });
  assert.equal((await api('/api/monitors/api')).state.status, 'down');
  assert.equal(receiver.received.length, 1, 'no second down alert after a restart');

  target.set('ok');
  const up = (await receiver.waitFor(2, 30_000))[1]!;
  assert.equal(up.body.event, 'up');
  assert.equal(up.body.incident.id, down.body.incident.id);
  assert.ok(up.body.incident.resolved_at);
  assert.ok(up.body.incident.duration_s >= 1);
  assert.match(up.body.explanation, /Recovered/);

  const { incidents } = await api('/api/incidents');
  assert.equal(incidents.length, 1);
  assert.equal(incidents[0].open, false);

  // Nothing more arrives: each alert exactly once, in order.
  await new Promise((r) => setTimeout(r, 3_000));
  assert.deepEqual(receiver.received.map((h) => h.body.event), ['down', 'up']);
  assert.notEqual(receiver.received[0]!.headers['x-upwatch-delivery'], receiver.received[1]!.headers['x-upwatch-delivery']);

  assert.equal(await server.stop('SIGTERM'), 0);
  server = undefined;
});
