import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, describe, test } from 'node:test';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { alertContent } from '../alert-content.js';
import type { SendResult } from '../notifier.js';
import type { TeamsConfig } from './teams-config.js';
import { createTeamsNotifier } from './teams-notifier.js';
import { teamsPayload } from './teams-payload.js';

/** The Teams notifier with its real delivery client, against a real local receiver standing in for the workflow's trigger. */
describe('teams notifier', () => {
  const targets: HttpTarget[] = [];
  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });

  const SIG = 'SIGsecretSIGsecret0123456789';
  const PATH = `/workflows/0123abcd/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}`;
  const monitor = aMonitor('m1', { name: 'api' });
  const down = aDelivery('alert-1', 'office', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
  const up = aDelivery('alert-2', 'office', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;
  const context = (deliveryId: number) => ({ deliveryId, attempt: 1, signal: new AbortController().signal });

  interface Received {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: unknown;
  }

  /** A receiver that records each request with its parsed JSON body, then answers as told. */
  async function workflow(answer: (res: ServerResponse, req: IncomingMessage) => void) {
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
    const config: TeamsConfig = { type: 'teams', name: 'office', url: `${target.url}${PATH}`, timeoutMs: 2_000 };
    return { target, received, config };
  }

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  const noSecretIn = (result: SendResult) => {
    assert.ok(!result.ok);
    assert.ok(!result.error.includes(SIG), `secret in: ${result.error}`);
  };

  test('a down and then an up alert are POSTed as an Adaptive Card message; the flow accepts them with 202', async () => {
    const { received, config } = await workflow((res) => res.writeHead(202).end());
    const notifier = createTeamsNotifier('office', config, { publicUrl: 'https://upwatch.example.com' });
    assert.equal(notifier.type, 'teams');

    assert.deepEqual(await notifier.send(down, context(1)), { ok: true, httpStatus: 202 });
    assert.deepEqual(await notifier.send(up, context(2)), { ok: true, httpStatus: 202 });

    assert.equal(received.length, 2);
    for (const request of received) {
      assert.equal(request.method, 'POST');
      assert.equal(request.url, PATH, 'the query with its signature goes as configured');
      assert.equal(request.headers['content-type'], 'application/json; charset=utf-8');
      assert.match(request.headers['user-agent'] ?? '', /^upwatch\//);
    }
    assert.equal(received[0]!.headers['idempotency-key'], 'alert-1:office');
    const publicUrl = 'https://upwatch.example.com';
    assert.deepEqual(received[0]!.body, teamsPayload(alertContent(down, { publicUrl }), down));
    assert.deepEqual(received[1]!.body, teamsPayload(alertContent(up, { publicUrl }), up));
    const titles = received.map((r) => (r.body as { attachments: Array<{ content: { body: Array<{ text: string; color: string }> } }> }).attachments[0]!.content.body[0]!);
    assert.deepEqual(
      titles.map((t) => [t.text, t.color]),
      [
        ['api is DOWN: HTTP 503: the service is unavailable', 'Attention'],
        ['api is UP again after 10m', 'Good'],
      ],
    );
  });

  test('a 400 (body not matching the trigger) or 404 (flow gone) is final: not retried, not retryable', async () => {
    for (const [status, code] of [
      [400, 'TriggerInputSchemaMismatch'],
      [404, 'WorkflowNotFound'],
    ] as const) {
      const body = { error: { code, message: 'refused' } };
      const { received, config } = await workflow((res) => json(res, status, body));
      const result = await createTeamsNotifier('office', config, { publicUrl: null }).send(down, context(3));
      assert.deepEqual(result, { ok: false, retryable: false, httpStatus: status, error: `receiver answered ${status}: ${JSON.stringify(body)}` });
      assert.equal(received.length, 1);
    }
  });

  test('a 429 is retryable and passes on Retry-After; a 503 is retried once at once, then left to the outbox', async () => {
    const limited = await workflow((res) => json(res, 429, { error: { code: 'WorkflowTriggerIsThrottled' } }, { 'retry-after': '90' }));
    const throttled = await createTeamsNotifier('office', limited.config, { publicUrl: null }).send(down, context(4));
    assert.ok(!throttled.ok && throttled.retryable && throttled.httpStatus === 429 && throttled.retryAfterMs === 90_000, JSON.stringify(throttled));
    assert.equal(limited.received.length, 1);

    const busy = await workflow((res) => res.writeHead(503).end('busy'));
    const failed = await createTeamsNotifier('office', busy.config, { publicUrl: null }).send(down, context(5));
    assert.deepEqual(failed, { ok: false, retryable: true, httpStatus: 503, error: 'receiver answered 503: busy' });
    assert.equal(busy.received.length, 2);
  });

  test('the signature never shows in an error: not when echoed back, refused, or timed out', async () => {
    const echo = await workflow((res, req) =>
      json(res, 401, { error: { code: 'DirectApiAuthorizationRequired', message: `The request for ${req.url} needs auth; sig ${SIG}` } }),
    );
    const echoed = await createTeamsNotifier('office', echo.config, { publicUrl: null }).send(down, context(6));
    noSecretIn(echoed);
    assert.ok(!echoed.ok && echoed.error.includes('The request for [redacted] needs auth; sig [redacted]'), !echoed.ok ? echoed.error : '');

    const closed = await workflow(() => undefined);
    await closed.target.close();
    const refused = await createTeamsNotifier('office', closed.config, { publicUrl: null }).send(down, context(7));
    noSecretIn(refused);
    assert.ok(!refused.ok && refused.retryable && refused.error.startsWith('ECONNREFUSED'));

    const silent = await workflow(() => undefined);
    const timedOut = await createTeamsNotifier('office', { ...silent.config, timeoutMs: 200 }, { publicUrl: null }).send(down, context(8));
    noSecretIn(timedOut);
    assert.ok(!timedOut.ok && timedOut.retryable && /within 200 ms/.test(timedOut.error));
  });
});
