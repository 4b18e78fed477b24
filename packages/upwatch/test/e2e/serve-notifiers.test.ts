import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { issueApiToken } from '../../src/api/api-tokens.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startHttpTarget, type HttpTarget } from '../../src/test-support/targets.js';
import { startWebhookReceiver, type ReceivedHook } from '../../src/test-support/webhook-receiver.js';

/**
 * A notifier made through the API, end to end in real time: a server without a config file, a
 * local target that fails on cue and a real webhook receiver. The alerts of a monitor that names
 * the notifier arrive, and still do after a restart (the running notifiers are rebuilt from the store).
 */

let dir: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let target: HttpTarget;
let server: RunningServer | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-api-notifier-'));
  receiver = await startWebhookReceiver();
  target = await startHttpTarget('ok');
});

after(async () => {
  await server?.stop();
  await receiver.close();
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

const serve = () =>
  startServer({ dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }), print: () => undefined });

/** The first hook of this event after the first `seen` ones. */
async function nextEvent(event: string, seen: number): Promise<ReceivedHook> {
  for (let count = seen + 1; ; count++) {
    const hook = (await receiver.waitFor(count, 15_000))[count - 1]!;
    if (hook.body.event === event) return hook;
  }
}

test('a monitor that goes down after its notifier was POSTed gets its alert delivered, also after a restart', { timeout: 90_000 }, async () => {
  server = await serve();
  const { token } = await issueApiToken(server.store, 'e2e', Date.now(), randomUUID);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${server!.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 201, await res.clone().text());
    return res.json();
  };

  await post('/api/notifiers', { name: 'hook', type: 'webhook', url: receiver.url, headers: { 'X-Team': 'shop' } });
  await post('/api/monitors', { name: 'shop', url: `${target.url}/health`, interval: '1s', confirm: 0, notify: ['hook'] });

  target.set(500);
  const down = await nextEvent('down', 0);
  assert.equal(down.body.monitor.name, 'shop');
  assert.equal(down.body.check.status, 500);
  assert.equal(down.headers['x-team'], 'shop', "the notifier's own settings are the ones used");
  target.set('ok');
  await nextEvent('up', receiver.received.indexOf(down) + 1);

  // The notifier lives in the store: a restart starts it again.
  await server.stop();
  server = await serve();
  const seen = receiver.received.length;
  target.set(503);
  const again = await nextEvent('down', seen);
  assert.equal(again.body.monitor.name, 'shop');
  assert.equal(again.body.check.status, 503);
  target.set('ok');
});
