import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createFetch } from '@upwatch/fetch';
import { pino } from 'pino';
import { systemClock } from '../core/clock.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { aDelivery, aMonitor, anIncident, aState } from '../store/store-fixtures.js';
import { ManualClock } from '../test-support/manual-clock.js';
import { startHttpTarget } from '../test-support/targets.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';
import { Outbox } from './outbox.js';
import { createWebhookNotifier } from './webhook/webhook-notifier.js';

/**
 * One request per send: these tests count the outbox's own attempts under a manual clock, so the
 * delivery client's quick real-time retry and its breaker are left out (they have their own tests).
 */
const plainClient = createFetch({ retry: false, breaker: false, timeoutMs: 2_000 });

/**
 * The outbox against a real SQLite file and a real webhook receiver; time is a manual clock, so
 * hours of retrying take milliseconds.
 */
describe('outbox', () => {
  let dir: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const quiet = pino({ level: 'silent' });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-outbox-'));
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function queueDownAndUp(store: Store, clock: ManualClock) {
    const monitor = aMonitor('m1');
    await store.insertMonitor(monitor);
    const incident = anIncident('inc-1', 'm1', clock.now());
    await store.recordTransition({ monitorId: 'm1', state: aState({ status: 'down', incidentId: 'inc-1' }), openIncident: incident, deliveries: [aDelivery('alert-down', 'hook', clock.now(), monitor, incident)] });
    const resolved = { ...incident, resolvedAt: clock.now() + 1_000 };
    await store.recordTransition({ monitorId: 'm1', state: aState({ status: 'up' }), resolveIncident: { id: 'inc-1', resolvedAt: resolved.resolvedAt }, deliveries: [aDelivery('alert-up', 'hook', clock.now() + 1, monitor, resolved)] });
  }

  function outboxFor(store: Store, clock: ManualClock, url = receiver.url) {
    const notifiers = new Map([['hook', createWebhookNotifier('hook', { type: 'webhook', name: 'hook', url, headers: {}, timeoutMs: 2_000, secret: null }, { publicUrl: null, client: plainClient })]]);
    return new Outbox({ store, clock, notifiers: () => notifiers, logger: quiet, random: () => 0.5 });
  }

  test('a failing receiver is retried with backoff; each alert arrives once, in order, across a restart', async () => {
    const file = join(dir, 'restart.db');
    const clock = new ManualClock();
    let store = await openSqliteStore(file);
    await queueDownAndUp(store, clock);

    receiver.answer(500);
    let outbox = outboxFor(store, clock);
    outbox.start();
    await outbox.idle();
    assert.equal(receiver.refused, 1, 'the head of the queue was tried once');
    // The second alert waits behind the first: "up" must not arrive before "down".
    await clock.advance(1_000);
    await outbox.idle();
    assert.equal(receiver.refused, 2, 'retried after about a second');
    await clock.advance(2_000);
    await outbox.idle();
    assert.equal(receiver.refused, 3, 'then after about two');

    // The process stops while the receiver is still down; nothing is lost.
    await outbox.stop();
    await store.close();
    store = await openSqliteStore(file);
    receiver.answer(200);
    outbox = outboxFor(store, clock);
    outbox.start();
    await outbox.idle();
    await clock.advance(10_000);
    await outbox.idle();
    assert.deepEqual(receiver.received.map((h) => h.body.alert_id), ['alert-down', 'alert-up']);
    assert.deepEqual(receiver.received.map((h) => h.body.event), ['down', 'up']);
    assert.equal(receiver.received[0]!.headers['x-upwatch-attempt'], '4');

    // Acknowledged alerts are never sent again, not after another restart either.
    await outbox.stop();
    await store.close();
    store = await openSqliteStore(file);
    outbox = outboxFor(store, clock);
    outbox.start();
    await clock.advance(3_600_000);
    await outbox.idle();
    assert.equal(receiver.received.length, 2);
    const [down] = await store.listDeliveries({ alertId: 'alert-down', limit: 5 });
    assert.ok(down?.deliveredAt);
    assert.equal(down.attempts, 4);
    await outbox.stop();
    await store.close();
    receiver.received.length = 0;
  });

  test('a receiver that refuses the message itself (4xx) is given up at once, and the queue moves on', async () => {
    const clock = new ManualClock();
    const store = await openSqliteStore(join(dir, 'refused.db'));
    await queueDownAndUp(store, clock);
    receiver.answer(410);
    const outbox = outboxFor(store, clock);
    outbox.start();
    await outbox.idle();
    await clock.advance(10);
    await outbox.idle();
    const deliveries = await store.listDeliveries({ limit: 10 });
    assert.equal(deliveries.length, 2);
    for (const d of deliveries) {
      assert.ok(d.givenUpAt, 'given up');
      assert.equal(d.lastHttpStatus, 410);
    }
    await outbox.stop();
    await store.close();
    receiver.answer(200);
  });

  test('retries stop when the retry budget is spent', async () => {
    const clock = new ManualClock();
    const store = await openSqliteStore(join(dir, 'budget.db'));
    await queueDownAndUp(store, clock);
    receiver.answer(503);
    const notifiers = new Map([['hook', createWebhookNotifier('hook', { type: 'webhook', name: 'hook', url: receiver.url, headers: {}, timeoutMs: 2_000, secret: null }, { publicUrl: null, client: plainClient })]]);
    const outbox = new Outbox({ store, clock, notifiers: () => notifiers, logger: quiet, retryBudgetMs: 60_000, random: () => 0.5 });
    outbox.start();
    for (let i = 0; i < 20; i++) {
      await outbox.idle();
      await clock.advance(10_000);
    }
    await outbox.idle();
    const [first] = await store.listDeliveries({ alertId: 'alert-down', limit: 1 });
    assert.ok(first?.givenUpAt);
    assert.match(first.lastError ?? '', /gave up after \d+ attempts/);
    await outbox.stop();
    await store.close();
    receiver.answer(200);
  });

  test('a long backlog behind a failing receiver neither freezes the process nor holds up another notifier', { timeout: 20_000 }, async () => {
    const store = await openSqliteStore(join(dir, 'backlog.db'));
    const monitor = aMonitor('m1');
    await store.insertMonitor(monitor);
    const now = Date.now();
    const stuck = Array.from({ length: 600 }, (_, i) => aDelivery(`stuck-${i}`, 'down-receiver', now, monitor));
    await store.recordTransition({ monitorId: 'm1', state: aState(), deliveries: [...stuck, aDelivery('fine-1', 'hook', now, monitor)] });
    const failing = await startWebhookReceiver();
    failing.answer(503);
    const notifiers = new Map([
      ['hook', createWebhookNotifier('hook', { type: 'webhook', name: 'hook', url: receiver.url, headers: {}, timeoutMs: 2_000, secret: null }, { publicUrl: null, client: plainClient })],
      ['down-receiver', createWebhookNotifier('down-receiver', { type: 'webhook', name: 'down-receiver', url: failing.url, headers: {}, timeoutMs: 2_000, secret: null }, { publicUrl: null, client: plainClient })],
    ]);
    const outbox = new Outbox({ store, clock: systemClock, notifiers: () => notifiers, logger: quiet });
    outbox.start();
    // Timers still fire while the outbox works through the backlog.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await receiver.waitFor(1, 5_000);
    assert.equal(receiver.received[0]!.body.alert_id, 'fine-1');
    assert.equal(failing.refused, 1, 'the failing queue tried its head once and waits for its backoff');
    await outbox.stop();
    await store.close();
    await failing.close();
    receiver.received.length = 0;
  });

  test('a channel that hangs does not delay another channel\'s alerts', { timeout: 20_000 }, async () => {
    const store = await openSqliteStore(join(dir, 'lanes.db'));
    const monitor = aMonitor('m1');
    await store.insertMonitor(monitor);
    const now = Date.now();
    const alerts = ['lane-1', 'lane-2', 'lane-3'];
    await store.recordTransition({
      monitorId: 'm1',
      state: aState(),
      deliveries: alerts.flatMap((id, i) => [aDelivery(id, 'slow', now + i, monitor), aDelivery(id, 'hook', now + i, monitor)]),
    });
    const hanging = await startHttpTarget('hang');
    const slowClient = createFetch({ retry: false, breaker: false, timeoutMs: 8_000 });
    const notifiers = new Map([
      ['slow', createWebhookNotifier('slow', { type: 'webhook', name: 'slow', url: `${hanging.url}/hook`, headers: {}, timeoutMs: 8_000, secret: null }, { publicUrl: null, client: slowClient })],
      ['hook', createWebhookNotifier('hook', { type: 'webhook', name: 'hook', url: receiver.url, headers: {}, timeoutMs: 2_000, secret: null }, { publicUrl: null, client: plainClient })],
    ]);
    const outbox = new Outbox({ store, clock: systemClock, notifiers: () => notifiers, logger: quiet });
    outbox.start();
    // All three reach the healthy channel while the first one to the hanging channel is still waiting for an answer.
    const received = await receiver.waitFor(3, 2_000);
    assert.deepEqual(received.map((h) => h.body.alert_id), alerts);
    assert.equal(hanging.requests.length, 1, 'the hanging channel holds only its own queue');
    await outbox.stop(0);
    await hanging.close();
    await store.close();
    receiver.received.length = 0;
  });
});
