import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, describe, test } from 'node:test';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { alertContent } from '../alert-content.js';
import type { PagerDutyConfig } from './pagerduty-config.js';
import { createPagerDutyNotifier } from './pagerduty-notifier.js';
import { pagerdutyEvent } from './pagerduty-payload.js';

const KEY = 'R0secretROUTINGkey0123456789abcd';
const PUBLIC_URL = 'https://upwatch.example.com';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** An Events API stand-in: records each request with its JSON body and answers with `answer`. */
async function eventsApi(answer: (res: ServerResponse, body: string) => void): Promise<HttpTarget & { received: Received[] }> {
  const received: Received[] = [];
  const target = await startHttpTarget((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      answer(res, text);
    });
  });
  return Object.assign(target, { received });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The notifier with its real delivery client, against a real local receiver. */
describe('pagerduty notifier', () => {
  const targets: HttpTarget[] = [];
  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });
  async function receiver(answer: (res: ServerResponse, body: string) => void) {
    const target = await eventsApi(answer);
    targets.push(target);
    return target;
  }
  const config = (url: string): PagerDutyConfig => ({ type: 'pagerduty', name: 'oncall', routingKey: KEY, url, timeoutMs: 2_000 });
  const context = { deliveryId: 9, attempt: 1, signal: new AbortController().signal };

  const monitor = aMonitor('m1', { name: 'api' });
  const down = aDelivery('alert-1', 'oncall', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
  const up = aDelivery('alert-2', 'oncall', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;

  test('a trigger then a resolve reach the Events API with one dedup_key', async () => {
    const api = await receiver((res, body) => json(res, 202, { status: 'success', message: 'Event processed', dedup_key: (JSON.parse(body) as { dedup_key: string }).dedup_key }));
    const notifier = createPagerDutyNotifier('oncall', config(`${api.url}/v2/enqueue`), { publicUrl: PUBLIC_URL });
    assert.equal(notifier.type, 'pagerduty');

    assert.deepEqual(await notifier.send(down, context), { ok: true, httpStatus: 202 });
    assert.deepEqual(await notifier.send(up, context), { ok: true, httpStatus: 202 });

    assert.equal(api.received.length, 2);
    for (const request of api.received) {
      assert.equal(request.method, 'POST');
      assert.equal(request.path, '/v2/enqueue');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers.authorization, undefined, 'the routing key in the body is the only credential');
    }
    const [trigger, resolve] = api.received.map((r) => r.body);
    assert.deepEqual(trigger, pagerdutyEvent(alertContent(down, { publicUrl: PUBLIC_URL }), down, { routingKey: KEY, publicUrl: PUBLIC_URL }));
    assert.equal(trigger?.event_action, 'trigger');
    assert.equal(resolve?.event_action, 'resolve');
    assert.equal(trigger?.dedup_key, 'inc-1');
    assert.equal(resolve?.dedup_key, trigger?.dedup_key);
    assert.equal(resolve?.routing_key, KEY);
  });

  test('a 400 (invalid event) is not retried, and the routing key does not appear in the error', async () => {
    const api = await receiver((res, body) =>
      json(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors: [`routing_key ${(JSON.parse(body) as { routing_key: string }).routing_key} is unknown`] }),
    );
    const result = await createPagerDutyNotifier('oncall', config(`${api.url}/v2/enqueue`), { publicUrl: null }).send(down, context);
    assert.ok(!result.ok && !result.retryable && result.httpStatus === 400);
    const error = !result.ok ? result.error : '';
    assert.match(error, /^receiver answered 400: .*Event object is invalid.*routing_key <routing_key> is unknown/);
    assert.ok(!error.includes(KEY) && !error.includes('secret'), error);
    assert.equal(api.received.length, 1);
  });

  test('a 429 and a 500 are retryable, as PagerDuty documents', async () => {
    const throttled = await receiver((res) => res.writeHead(429).end());
    const result = await createPagerDutyNotifier('oncall', config(`${throttled.url}/v2/enqueue`), { publicUrl: null }).send(down, context);
    assert.ok(!result.ok && result.retryable && result.httpStatus === 429);

    const broken = await receiver((res) => json(res, 500, { status: 'error', message: 'Internal Server Error' }));
    const failed = await createPagerDutyNotifier('oncall', config(`${broken.url}/v2/enqueue`), { publicUrl: null }).send(down, context);
    assert.ok(!failed.ok && failed.retryable && failed.httpStatus === 500);
  });

  test('an up without an incident (a flapping spell that settled up) resolves the spell\'s alert', async () => {
    const api = await receiver((res) => json(res, 202, { status: 'success' }));
    const result = await createPagerDutyNotifier('oncall', config(`${api.url}/v2/enqueue`), { publicUrl: null }).send({ ...up, incident: null }, context);
    assert.deepEqual(result, { ok: true, httpStatus: 202 });
    assert.equal(api.received.length, 1);
    assert.equal(api.received[0]!.body.event_action, 'resolve');
    assert.equal(api.received[0]!.body.dedup_key, 'm1:flapping');
  });
});
