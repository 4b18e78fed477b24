import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, describe, test } from 'node:test';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { freePort, startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { alertContent } from '../alert-content.js';
import type { TelegramConfig } from './telegram-config.js';
import { createTelegramNotifier } from './telegram-notifier.js';
import { telegramPayload } from './telegram-payload.js';

const TOKEN = '987654321:AAH-s3cret_bot-Token';
const PUBLIC_URL = 'https://upwatch.example.com';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A Bot API stand-in: records each request with its JSON body and answers with `answer`. */
async function botApi(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpTarget & { received: Received[] }> {
  const received: Received[] = [];
  const target = await startHttpTarget((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: JSON.parse(text) });
      answer(req, res);
    });
  });
  return Object.assign(target, { received });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** The notifier with its real delivery client, against a real local receiver. */
describe('telegram notifier', () => {
  const targets: HttpTarget[] = [];
  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });
  async function receiver(answer: (req: IncomingMessage, res: ServerResponse) => void) {
    const target = await botApi(answer);
    targets.push(target);
    return target;
  }
  const config = (url: string): TelegramConfig => ({ type: 'telegram', name: 'phone', botToken: TOKEN, chatId: '-1001234567890', url, timeoutMs: 2_000 });
  const context = { deliveryId: 7, attempt: 1, signal: new AbortController().signal };

  const monitor = aMonitor('m1', { name: 'api' });
  const down = aDelivery('alert-1', 'phone', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
  const up = aDelivery('alert-2', 'phone', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;

  test('a down and an up alert: POST /bot<token>/sendMessage with the JSON sendMessage body', async () => {
    const api = await receiver((_req, res) => json(res, 200, { ok: true, result: { message_id: 1 } }));
    const notifier = createTelegramNotifier('phone', config(api.url), { publicUrl: PUBLIC_URL });
    assert.equal(notifier.type, 'telegram');
    assert.equal(notifier.name, 'phone');

    assert.deepEqual(await notifier.send(down, context), { ok: true, httpStatus: 200 });
    assert.deepEqual(await notifier.send(up, context), { ok: true, httpStatus: 200 });

    assert.equal(api.received.length, 2);
    for (const request of api.received) {
      assert.equal(request.method, 'POST');
      assert.equal(request.path, `/bot${TOKEN}/sendMessage`);
      assert.equal(request.headers['content-type'], 'application/json');
    }
    assert.deepEqual(api.received[0]?.body, telegramPayload(alertContent(down, { publicUrl: PUBLIC_URL }), '-1001234567890'));
    assert.deepEqual(api.received[1]?.body, telegramPayload(alertContent(up, { publicUrl: PUBLIC_URL }), '-1001234567890'));
    assert.match((api.received[0]?.body as { text: string }).text, /^🔴 <b>api is DOWN/);
    assert.match((api.received[1]?.body as { text: string }).text, /^✅ <b>api is UP again/);
  });

  test('a 400 (chat not found) is the message refused: not retried', async () => {
    const api = await receiver((_req, res) => json(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' }));
    const result = await createTelegramNotifier('phone', config(api.url), { publicUrl: null }).send(down, context);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && !result.retryable && result.httpStatus === 400);
    assert.match(!result.ok ? result.error : '', /^receiver answered 400: .*Bad Request: chat not found/);
    assert.equal(api.received.length, 1);
  });

  test('a 429 is retried after the retry_after Telegram puts in the JSON body', async () => {
    const api = await receiver((_req, res) =>
      json(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } }),
    );
    const result = await createTelegramNotifier('phone', config(api.url), { publicUrl: null }).send(down, context);
    assert.ok(!result.ok && result.retryable && result.httpStatus === 429);
    assert.equal(!result.ok && result.retryAfterMs, 7_000);
  });

  test('a 502 from Telegram\'s edge is retryable', async () => {
    const api = await receiver((_req, res) => res.writeHead(502).end('Bad Gateway'));
    const result = await createTelegramNotifier('phone', config(api.url), { publicUrl: null }).send(down, context);
    assert.ok(!result.ok && result.retryable && result.httpStatus === 502);
  });

  test('the token never appears in an error, even when a wrong url\'s 404 page repeats the path', async () => {
    const api = await receiver((req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end(`<pre>Cannot POST ${req.url} (${encodeURIComponent(req.url ?? '')})</pre>`));
    const result = await createTelegramNotifier('phone', config(api.url), { publicUrl: null }).send(down, context);
    assert.ok(!result.ok && !result.retryable && result.httpStatus === 404);
    const error = !result.ok ? result.error : '';
    assert.ok(error.includes('Cannot POST /bot<bot_token>/sendMessage'), error);
    assert.ok(!error.includes(TOKEN) && !error.includes(encodeURIComponent(TOKEN)) && !error.includes('s3cret'), error);

    const refused = await createTelegramNotifier('phone', config(`http://127.0.0.1:${await freePort()}`), { publicUrl: null }).send(down, context);
    assert.ok(!refused.ok && refused.retryable);
    assert.match(!refused.ok ? refused.error : '', /^ECONNREFUSED: /);
    assert.ok(!refused.ok && !refused.error.includes('s3cret'), !refused.ok ? refused.error : '');
  });
});
