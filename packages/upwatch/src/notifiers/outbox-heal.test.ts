import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createFetch } from '@upwatch/fetch';
import { pino } from 'pino';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { aDelivery, aMonitor, anIncident, aState } from '../store/store-fixtures.js';
import { ManualClock } from '../test-support/manual-clock.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';
import { Outbox } from './outbox.js';
import { createWebhookNotifier } from './webhook/webhook-notifier.js';

/**
 * A channel that fails for two minutes and then heals gets its alerts late, in order, exactly
 * once; a healthy channel beside it gets them at once. Real SQLite and real receivers; the outbox's
 * time is a manual clock, so the two minutes take milliseconds.
 */
let dir: string;
let healing: Awaited<ReturnType<typeof startWebhookReceiver>>;
let healthy: Awaited<ReturnType<typeof startWebhookReceiver>>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-heal-'));
  healing = await startWebhookReceiver();
  healthy = await startWebhookReceiver();
});
after(async () => {
  await healing.close();
  await healthy.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a channel down for two minutes receives its alerts late but exactly once, and the other channel at once', async () => {
  const clock = new ManualClock();
  const store = await openSqliteStore(join(dir, 'heal.db'));
  const monitor = aMonitor('m1');
  await store.insertMonitor(monitor);
  const incident = anIncident('inc-1', 'm1', clock.now());
  await store.recordTransition({
    monitorId: 'm1',
    state: aState({ status: 'down', incidentId: 'inc-1' }),
    openIncident: incident,
    deliveries: ['healing', 'healthy'].map((n) => aDelivery('alert-down', n, clock.now(), monitor, incident)),
  });
  const resolved = { ...incident, resolvedAt: clock.now() + 30_000 };
  await store.recordTransition({
    monitorId: 'm1',
    state: aState({ status: 'up' }),
    resolveIncident: { id: 'inc-1', resolvedAt: resolved.resolvedAt },
    deliveries: ['healing', 'healthy'].map((n) => aDelivery('alert-up', n, clock.now() + 1, monitor, resolved)),
  });

  // One request per send, so the receiver's count is the outbox's count of attempts.
  const client = createFetch({ retry: false, breaker: false, timeoutMs: 2_000 });
  const notifiers = new Map(
    (['healing', 'healthy'] as const).map((name) => {
      const url = name === 'healing' ? healing.url : healthy.url;
      return [name, createWebhookNotifier(name, { type: 'webhook', name, url, headers: {}, timeoutMs: 2_000, secret: null }, { publicUrl: null, client })];
    }),
  );
  const outbox = new Outbox({ store, clock, notifiers: () => notifiers, logger: pino({ level: 'silent' }) });

  healing.answer(503);
  outbox.start();
  await outbox.idle();
  await clock.advance(1_000);
  await outbox.idle();
  assert.deepEqual(healthy.received.map((h) => h.body.event), ['down', 'up'], 'the healthy channel did not wait');

  // Two minutes of failure, ten seconds at a time.
  for (let elapsed = 0; elapsed < 120_000; elapsed += 10_000) {
    await clock.advance(10_000);
    await outbox.idle();
  }
  assert.equal(healing.received.length, 0);
  const attempts = healing.refused;
  assert.ok(attempts >= 5 && attempts <= 12, `${attempts} attempts in two minutes: backoff, not a storm`);

  healing.answer(200);
  for (let elapsed = 0; elapsed < 5 * 60_000; elapsed += 10_000) {
    await clock.advance(10_000);
    await outbox.idle();
  }
  assert.deepEqual(healing.received.map((h) => h.body.event), ['down', 'up'], 'late, in order, once each');
  assert.equal(new Set(healing.received.map((h) => h.headers['x-upwatch-delivery'])).size, 2);
  assert.deepEqual(healthy.received.map((h) => h.body.event), ['down', 'up'], 'and nothing sent twice to the healthy one');
  await outbox.stop();
  await store.close();
});
