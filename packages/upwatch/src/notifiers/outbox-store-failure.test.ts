import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createFetch } from '@upwatch/fetch';
import { pino } from 'pino';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { aDelivery, aMonitor, anIncident, aState } from '../store/store-fixtures.js';
import { ManualClock } from '../test-support/manual-clock.js';
import { startWebhookReceiver } from '../test-support/webhook-receiver.js';
import { Outbox } from './outbox.js';
import { createWebhookNotifier } from './webhook/webhook-notifier.js';

/**
 * The receiver took the alert but the store could not record it (a full disk, a locked file):
 * the outbox records it again later, with backoff, and never sends it a second time.
 */
let dir: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-outbox-store-'));
  receiver = await startWebhookReceiver();
});
after(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an alert the store failed to mark as delivered is recorded later, not sent again', async () => {
  const clock = new ManualClock();
  const real = await openSqliteStore(join(dir, 'failing-writes.db'));
  const monitor = aMonitor('m1');
  await real.insertMonitor(monitor);
  const incident = anIncident('inc-1', 'm1', clock.now());
  await real.recordTransition({ monitorId: 'm1', state: aState({ status: 'down', incidentId: 'inc-1' }), openIncident: incident, deliveries: [aDelivery('alert-down', 'hook', clock.now(), monitor, incident)] });

  // The real store, with its first five delivered-marks failing as a full disk would.
  let failuresLeft = 5;
  const store: Store = Object.create(real, {
    markDelivered: {
      value: (...args: Parameters<Store['markDelivered']>) => (failuresLeft-- > 0 ? Promise.reject(new Error('SQLITE_FULL: database or disk is full')) : real.markDelivered(...args)),
    },
  });
  const client = createFetch({ retry: false, breaker: false, timeoutMs: 2_000 });
  const notifiers = new Map([['hook', createWebhookNotifier('hook', { type: 'webhook', name: 'hook', url: receiver.url, headers: {}, timeoutMs: 2_000, secret: null }, { publicUrl: null, client })]]);
  const outbox = new Outbox({ store, clock, notifiers: () => notifiers, logger: pino({ level: 'silent' }) });

  outbox.start();
  for (let elapsed = 0; elapsed < 10 * 60_000; elapsed += 5_000) {
    await clock.advance(5_000);
    await outbox.idle();
  }
  assert.equal(receiver.received.length, 1, 'sent once, however many times recording failed');
  assert.equal(failuresLeft, -1, 'recording was retried until it took: five failures, then success');
  const [record] = await real.listDeliveries({ limit: 5 });
  assert.equal(record?.deliveredAt !== null, true);
  await outbox.stop();
  await real.close();
});
