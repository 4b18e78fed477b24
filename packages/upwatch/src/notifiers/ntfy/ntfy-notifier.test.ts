import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, describe, test } from 'node:test';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { alertContent } from '../alert-content.js';
import type { NtfyConfig } from './ntfy-config.js';
import { createNtfyNotifier } from './ntfy-notifier.js';
import { ntfyPayload } from './ntfy-payload.js';

const TOKEN = 'tk_s3cretntfytoken';
const PUBLIC_URL = 'https://upwatch.example.com';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** An ntfy server stand-in: records each request with its JSON body and answers with `answer`. */
async function ntfyServer(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<HttpTarget & { received: Received[] }> {
  const received: Received[] = [];
  const target = await startHttpTarget((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: JSON.parse(text) });
      answer(req, res, text);
    });
  });
  return Object.assign(target, { received });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The notifier with its real delivery client, against a real local receiver. */
describe('ntfy notifier', () => {
  const targets: HttpTarget[] = [];
  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });
  async function receiver(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
    const target = await ntfyServer(answer);
    targets.push(target);
    return target;
  }
  const config = (url: string, token: string | null = null): NtfyConfig => ({ type: 'ntfy', name: 'push', url, topic: 'ops-alerts', token, timeoutMs: 2_000 });
  const context = { deliveryId: 3, attempt: 1, signal: new AbortController().signal };

  const monitor = aMonitor('m1', { name: 'api' });
  const down = aDelivery('alert-1', 'push', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
  const up = aDelivery('alert-2', 'push', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;

  test('a down and an up alert: POST to the server root with the JSON message and the bearer token', async () => {
    const server = await receiver((_req, res) => json(res, 200, { id: 'abc', event: 'message', topic: 'ops-alerts' }));
    const notifier = createNtfyNotifier('push', config(server.url, TOKEN), { publicUrl: PUBLIC_URL });
    assert.equal(notifier.type, 'ntfy');

    assert.deepEqual(await notifier.send(down, context), { ok: true, httpStatus: 200 });
    assert.deepEqual(await notifier.send(up, context), { ok: true, httpStatus: 200 });

    assert.equal(server.received.length, 2);
    for (const request of server.received) {
      assert.equal(request.method, 'POST');
      assert.equal(request.path, '/', 'the root, not /ops-alerts: the topic is in the body');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    }
    assert.deepEqual(server.received[0]?.body, ntfyPayload(alertContent(down, { publicUrl: PUBLIC_URL }), 'ops-alerts'));
    assert.deepEqual(server.received[1]?.body, ntfyPayload(alertContent(up, { publicUrl: PUBLIC_URL }), 'ops-alerts'));
    assert.equal((server.received[0]?.body as { priority: number }).priority, 5);
    assert.equal((server.received[1]?.body as { priority: number }).priority, 3);
  });

  test('without a token, no Authorization header is sent', async () => {
    const server = await receiver((_req, res) => json(res, 200, { id: 'abc' }));
    await createNtfyNotifier('push', config(server.url), { publicUrl: null }).send(down, context);
    assert.equal(server.received[0]?.headers.authorization, undefined);
  });

  test('a 403 (no access to the topic) is not retried, and the token does not appear in the error', async () => {
    const server = await receiver((req, res) => json(res, 403, { code: 40301, http: 403, error: `forbidden for ${req.headers.authorization ?? ''}` }));
    const result = await createNtfyNotifier('push', config(server.url, TOKEN), { publicUrl: null }).send(down, context);
    assert.ok(!result.ok && !result.retryable && result.httpStatus === 403);
    const error = !result.ok ? result.error : '';
    assert.match(error, /^receiver answered 403: .*forbidden for Bearer <token>/);
    assert.ok(!error.includes(TOKEN) && !error.includes('s3cret'), error);
    assert.equal(server.received.length, 1);
  });

  test('a 429 (ntfy rate limit) and a 500 are retryable', async () => {
    const limited = await receiver((_req, res) => res.writeHead(429, { 'retry-after': '60' }).end('{"code":42901,"http":429,"error":"limit reached"}'));
    const result = await createNtfyNotifier('push', config(limited.url), { publicUrl: null }).send(down, context);
    assert.ok(!result.ok && result.retryable && result.httpStatus === 429);
    assert.equal(!result.ok && result.retryAfterMs, 60_000, 'Retry-After is passed on to the outbox');

    const broken = await receiver((_req, res) => res.writeHead(500).end('oops'));
    const failed = await createNtfyNotifier('push', config(broken.url), { publicUrl: null }).send(down, context);
    assert.ok(!failed.ok && failed.retryable && failed.httpStatus === 500);
  });
});
