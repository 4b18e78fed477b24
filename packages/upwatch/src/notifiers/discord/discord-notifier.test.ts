import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, describe, test } from 'node:test';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { alertContent } from '../alert-content.js';
import type { SendResult } from '../notifier.js';
import type { DiscordConfig } from './discord-config.js';
import { createDiscordNotifier } from './discord-notifier.js';
import { discordPayload } from './discord-payload.js';

/** The Discord notifier with its real delivery client, against a real local receiver standing in for discord.com. */
describe('discord notifier', () => {
  const targets: HttpTarget[] = [];
  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });

  const TOKEN = 'dscTOKENsecret_0123456789-abcdef';
  const PATH = `/api/webhooks/112233445566778899/${TOKEN}`;
  const monitor = aMonitor('m1', { name: 'api' });
  const down = aDelivery('alert-1', 'chat', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
  const up = aDelivery('alert-2', 'chat', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;
  const context = (deliveryId: number) => ({ deliveryId, attempt: 1, signal: new AbortController().signal });

  interface Received {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: unknown;
  }

  /** A receiver that records each request with its parsed JSON body, then answers as told. */
  async function discord(answer: (res: ServerResponse, req: IncomingMessage) => void, query = '') {
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
    const config: DiscordConfig = { type: 'discord', name: 'chat', url: `${target.url}${PATH}${query}`, timeoutMs: 2_000 };
    return { target, received, config };
  }

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  const noSecretIn = (result: SendResult) => {
    assert.ok(!result.ok);
    assert.ok(!result.error.includes(TOKEN) && !result.error.includes('112233445566778899'), `secret in: ${result.error}`);
  };

  test('a down and then an up alert are POSTed as an embed, with ?wait=true so Discord confirms the message', async () => {
    const { received, config } = await discord((res) => json(res, 200, { id: '1', type: 0, content: '', embeds: [] }), '?thread_id=777');
    const notifier = createDiscordNotifier('chat', config, { publicUrl: 'https://upwatch.example.com' });
    assert.equal(notifier.type, 'discord');

    assert.deepEqual(await notifier.send(down, context(1)), { ok: true, httpStatus: 200 });
    assert.deepEqual(await notifier.send(up, context(2)), { ok: true, httpStatus: 200 });

    assert.equal(received.length, 2);
    for (const request of received) {
      assert.equal(request.method, 'POST');
      assert.equal(request.url, `${PATH}?thread_id=777&wait=true`);
      assert.equal(request.headers['content-type'], 'application/json; charset=utf-8');
      assert.match(request.headers['user-agent'] ?? '', /^upwatch\//);
    }
    assert.equal(received[1]!.headers['idempotency-key'], 'alert-2:chat');
    const publicUrl = 'https://upwatch.example.com';
    assert.deepEqual(received[0]!.body, discordPayload(alertContent(down, { publicUrl }), down));
    assert.deepEqual(received[1]!.body, discordPayload(alertContent(up, { publicUrl }), up));
    const [downEmbed, upEmbed] = received.map((r) => (r.body as { embeds: Array<{ title: string; color: number }> }).embeds[0]!);
    assert.deepEqual([downEmbed!.title, downEmbed!.color], ['api is DOWN: HTTP 503: the service is unavailable', 0xed4245]);
    assert.deepEqual([upEmbed!.title, upEmbed!.color], ['api is UP again after 10m', 0x57f287]);
  });

  test('a 400 (Invalid Form Body) or 404 (Unknown Webhook) is final: not retried, not retryable', async () => {
    for (const [status, body] of [
      [400, { code: 50035, message: 'Invalid Form Body' }],
      [404, { code: 10015, message: 'Unknown Webhook' }],
    ] as const) {
      const { received, config } = await discord((res) => json(res, status, body));
      const result = await createDiscordNotifier('chat', config, { publicUrl: null }).send(down, context(3));
      assert.deepEqual(result, { ok: false, retryable: false, httpStatus: status, error: `receiver answered ${status}: ${JSON.stringify(body)}` });
      assert.equal(received.length, 1);
    }
  });

  test("a 429 is retryable and passes on Discord's Retry-After; a 502 is retried once at once, then left to the outbox", async () => {
    const limited = await discord((res) => json(res, 429, { message: 'You are being rate limited.', retry_after: 64.57, global: false }, { 'retry-after': '65' }));
    const throttled = await createDiscordNotifier('chat', limited.config, { publicUrl: null }).send(down, context(4));
    assert.ok(!throttled.ok && throttled.retryable && throttled.httpStatus === 429 && throttled.retryAfterMs === 65_000, JSON.stringify(throttled));
    assert.equal(limited.received.length, 1);

    const edge = await discord((res) => res.writeHead(502).end('bad gateway'));
    const failed = await createDiscordNotifier('chat', edge.config, { publicUrl: null }).send(down, context(5));
    assert.deepEqual(failed, { ok: false, retryable: true, httpStatus: 502, error: 'receiver answered 502: bad gateway' });
    assert.equal(edge.received.length, 2);
  });

  test('the webhook id and token never show in an error: not when echoed back, refused, or timed out', async () => {
    const echo = await discord((res, req) => json(res, 401, { message: `401: Unauthorized ${req.url}`, token: TOKEN }));
    const echoed = await createDiscordNotifier('chat', echo.config, { publicUrl: null }).send(down, context(6));
    noSecretIn(echoed);
    assert.ok(!echoed.ok && echoed.error.includes('401: Unauthorized [redacted]'), !echoed.ok ? echoed.error : '');

    const closed = await discord(() => undefined);
    await closed.target.close();
    const refused = await createDiscordNotifier('chat', closed.config, { publicUrl: null }).send(down, context(7));
    noSecretIn(refused);
    assert.ok(!refused.ok && refused.retryable && refused.error.startsWith('ECONNREFUSED'));

    const silent = await discord(() => undefined);
    const timedOut = await createDiscordNotifier('chat', { ...silent.config, timeoutMs: 200 }, { publicUrl: null }).send(down, context(8));
    noSecretIn(timedOut);
    assert.ok(!timedOut.ok && timedOut.retryable && /within 200 ms/.test(timedOut.error));
  });
});
