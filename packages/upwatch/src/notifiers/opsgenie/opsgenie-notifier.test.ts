import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, describe, test } from 'node:test';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { alertContent } from '../alert-content.js';
import type { OpsgenieConfig } from './opsgenie-config.js';
import { createOpsgenieNotifier } from './opsgenie-notifier.js';
import { opsgenieRequest } from './opsgenie-payload.js';

const KEY = 'eb243592-s3cret-4ba2-a551-1afdf565c889';
const PUBLIC_URL = 'https://upwatch.example.com';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** An Alert API stand-in: records each request with its JSON body and answers with `answer`. */
async function alertApi(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpTarget & { received: Received[] }> {
  const received: Received[] = [];
  const target = await startHttpTarget((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      answer(req, res);
    });
  });
  return Object.assign(target, { received });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const accepted = (_req: IncomingMessage, res: ServerResponse) => json(res, 202, { result: 'Request will be processed', took: 0.1, requestId: '43a29c5c' });

/** The notifier with its real delivery client, against a real local receiver. */
describe('opsgenie notifier', () => {
  const targets: HttpTarget[] = [];
  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });
  async function receiver(answer: (req: IncomingMessage, res: ServerResponse) => void) {
    const target = await alertApi(answer);
    targets.push(target);
    return target;
  }
  const config = (url: string): OpsgenieConfig => ({ type: 'opsgenie', name: 'genie', apiKey: KEY, url, timeoutMs: 2_000 });
  const context = { deliveryId: 5, attempt: 1, signal: new AbortController().signal };

  const monitor = aMonitor('m1', { name: 'api' });
  const down = aDelivery('alert-1', 'genie', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
  const up = aDelivery('alert-2', 'genie', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;

  test('a down creates an alert and its up closes it by alias, with the GenieKey header', async () => {
    const api = await receiver(accepted);
    const notifier = createOpsgenieNotifier('genie', config(api.url), { publicUrl: PUBLIC_URL });
    assert.equal(notifier.type, 'opsgenie');

    assert.deepEqual(await notifier.send(down, context), { ok: true, httpStatus: 202 });
    assert.deepEqual(await notifier.send(up, context), { ok: true, httpStatus: 202 });

    assert.equal(api.received.length, 2);
    const [create, close] = api.received;
    for (const request of api.received) {
      assert.equal(request.method, 'POST');
      assert.equal(request.headers.authorization, `GenieKey ${KEY}`);
      assert.equal(request.headers['content-type'], 'application/json');
    }
    assert.equal(create?.path, '/v2/alerts');
    assert.deepEqual(create?.body, opsgenieRequest(alertContent(down, { publicUrl: PUBLIC_URL }), down)?.body);
    assert.equal(create?.body.alias, 'inc-1');
    assert.equal(close?.path, '/v2/alerts/inc-1/close?identifierType=alias');
    assert.deepEqual(close?.body, opsgenieRequest(alertContent(up, { publicUrl: PUBLIC_URL }), up)?.body);
  });

  test('a 401 (bad key) is not retried, and the key does not appear in the error', async () => {
    const api = await receiver((req, res) => json(res, 401, { message: `Key format is not valid: ${req.headers.authorization ?? ''}`, took: 0, requestId: 'r' }));
    const result = await createOpsgenieNotifier('genie', config(api.url), { publicUrl: null }).send(down, context);
    assert.ok(!result.ok && !result.retryable && result.httpStatus === 401);
    const error = !result.ok ? result.error : '';
    assert.match(error, /^receiver answered 401: .*Key format is not valid: GenieKey <api_key>/);
    assert.ok(!error.includes(KEY) && !error.includes('s3cret'), error);
    assert.equal(api.received.length, 1);
  });

  test('a 422 (invalid field) is not retried; a 429 and a 503 are', async () => {
    const invalid = await receiver((_req, res) => json(res, 422, { message: 'Request body is not processable', took: 0 }));
    const refused = await createOpsgenieNotifier('genie', config(invalid.url), { publicUrl: null }).send(down, context);
    assert.ok(!refused.ok && !refused.retryable && refused.httpStatus === 422);

    const limited = await receiver((_req, res) => json(res, 429, { message: 'You are making too many requests!' }));
    const throttled = await createOpsgenieNotifier('genie', config(limited.url), { publicUrl: null }).send(down, context);
    assert.ok(!throttled.ok && throttled.retryable && throttled.httpStatus === 429);

    const unavailable = await receiver((_req, res) => res.writeHead(503, { 'retry-after': '120' }).end());
    const failed = await createOpsgenieNotifier('genie', config(unavailable.url), { publicUrl: null }).send(down, context);
    assert.ok(!failed.ok && failed.retryable && failed.httpStatus === 503);
    assert.equal(!failed.ok && failed.retryAfterMs, 120_000);
  });

  test('an up without an incident (a flapping spell that settled up) closes the spell\'s alert', async () => {
    const api = await receiver(accepted);
    const result = await createOpsgenieNotifier('genie', config(api.url), { publicUrl: null }).send({ ...up, incident: null }, context);
    assert.deepEqual(result, { ok: true, httpStatus: 202 });
    assert.equal(api.received.length, 1);
    assert.equal((api.received[0] as { path: string }).path, '/v2/alerts/m1%3Aflapping/close?identifierType=alias');
  });
});
