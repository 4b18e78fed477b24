import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, describe, test } from 'node:test';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { alertContent } from '../alert-content.js';
import type { SendResult } from '../notifier.js';
import type { SlackConfig } from './slack-config.js';
import { createSlackNotifier } from './slack-notifier.js';
import { slackPayload } from './slack-payload.js';

/** The Slack notifier with its real delivery client, against a real local receiver standing in for hooks.slack.com. */
describe('slack notifier', () => {
  const targets: HttpTarget[] = [];
  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });

  const TOKEN = 'xoxTOKENsecret0123456789';
  const PATH = `/services/T0AAAAAAA/B0BBBBBBB/${TOKEN}`;
  const monitor = aMonitor('m1', { name: 'api' });
  const down = aDelivery('alert-1', 'team', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
  const up = aDelivery('alert-2', 'team', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;
  const context = (deliveryId: number) => ({ deliveryId, attempt: 1, signal: new AbortController().signal });

  interface Received {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: unknown;
  }

  /** A receiver that records each request with its parsed JSON body, then answers as told. */
  async function slack(answer: (res: ServerResponse, req: IncomingMessage) => void) {
    const received: Received[] = [];
    const target = await startHttpTarget((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        answer(res, req);
      });
    });
    targets.push(target);
    const config: SlackConfig = { type: 'slack', name: 'team', url: `${target.url}${PATH}`, timeoutMs: 2_000 };
    return { target, received, config };
  }

  const noSecretIn = (result: SendResult) => {
    assert.ok(!result.ok);
    assert.ok(!result.error.includes(TOKEN) && !result.error.includes('B0BBBBBBB'), `secret in: ${result.error}`);
  };

  test('a down and then an up alert are POSTed as Block Kit JSON to the webhook URL', async () => {
    const { received, config } = await slack((res) => res.writeHead(200, { 'content-type': 'text/html' }).end('ok'));
    const notifier = createSlackNotifier('team', config, { publicUrl: 'https://upwatch.example.com' });
    assert.equal(notifier.type, 'slack');
    assert.equal(notifier.name, 'team');

    assert.deepEqual(await notifier.send(down, context(1)), { ok: true, httpStatus: 200 });
    assert.deepEqual(await notifier.send(up, context(2)), { ok: true, httpStatus: 200 });

    assert.equal(received.length, 2);
    for (const request of received) {
      assert.equal(request.method, 'POST');
      assert.equal(request.url, PATH);
      assert.equal(request.headers['content-type'], 'application/json; charset=utf-8');
      assert.match(request.headers['user-agent'] ?? '', /^upwatch\//);
    }
    assert.equal(received[0]!.headers['idempotency-key'], 'alert-1:team');
    assert.deepEqual(received[0]!.body, slackPayload(alertContent(down, { publicUrl: 'https://upwatch.example.com' }), down));
    assert.deepEqual(received[1]!.body, slackPayload(alertContent(up, { publicUrl: 'https://upwatch.example.com' }), up));
    const [downBody, upBody] = received.map((r) => r.body as { text: string });
    assert.equal(downBody!.text, 'api is DOWN: HTTP 503: the service is unavailable');
    assert.equal(upBody!.text, 'api is UP again after 10m');
  });

  test('a 4xx from Slack (invalid_payload, channel_not_found) is final: not retried, not retryable', async () => {
    for (const [status, reason] of [
      [400, 'invalid_payload'],
      [404, 'channel_not_found'],
      [410, 'channel_is_archived'],
    ] as const) {
      const { received, config } = await slack((res) => res.writeHead(status).end(reason));
      const result = await createSlackNotifier('team', config, { publicUrl: null }).send(down, context(3));
      assert.deepEqual(result, { ok: false, retryable: false, httpStatus: status, error: `receiver answered ${status}: ${reason}` });
      assert.equal(received.length, 1, `${status} sent once`);
    }
  });

  test('a 429 is retryable and passes on Slack\'s Retry-After; a 500 is retried once at once, then left to the outbox', async () => {
    const limited = await slack((res) => res.writeHead(429, { 'retry-after': '120' }).end('rate_limited'));
    const throttled = await createSlackNotifier('team', limited.config, { publicUrl: null }).send(down, context(4));
    assert.deepEqual(throttled, { ok: false, retryable: true, httpStatus: 429, error: 'receiver answered 429: rate_limited', retryAfterMs: 120_000 });
    assert.equal(limited.received.length, 1, 'a wait longer than the client allows is not sat through');

    const broken = await slack((res) => res.writeHead(500).end('rollup_error'));
    const failed = await createSlackNotifier('team', broken.config, { publicUrl: null }).send(down, context(5));
    assert.deepEqual(failed, { ok: false, retryable: true, httpStatus: 500, error: 'receiver answered 500: rollup_error' });
    assert.equal(broken.received.length, 2);
  });

  test('the webhook token never shows in an error: not when echoed back, refused, or timed out', async () => {
    const echo = await slack((res, req) => res.writeHead(403).end(`action_prohibited for POST ${req.url} at http://${req.headers.host}${req.url}`));
    const echoed = await createSlackNotifier('team', echo.config, { publicUrl: null }).send(down, context(6));
    noSecretIn(echoed);
    assert.ok(!echoed.ok && echoed.error.startsWith('receiver answered 403: action_prohibited for POST [redacted]'), !echoed.ok ? echoed.error : '');

    const closed = await slack(() => undefined);
    await closed.target.close();
    const refused = await createSlackNotifier('team', closed.config, { publicUrl: null }).send(down, context(7));
    noSecretIn(refused);
    assert.ok(!refused.ok && refused.retryable && refused.error.startsWith('ECONNREFUSED'));

    const silent = await slack(() => undefined); // reads the request, never answers
    const timedOut = await createSlackNotifier('team', { ...silent.config, timeoutMs: 200 }, { publicUrl: null }).send(down, context(8));
    noSecretIn(timedOut);
    assert.ok(!timedOut.ok && timedOut.retryable && /within 200 ms/.test(timedOut.error), !timedOut.ok ? timedOut.error : '');
  });
});
