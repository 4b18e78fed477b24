import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { aDelivery, aMonitor, T0 } from '../../store/store-fixtures.js';
import { startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { createWebhookNotifier } from './webhook-notifier.js';
import { verifyWebhookSignature } from './webhook-signature.js';

/** The webhook notifier with its real delivery client, against a real local receiver. */
describe('webhook notifier', () => {
  const targets: HttpTarget[] = [];
  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });

  const alert = aDelivery('alert-1', 'hook', T0, aMonitor('m1')).alert;
  const context = (deliveryId: number) => ({ deliveryId, attempt: 1, signal: new AbortController().signal });

  test('a blip at the receiver is retried once within the same send, with the same delivery id and idempotency key', async () => {
    let calls = 0;
    const receiver = await startHttpTarget((_req, res) => {
      calls++;
      res.writeHead(calls === 1 ? 502 : 204).end();
    });
    targets.push(receiver);
    const notifier = createWebhookNotifier('hook', { type: 'webhook', name: 'hook', url: `${receiver.url}/hook`, headers: { authorization: 'Bearer t' }, timeoutMs: 2_000, secret: null }, { publicUrl: null });

    const result = await notifier.send(alert, context(7));
    assert.deepEqual(result, { ok: true, httpStatus: 204 });
    assert.equal(receiver.requests.length, 2);
    for (const request of receiver.requests) {
      assert.equal(request.method, 'POST');
      assert.equal(request.headers['x-upwatch-delivery'], '7');
      assert.equal(request.headers['idempotency-key'], 'alert-1:hook');
      assert.equal(request.headers.authorization, 'Bearer t');
    }
  });

  test('a receiver that keeps failing trips the breaker: later sends fail fast, retryable, saying when to come back', async () => {
    const receiver = await startHttpTarget({ status: 500, body: 'internal error' });
    targets.push(receiver);
    const notifier = createWebhookNotifier('hook', { type: 'webhook', name: 'hook', url: `${receiver.url}/hook`, headers: {}, timeoutMs: 2_000, secret: null }, { publicUrl: null });

    const first = await notifier.send(alert, context(1));
    assert.equal(first.ok, false);
    assert.ok(!first.ok && first.retryable && first.httpStatus === 500 && first.error === 'receiver answered 500: internal error');
    for (let i = 0; i < 2; i++) await notifier.send(alert, context(1));
    const sent = receiver.requests.length;
    assert.equal(sent, 5, 'three sends, each with one quick retry, the fifth failure opening the circuit');

    const fast = await notifier.send(alert, context(1));
    assert.ok(!fast.ok && fast.retryable && fast.httpStatus === null, 'fails fast and stays retryable');
    assert.ok(!fast.ok && fast.retryAfterMs !== undefined && fast.retryAfterMs > 25_000 && fast.retryAfterMs <= 30_000);
    assert.match(!fast.ok ? fast.error : '', /circuit open/);
    assert.equal(receiver.requests.length, sent, 'the open circuit sent nothing');
  });

  test('a redirect is the receiver\'s answer, not followed, and not retried', async () => {
    const receiver = await startHttpTarget({ status: 301, headers: { location: 'http://127.0.0.1:1/elsewhere' } });
    targets.push(receiver);
    const notifier = createWebhookNotifier('hook', { type: 'webhook', name: 'hook', url: `${receiver.url}/hook`, headers: {}, timeoutMs: 2_000, secret: null }, { publicUrl: null });
    const result = await notifier.send(alert, context(3));
    assert.deepEqual(result, { ok: false, retryable: false, httpStatus: 301, error: 'receiver answered 301: status 301' });
    assert.equal(receiver.requests.length, 1);
  });

  test('a refused connection names the socket error, not a bare "fetch failed"', async () => {
    const receiver = await startHttpTarget('ok');
    const url = `${receiver.url}/hook`;
    await receiver.close();
    const notifier = createWebhookNotifier('hook', { type: 'webhook', name: 'hook', url, headers: {}, timeoutMs: 2_000, secret: null }, { publicUrl: null });
    const result = await notifier.send(alert, context(4));
    assert.ok(!result.ok && result.retryable);
    assert.match(!result.ok ? result.error : '', /^ECONNREFUSED: /);
  });

  test('with a secret, each request is signed so the receiver can verify it', async () => {
    const bodies: string[] = [];
    const receiver = await startHttpTarget((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(text);
        res.writeHead(204).end();
      });
    });
    targets.push(receiver);
    const notifier = createWebhookNotifier('hook', { type: 'webhook', name: 'hook', url: `${receiver.url}/hook`, headers: {}, timeoutMs: 2_000, secret: 's3cret' }, { publicUrl: null });
    assert.deepEqual(await notifier.send(alert, context(5)), { ok: true, httpStatus: 204 });
    const headers = receiver.requests[0]!.headers;
    const signature = String(headers['x-upwatch-signature']);
    const timestamp = String(headers['x-upwatch-timestamp']);
    assert.match(signature, /^sha256=[0-9a-f]{64}$/);
    assert.equal(verifyWebhookSignature('s3cret', { signature, timestamp }, bodies[0]!, Math.floor(Date.now() / 1000)), true);
    assert.equal(verifyWebhookSignature('wrong', { signature, timestamp }, bodies[0]!, Math.floor(Date.now() / 1000)), false);
  });
});
