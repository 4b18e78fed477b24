import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isUpwatchError, type UpwatchErrorCode } from '../core/errors.js';
import type { Delivery, DeliveryQuery, DeliveryRecord, NewDelivery, Store, StoredCheck } from './store.js';
import type { StatusPage } from '../core/status-page.js';
import { aDelivery, aFailedCheck, aMonitor, anIncident, anOkCheck, aState, T0 } from './store-fixtures.js';
import { notifierContract } from './test-support/notifier-store-contract.js';

/**
 * The suite every Store runs: what the engine, the outbox and the API rely on. `open` must give
 * a new, empty, migrated store each time.
 *
 * @example
 * runStoreContract('sqlite :memory:', () => openSqliteStore(':memory:'));
 */
export function runStoreContract(name: string, open: () => Promise<Store>): void {
  async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
    const store = await open();
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  }

  async function rejectsWith(promise: Promise<unknown>, code: UpwatchErrorCode): Promise<void> {
    await assert.rejects(promise, (err) => isUpwatchError(err) && err.code === code);
  }

  describe(`Store contract: ${name}`, () => {
    describe('monitors', () => {
      test('are stored as given and found by id or by name', () =>
        withStore(async (store) => {
          const b = aMonitor('b', { name: 'beta', paused: true, source: 'config', body: '{"x":1}' });
          const a = aMonitor('a', { name: 'alpha' });
          await store.insertMonitor(b);
          await store.insertMonitor(a);
          assert.deepEqual(await store.listMonitors(), [a, b]);
          assert.deepEqual(await store.findMonitor('b'), b);
          assert.deepEqual(await store.findMonitor('alpha'), a);
          assert.equal(await store.findMonitor('gamma'), undefined);
        }));

      test('many are inserted in one go, or none when one of them is taken', () =>
        withStore(async (store) => {
          const many = Array.from({ length: 2_500 }, (_, i) => aMonitor(`m${i}`, { name: `monitor ${i}` }));
          await store.insertMonitors(many);
          assert.equal((await store.listMonitors()).length, 2_500);
          assert.deepEqual(await store.findMonitor('monitor 1234'), many[1234]);
          await rejectsWith(store.insertMonitors([aMonitor('new-1'), aMonitor('new-2', { name: 'monitor 7' })]), 'CONFLICT');
          assert.equal(await store.findMonitor('new-1'), undefined, 'nothing of a refused batch is kept');
          await store.insertMonitors([]);
        }));

      test("an id wins over another monitor's name", () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('x', { name: 'y' }));
          await store.insertMonitor(aMonitor('y', { name: 'z' }));
          assert.equal((await store.findMonitor('y'))?.id, 'y');
        }));

      test('a taken name or id is a CONFLICT and changes nothing', () =>
        withStore(async (store) => {
          const first = aMonitor('a', { name: 'api' });
          await store.insertMonitor(first);
          await rejectsWith(store.insertMonitor(aMonitor('b', { name: 'api' })), 'CONFLICT');
          await rejectsWith(store.insertMonitor(aMonitor('a', { name: 'other' })), 'CONFLICT');
          assert.deepEqual(await store.listMonitors(), [first]);
        }));

      test('update changes the monitor; a taken name is a CONFLICT, an unknown id NOT_FOUND', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a', { name: 'api' }));
          await store.insertMonitor(aMonitor('b', { name: 'web' }));
          const changed = { ...aMonitor('a', { name: 'api v2', paused: true, intervalMs: 5_000 }), updatedAt: T0 + 1_000 };
          await store.updateMonitor(changed);
          assert.deepEqual(await store.findMonitor('a'), changed);
          assert.deepEqual(await store.findMonitor('api v2'), changed);
          assert.equal(await store.findMonitor('api'), undefined);

          await rejectsWith(store.updateMonitor({ ...changed, spec: { ...changed.spec, name: 'web' } }), 'CONFLICT');
          await rejectsWith(store.updateMonitor(aMonitor('nope')), 'NOT_FOUND');
          assert.deepEqual(await store.findMonitor('a'), changed);
        }));

      test('delete removes the monitor with its state, checks and incidents, and nothing of others', () =>
        withStore(async (store) => {
          const gone = aMonitor('gone');
          const kept = aMonitor('kept');
          for (const m of [gone, kept]) {
            await store.insertMonitor(m);
            await store.insertChecks([aFailedCheck(m.id, T0), anOkCheck(m.id, T0 + 1)]);
            await store.recordTransition({
              monitorId: m.id,
              state: aState({ status: 'down', incidentId: `inc-${m.id}` }),
              openIncident: anIncident(`inc-${m.id}`, m.id, T0),
              deliveries: [aDelivery(`alert-${m.id}`, 'team', T0, m)],
            });
          }
          await store.deleteMonitor('gone');
          await store.deleteMonitor('never existed');

          assert.deepEqual((await store.listMonitors()).map((m) => m.id), ['kept']);
          assert.deepEqual([...(await store.loadStates()).keys()], ['kept']);
          assert.deepEqual(await store.listChecks('gone', { limit: 10 }), []);
          assert.equal((await store.listChecks('kept', { limit: 10 })).length, 2);
          assert.equal(await store.getIncident('inc-gone'), undefined);
          assert.deepEqual((await store.listIncidents({ limit: 10 })).map((i) => i.id), ['inc-kept']);
          // The outbox keeps what was queued: the down alert of a deleted monitor still goes out.
          assert.equal((await store.listDeliveries({ limit: 10 })).length, 2);
        }));
    });

    describe('detector states', () => {
      test('are saved, replaced and loaded as they were', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertMonitor(aMonitor('b'));
          const verifying = aState({ status: 'verifying', since: T0 + 5, failureStartedAt: T0 + 5, confirmAttempts: 2, lastCheckAt: T0 + 9 });
          const up = aState({ status: 'up', degraded: true, lastCheckAt: T0 + 3 });
          await store.saveState('a', aState());
          await store.saveState('a', verifying);
          await store.saveState('b', up);
          assert.deepEqual(await store.loadStates(), new Map([['a', verifying], ['b', up]]));
        }));

      test('of an unknown monitor are NOT_FOUND', () =>
        withStore(async (store) => {
          await rejectsWith(store.saveState('ghost', aState()), 'NOT_FOUND');
          assert.equal((await store.loadStates()).size, 0);
        }));
    });

    describe('checks', () => {
      const asStored = (c: StoredCheck): StoredCheck => (c.ok && c.kind === null && c.error === null ? { ...c, requestId: '', traceId: '', responseRequestId: null } : c);

      test('timings are kept to a tenth of a millisecond', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertChecks([anOkCheck('a', T0, { timings: { dns: 0.04, connect: 0.05, tls: 0, ttfb: 1234.56, total: 1234.65 } })]);
          assert.deepEqual((await store.listChecks('a', { limit: 1 }))[0]!.timings, { dns: 0, connect: 0.1, tls: 0, ttfb: 1234.6, total: 1234.7 });
        }));

      test('are listed newest first, from `since`, at most `limit`, per monitor', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertMonitor(aMonitor('b'));
          const checks = [
            anOkCheck('a', T0),
            aFailedCheck('a', T0 + 10, { phase: 'confirm', responseRequestId: null }),
            anOkCheck('a', T0 + 20, { kind: 'degraded', responseRequestId: 'srv-9' }),
            aFailedCheck('a', T0 + 30, { kind: 'timeout', status: null, retryAfterMs: null }),
            anOkCheck('b', T0 + 15),
          ];
          await store.insertChecks(checks);
          // An ok check without a note keeps no request ids: they served the check, not the record.
          const [c0, c1, c2, c3, b0] = checks.map(asStored);
          assert.deepEqual(await store.listChecks('a', { limit: 10 }), [c3, c2, c1, c0]);
          assert.deepEqual(await store.listChecks('a', { since: T0 + 10, limit: 10 }), [c3, c2, c1]);
          assert.deepEqual(await store.listChecks('a', { since: T0 + 10, limit: 2 }), [c3, c2]);
          assert.deepEqual(await store.listChecks('b', { limit: 10 }), [b0]);
          await store.insertChecks([]);
        }));

      test('a batch larger than one statement can carry is stored whole', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          const many = Array.from({ length: 5_000 }, (_, i) => (i % 7 === 0 ? aFailedCheck('a', T0 + i) : anOkCheck('a', T0 + i)));
          await store.insertChecks(many);
          const listed = await store.listChecks('a', { limit: 10_000 });
          assert.equal(listed.length, 5_000);
          assert.deepEqual(listed[0], asStored(many[4_999]!));
          assert.deepEqual(listed[4_999], asStored(many[0]!));
        }));

      test('of a monitor deleted meanwhile are dropped, and the rest of the batch is stored', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertChecks([anOkCheck('ghost', T0), anOkCheck('a', T0 + 1), aFailedCheck('ghost', T0 + 2)]);
          assert.deepEqual(await store.listChecks('a', { limit: 10 }), [asStored(anOkCheck('a', T0 + 1))]);
          assert.deepEqual(await store.listChecks('ghost', { limit: 10 }), []);
        }));

      test("markTransient flags only the monitor's failures at or after `since`", () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertMonitor(aMonitor('b'));
          await store.insertChecks([
            aFailedCheck('a', T0),
            anOkCheck('a', T0 + 10),
            aFailedCheck('a', T0 + 20),
            aFailedCheck('a', T0 + 30, { phase: 'confirm' }),
            anOkCheck('a', T0 + 40),
            aFailedCheck('b', T0 + 20),
          ]);
          await store.markTransient('a', T0 + 20);
          const flags = (await store.listChecks('a', { limit: 10 })).map((c) => [c.at - T0, c.ok, c.transient]);
          assert.deepEqual(flags, [
            [40, true, false],
            [30, false, true],
            [20, false, true],
            [10, true, false],
            [0, false, false],
          ]);
          assert.equal((await store.listChecks('b', { limit: 10 }))[0]?.transient, false);
        }));
    });

    describe('transitions', () => {
      test('down stores the state, opens the incident and queues one delivery per notifier', () =>
        withStore(async (store) => {
          const m = aMonitor('a');
          await store.insertMonitor(m);
          const incident = anIncident('inc-1', 'a', T0);
          const down = aState({ status: 'down', since: T0 + 7_000, failureStartedAt: T0, incidentId: 'inc-1' });
          await store.recordTransition({
            monitorId: 'a',
            state: down,
            openIncident: incident,
            deliveries: [aDelivery('alert-1', 'team', T0 + 7_000, m, incident), aDelivery('alert-1', 'ops', T0 + 7_000, m, incident)],
          });
          assert.deepEqual((await store.loadStates()).get('a'), down);
          assert.deepEqual(await store.getIncident('inc-1'), incident);
          const due = await store.queueHeads();
          assert.deepEqual(
            due.map((d) => [d.notifier, d.alert, d.attempts, d.nextAttemptAt, d.deliveredAt, d.givenUpAt]),
            [
              ['team', aDelivery('alert-1', 'team', T0 + 7_000, m, incident).alert, 0, T0 + 7_000, null, null],
              ['ops', aDelivery('alert-1', 'ops', T0 + 7_000, m, incident).alert, 0, T0 + 7_000, null, null],
            ],
          );
        }));

      test('up resolves the incident once: a second resolve keeps the first time', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.recordTransition({ monitorId: 'a', state: aState({ status: 'down' }), openIncident: anIncident('inc-1', 'a', T0), deliveries: [] });
          const up = aState({ status: 'up', since: T0 + 60_000 });
          await store.recordTransition({ monitorId: 'a', state: up, resolveIncident: { id: 'inc-1', resolvedAt: T0 + 60_000 }, deliveries: [] });
          await store.recordTransition({ monitorId: 'a', state: up, resolveIncident: { id: 'inc-1', resolvedAt: T0 + 99_000 }, deliveries: [] });
          assert.equal((await store.getIncident('inc-1'))?.resolvedAt, T0 + 60_000);
          assert.deepEqual((await store.loadStates()).get('a'), up);
        }));

      test('is all or nothing: a failing incident insert leaves state and outbox as they were', () =>
        withStore(async (store) => {
          const m = aMonitor('a');
          await store.insertMonitor(m);
          const before = aState({ status: 'down', incidentId: 'inc-1' });
          await store.recordTransition({ monitorId: 'a', state: before, openIncident: anIncident('inc-1', 'a', T0), deliveries: [aDelivery('alert-1', 'team', T0, m)] });

          const attempt = store.recordTransition({
            monitorId: 'a',
            state: aState({ status: 'verifying', since: T0 + 1 }),
            openIncident: anIncident('inc-1', 'a', T0 + 1),
            deliveries: [aDelivery('alert-2', 'team', T0 + 1, m)],
          });
          await rejectsWith(attempt, 'CONFLICT');
          assert.deepEqual((await store.loadStates()).get('a'), before);
          assert.deepEqual((await store.listDeliveries({ limit: 10 })).map((d) => d.alert.id), ['alert-1']);
          assert.equal((await store.getIncident('inc-1'))?.startedAt, T0);
        }));

      test('of an unknown monitor is NOT_FOUND and stores nothing', () =>
        withStore(async (store) => {
          const attempt = store.recordTransition({
            monitorId: 'ghost',
            state: aState({ status: 'down' }),
            deliveries: [aDelivery('alert-1', 'team', T0, aMonitor('ghost'))],
          });
          await rejectsWith(attempt, 'NOT_FOUND');
          assert.equal((await store.loadStates()).size, 0);
          assert.deepEqual(await store.listDeliveries({ limit: 10 }), []);
        }));
    });

    test('incidents are listed newest first, by monitor and by open or resolved', () =>
      withStore(async (store) => {
        await store.insertMonitor(aMonitor('a'));
        await store.insertMonitor(aMonitor('b'));
        const incidents = [
          anIncident('a1', 'a', T0, T0 + 50),
          anIncident('b1', 'b', T0 + 10),
          anIncident('a2', 'a', T0 + 100, T0 + 150),
          anIncident('a3', 'a', T0 + 200),
        ];
        for (const incident of incidents) {
          await store.recordTransition({ monitorId: incident.monitorId, state: aState(), openIncident: incident, deliveries: [] });
        }
        const ids = async (query: Parameters<Store['listIncidents']>[0]) => (await store.listIncidents(query)).map((i) => i.id);
        assert.deepEqual(await ids({ limit: 10 }), ['a3', 'a2', 'b1', 'a1']);
        assert.deepEqual(await ids({ limit: 2 }), ['a3', 'a2']);
        assert.deepEqual(await ids({ monitorId: 'a', limit: 10 }), ['a3', 'a2', 'a1']);
        assert.deepEqual(await ids({ open: true, limit: 10 }), ['a3', 'b1']);
        assert.deepEqual(await ids({ open: false, limit: 10 }), ['a2', 'a1']);
        assert.deepEqual(await ids({ monitorId: 'a', open: true, limit: 10 }), ['a3']);
        assert.deepEqual((await store.listIncidents({ monitorId: 'b', limit: 1 }))[0], incidents[1]);
        assert.equal(await store.getIncident('nope'), undefined);
      }));

    test('deliveries: due oldest first, retried later, then delivered or given up for good', () =>
      withStore(async (store) => {
        const m = aMonitor('a');
        await store.insertMonitor(m);
        const queue = async (alertId: string, at: number, notifiers: string[]) =>
          store.recordTransition({ monitorId: 'a', state: aState(), deliveries: notifiers.map((n) => aDelivery(alertId, n, at, m)) });
        await queue('alert-1', T0, ['team', 'ops']);
        await queue('alert-2', T0 + 100, ['team']);

        // Each notifier's queue shows its oldest pending delivery.
        const heads = await store.queueHeads();
        assert.deepEqual(heads.map((d) => [d.alert.id, d.notifier]), [['alert-1', 'team'], ['alert-1', 'ops']]);
        const [team1, ops1] = heads as [(typeof heads)[0], (typeof heads)[0]];
        const team2 = (await store.listDeliveries({ alertId: 'alert-2', limit: 1 }))[0]!;
        assert.ok(team1.id < ops1.id && ops1.id < team2.id);

        // A failed head stays the head, with its new time: alert-2 waits behind it.
        await store.markAttemptFailed(team1.id, { at: T0 + 20, attempts: 1, nextAttemptAt: T0 + 1_000, error: 'HTTP 502', httpStatus: 502, durationMs: 20 });
        assert.deepEqual((await store.queueHeads()).map((d) => [d.id, d.attempts, d.nextAttemptAt, d.lastError, d.lastHttpStatus]), [
          [team1.id, 1, T0 + 1_000, 'HTTP 502', 502],
          [ops1.id, 0, T0, null, null],
        ]);
        await store.markDelivered(ops1.id, { at: T0 + 5, httpStatus: 204, durationMs: 5 });
        await store.markDelivered(team1.id, { at: T0 + 1_010, httpStatus: 200, durationMs: 10 });
        assert.deepEqual((await store.queueHeads()).map((d) => d.id), [team2.id]);
        await store.markGivenUp(team2.id, { at: T0 + 6, attempts: 1, error: 'HTTP 410 Gone', httpStatus: 410, durationMs: 6 });
        assert.deepEqual(await store.queueHeads(), []);

        // Final is final: late marks change nothing, and record no attempt either.
        await store.markAttemptFailed(ops1.id, { at: T0 + 9_000, attempts: 9, nextAttemptAt: T0, error: 'late', httpStatus: 500, durationMs: 1 });
        await store.markGivenUp(team1.id, { at: T0 + 9_999, attempts: 9, error: 'late', httpStatus: 500, durationMs: 1 });
        await store.markDelivered(team2.id, { at: T0 + 9_999, httpStatus: 200, durationMs: 1 });
        const byId = new Map((await store.listDeliveries({ limit: 10 })).map((d) => [d.id, d]));
        assert.deepEqual([...byId.keys()], [team2.id, ops1.id, team1.id]);
        assert.deepEqual(pick(byId.get(team1.id)), { attempts: 2, deliveredAt: T0 + 1_010, givenUpAt: null, lastError: 'HTTP 502', lastHttpStatus: 200 });
        assert.deepEqual(pick(byId.get(ops1.id)), { attempts: 1, deliveredAt: T0 + 5, givenUpAt: null, lastError: null, lastHttpStatus: 204 });
        assert.deepEqual(pick(byId.get(team2.id)), { attempts: 1, deliveredAt: null, givenUpAt: T0 + 6, lastError: 'HTTP 410 Gone', lastHttpStatus: 410 });
        assert.deepEqual((await store.listDeliveries({ alertId: 'alert-1', limit: 10 })).map((d) => d.id), [ops1.id, team1.id]);

        // Every mark recorded its attempt, in order, numbered as the delivery counts them.
        assert.deepEqual(byId.get(team1.id)?.attemptLog, [
          { attempt: 1, at: T0 + 20, ok: false, httpStatus: 502, error: 'HTTP 502', durationMs: 20 },
          { attempt: 2, at: T0 + 1_010, ok: true, httpStatus: 200, error: null, durationMs: 10 },
        ]);
        assert.deepEqual(byId.get(ops1.id)?.attemptLog, [{ attempt: 1, at: T0 + 5, ok: true, httpStatus: 204, error: null, durationMs: 5 }]);
        assert.deepEqual(byId.get(team2.id)?.attemptLog, [{ attempt: 1, at: T0 + 6, ok: false, httpStatus: 410, error: 'HTTP 410 Gone', durationMs: 6 }]);
      }));

    describe('deliveries', () => {
      /** One transition that queues these deliveries; the monitor must exist. */
      async function queue(store: Store, monitorId: string, deliveries: NewDelivery[]): Promise<void> {
        await store.recordTransition({ monitorId, state: aState(), deliveries });
      }

      test('given up without an attempt (its notifier is gone) records none; an attempt\'s error is cut to 1,000 characters', () =>
        withStore(async (store) => {
          const m = aMonitor('a');
          await store.insertMonitor(m);
          await queue(store, 'a', [aDelivery('alert-1', 'removed', T0, m), aDelivery('alert-1', 'team', T0, m)]);
          const [removed, team] = (await store.queueHeads()) as [Delivery, Delivery];

          await store.markGivenUp(removed.id, { at: T0 + 1, attempts: 0, error: 'no notifier named "removed"', httpStatus: null, durationMs: null });
          const gone = await store.getDelivery(removed.id);
          assert.equal(gone?.givenUpAt, T0 + 1);
          assert.equal(gone.attempts, 0);
          assert.deepEqual(gone.attemptLog, []);

          const page = `<html>${'x'.repeat(5_000)}</html>`;
          await store.markAttemptFailed(team.id, { at: T0 + 2, attempts: 1, nextAttemptAt: T0 + 1_000, error: page, httpStatus: 500, durationMs: 2 });
          const [attempt] = (await store.getDelivery(team.id))?.attemptLog ?? [];
          assert.equal(attempt?.error, page.slice(0, 1_000));
        }));

      test('held ones are stored with their reason, never queued, hold up nothing behind them and take no marks', () =>
        withStore(async (store) => {
          const m = aMonitor('a');
          await store.insertMonitor(m);
          await queue(store, 'a', [
            { ...aDelivery('alert-1', 'team', T0, m), heldReason: 'maintenance window weekly-db' },
            { ...aDelivery('alert-1', 'ops', T0, m), heldReason: 'maintenance window weekly-db' },
          ]);
          await queue(store, 'a', [aDelivery('alert-2', 'team', T0 + 10, m)]);
          await queue(store, 'a', [{ ...aDelivery('alert-3', 'team', T0 + 20, m), heldReason: 'flapping' }]);

          // alert-2 is due though two held alerts of its notifier were made before and after it.
          const heads = await store.queueHeads();
          assert.deepEqual(heads.map((d) => [d.alert.id, d.notifier, d.heldReason]), [['alert-2', 'team', null]]);

          const held = await store.listDeliveries({ status: 'held', limit: 10 });
          assert.deepEqual(held.map((d) => [d.alert.id, d.notifier, d.heldReason]), [
            ['alert-3', 'team', 'flapping'],
            ['alert-1', 'ops', 'maintenance window weekly-db'],
            ['alert-1', 'team', 'maintenance window weekly-db'],
          ]);

          // A held alert is final: no mark sends it, fails it or records an attempt.
          const [flapping] = held as [DeliveryRecord];
          await store.markDelivered(flapping.id, { at: T0 + 30, httpStatus: 200, durationMs: 1 });
          await store.markAttemptFailed(flapping.id, { at: T0 + 30, attempts: 1, nextAttemptAt: T0, error: 'x', httpStatus: 500, durationMs: 1 });
          await store.markGivenUp(flapping.id, { at: T0 + 30, attempts: 1, error: 'x', httpStatus: 500, durationMs: 1 });
          assert.deepEqual(await store.getDelivery(flapping.id), flapping);
          assert.deepEqual(
            [flapping.attempts, flapping.deliveredAt, flapping.givenUpAt, flapping.lastError, flapping.attemptLog],
            [0, null, null, null, []],
          );

          // Sent and done, the head's notifier has nothing left to send: the held ones stay put.
          await store.markDelivered(heads[0]!.id, { at: T0 + 40, httpStatus: 200, durationMs: 1 });
          assert.deepEqual(await store.queueHeads(), []);
        }));

      test('are listed newest first, filtered by notifier, status, monitor and alert, and paged by id', () =>
        withStore(async (store) => {
          const a = aMonitor('a');
          const b = aMonitor('b');
          await store.insertMonitor(a);
          await store.insertMonitor(b);
          await queue(store, 'a', [aDelivery('alert-1', 'team', T0, a), aDelivery('alert-1', 'ops', T0, a)]);
          await queue(store, 'b', [aDelivery('alert-2', 'team', T0 + 10, b), { ...aDelivery('alert-3', 'team', T0 + 20, b), heldReason: 'flapping' }]);
          await queue(store, 'a', [aDelivery('alert-4', 'ops', T0 + 30, a)]);
          const [d5, d4, d3, d2, d1] = (await store.listDeliveries({ limit: 10 })).map((d) => d.id) as [number, number, number, number, number];
          assert.ok(d1 < d2 && d2 < d3 && d3 < d4 && d4 < d5);
          await store.markDelivered(d1, { at: T0 + 1, httpStatus: 200, durationMs: 1 });
          await store.markGivenUp(d2, { at: T0 + 1, attempts: 1, error: 'HTTP 410', httpStatus: 410, durationMs: 1 });
          await store.markAttemptFailed(d5, { at: T0 + 31, attempts: 1, nextAttemptAt: T0 + 1_000, error: 'HTTP 503', httpStatus: 503, durationMs: 1 });

          const ids = async (query: Partial<DeliveryQuery>) => (await store.listDeliveries({ limit: 10, ...query })).map((d) => d.id);
          assert.deepEqual(await ids({}), [d5, d4, d3, d2, d1]);
          assert.deepEqual(await ids({ notifier: 'team' }), [d4, d3, d1]);
          assert.deepEqual(await ids({ notifier: 'nobody' }), []);
          assert.deepEqual(await ids({ status: 'pending' }), [d5, d3]);
          assert.deepEqual(await ids({ status: 'delivered' }), [d1]);
          assert.deepEqual(await ids({ status: 'failed' }), [d2]);
          assert.deepEqual(await ids({ status: 'held' }), [d4]);
          assert.deepEqual(await ids({ monitorId: 'a' }), [d5, d2, d1]);
          assert.deepEqual(await ids({ alertId: 'alert-1' }), [d2, d1]);
          assert.deepEqual(await ids({ monitorId: 'a', notifier: 'ops', status: 'pending' }), [d5]);

          // Pages: each asks for ids below the last one it saw, until one comes back empty.
          assert.deepEqual(await ids({ limit: 2 }), [d5, d4]);
          assert.deepEqual(await ids({ limit: 2, before: d4 }), [d3, d2]);
          assert.deepEqual(await ids({ limit: 2, before: d2 }), [d1]);
          assert.deepEqual(await ids({ limit: 2, before: d1 }), []);
          assert.deepEqual(await ids({ notifier: 'team', limit: 1, before: d4 }), [d3]);

          // A deleted monitor's deliveries stay on record, and findable by its id.
          await store.deleteMonitor('b');
          assert.deepEqual(await ids({ monitorId: 'b' }), [d4, d3]);
        }));

      test('one is found by id with its attempts; an unknown id is undefined', () =>
        withStore(async (store) => {
          const m = aMonitor('a');
          await store.insertMonitor(m);
          const incident = anIncident('inc-1', 'a', T0);
          const queued = aDelivery('alert-1', 'team', T0, m, incident);
          await queue(store, 'a', [queued]);
          const [head] = (await store.queueHeads()) as [Delivery];
          await store.markAttemptFailed(head.id, { at: T0 + 3, attempts: 1, nextAttemptAt: T0 + 1_000, error: 'timed out', httpStatus: null, durationMs: 3 });

          assert.deepEqual(await store.getDelivery(head.id), {
            id: head.id,
            alert: queued.alert,
            notifier: 'team',
            createdAt: T0,
            attempts: 1,
            nextAttemptAt: T0 + 1_000,
            deliveredAt: null,
            givenUpAt: null,
            lastError: 'timed out',
            lastHttpStatus: null,
            heldReason: null,
            attemptLog: [{ attempt: 1, at: T0 + 3, ok: false, httpStatus: null, error: 'timed out', durationMs: 3 }],
          });
          assert.equal(await store.getDelivery(head.id + 1_000), undefined);
        }));
    });

    test('maintenance windows are kept whole, listed oldest first, unique by name, and deleted by name', () =>
      withStore(async (store) => {
        const weekly = { name: 'weekly', monitors: ['a'], schedule: { type: 'recurring' as const, cron: '0 3 * * SUN', timezone: 'Europe/Berlin', durationMs: 3_600_000 } };
        const once = { name: 'once', monitors: null, schedule: { type: 'once' as const, startsAt: T0, endsAt: T0 + 60_000 } };
        await store.insertMaintenanceWindow(weekly, T0);
        await store.insertMaintenanceWindow(once, T0 + 1);
        assert.deepEqual(await store.listMaintenanceWindows(), [weekly, once]);
        await rejectsWith(store.insertMaintenanceWindow({ ...once, monitors: ['b'] }, T0 + 2), 'CONFLICT');
        assert.equal(await store.deleteMaintenanceWindow('weekly'), true);
        assert.equal(await store.deleteMaintenanceWindow('weekly'), false);
        assert.deepEqual(await store.listMaintenanceWindows(), [once]);
      }));

    test('heartbeat pings: listed newest first and paged, the last of each kind per monitor, gone with the monitor', () =>
      withStore(async (store) => {
        await store.insertMonitor(aMonitor('a'));
        await store.insertMonitor(aMonitor('b'));
        const start = await store.insertHeartbeatPing({ monitorId: 'a', at: T0, kind: 'start', message: null, durationMs: null, source: '127.0.0.1' });
        const done = await store.insertHeartbeatPing({ monitorId: 'a', at: T0 + 5_000, kind: 'success', message: 'ok: 12 files', durationMs: 5_000, source: '127.0.0.1' });
        const failed = await store.insertHeartbeatPing({ monitorId: 'a', at: T0 + 9_000, kind: 'fail', message: 'disk full', durationMs: null, source: null });
        const again = await store.insertHeartbeatPing({ monitorId: 'a', at: T0 + 10_000, kind: 'success', message: null, durationMs: null, source: null });
        const other = await store.insertHeartbeatPing({ monitorId: 'b', at: T0 + 1, kind: 'success', message: null, durationMs: null, source: null });
        assert.ok(start.id > 0 && done.id > start.id);
        assert.deepEqual(await store.listHeartbeatPings('a', { limit: 10 }), [again, failed, done, start]);
        assert.deepEqual(await store.listHeartbeatPings('a', { limit: 2, before: failed.id }), [done, start]);
        const latest = await store.latestHeartbeatPings();
        assert.deepEqual(latest.get('a'), { success: again, start, fail: failed });
        assert.deepEqual(latest.get('b'), { success: other, start: null, fail: null });
        await store.pruneHeartbeatPings('a', 2);
        assert.deepEqual(await store.listHeartbeatPings('a', { limit: 10 }), [again, failed], 'only the newest 2 are kept');
        assert.deepEqual((await store.latestHeartbeatPings()).get('a'), { success: again, start: null, fail: failed });
        await rejectsWith(store.insertHeartbeatPing({ monitorId: 'nope', at: T0, kind: 'success', message: null, durationMs: null, source: null }), 'NOT_FOUND');
        await store.deleteMonitor('a');
        assert.deepEqual(await store.listHeartbeatPings('a', { limit: 10 }), []);
        assert.equal((await store.latestHeartbeatPings()).has('a'), false);
      }));

    test('a certificate warning is recorded once per monitor, certificate and threshold, with its deliveries', () =>
      withStore(async (store) => {
        const monitor = aMonitor('a');
        await store.insertMonitor(monitor);
        const warning = { monitorId: 'a', fingerprint: 'AA:BB', thresholdDays: 7, sentAt: T0 };
        assert.equal(await store.recordCertificateWarning(warning, [aDelivery('w1', 'ops', T0, monitor)]), true);
        assert.equal(await store.recordCertificateWarning({ ...warning, sentAt: T0 + 1 }, [aDelivery('w2', 'ops', T0 + 1, monitor)]), false);
        assert.deepEqual((await store.listDeliveries({ limit: 10 })).map((d) => d.alert.id), ['w1'], 'the second is not queued');
        assert.equal(await store.recordCertificateWarning({ ...warning, thresholdDays: 1 }, []), true);
        assert.equal(await store.recordCertificateWarning({ ...warning, fingerprint: 'CC:DD' }, []), true, 'a renewed certificate warns again');
      }));

    test('API tokens are found by hash and counted; a hash is unique', () =>
      withStore(async (store) => {
        assert.equal(await store.countApiTokens(), 0);
        const token = { id: 't1', name: 'ci', hash: 'ab'.repeat(32), createdAt: T0 };
        await store.insertApiToken(token);
        await store.insertApiToken({ id: 't2', name: 'ops', hash: 'cd'.repeat(32), createdAt: T0 + 1 });
        assert.deepEqual(await store.findApiTokenByHash(token.hash), { ...token, lastUsedAt: null });
        assert.equal(await store.findApiTokenByHash('ef'.repeat(32)), undefined);
        assert.equal(await store.countApiTokens(), 2);
        await rejectsWith(store.insertApiToken({ id: 't3', name: 'again', hash: token.hash, createdAt: T0 }), 'CONFLICT');
        assert.equal(await store.countApiTokens(), 2);
      }));

    describe('accounts', () => {
      const user = { id: 'u1', username: 'Admin', passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA', createdAt: T0 };
      const session = { id: 'ab'.repeat(32), userId: 'u1', csrfToken: 'csrf-1', createdAt: T0, lastSeenAt: T0, expiresAt: T0 + 1_000 };

      test('users are counted and found by username in any case; a username taken in another case is a CONFLICT', () =>
        withStore(async (store) => {
          assert.equal(await store.countUsers(), 0);
          await store.insertUser(user);
          assert.equal(await store.countUsers(), 1);
          assert.deepEqual(await store.findUserByUsername('admin'), user);
          assert.deepEqual(await store.findUserByUsername('ADMIN'), user);
          assert.equal(await store.findUserByUsername('admin2'), undefined);
          await rejectsWith(store.insertUser({ ...user, id: 'u2', username: 'aDmIn' }), 'CONFLICT');
          assert.equal(await store.countUsers(), 1);
        }));

      test('sessions are found with their user, slid, deleted, and swept once expired', () =>
        withStore(async (store) => {
          await store.insertUser(user);
          await store.insertSession(session);
          await store.insertSession({ ...session, id: 'cd'.repeat(32), expiresAt: T0 + 5_000 });
          assert.deepEqual(await store.findSession(session.id), { session, user });
          assert.equal(await store.findSession('ef'.repeat(32)), undefined);
          await store.touchSession(session.id, { lastSeenAt: T0 + 500, expiresAt: T0 + 2_000 });
          assert.deepEqual((await store.findSession(session.id))?.session, { ...session, lastSeenAt: T0 + 500, expiresAt: T0 + 2_000 });
          assert.equal(await store.deleteExpiredSessions(T0 + 1_999), 0);
          assert.equal(await store.deleteExpiredSessions(T0 + 2_000), 1);
          assert.equal(await store.findSession(session.id), undefined);
          assert.equal(await store.deleteSession('cd'.repeat(32)), true);
          assert.equal(await store.deleteSession('cd'.repeat(32)), false);
          await rejectsWith(store.insertSession({ ...session, userId: 'nobody' }), 'NOT_FOUND');
        }));

      test('API tokens are listed oldest first, revoked, and stamped when used at most once per interval', () =>
        withStore(async (store) => {
          await store.insertApiToken({ id: 't2', name: 'ops', hash: 'cd'.repeat(32), createdAt: T0 + 1 });
          await store.insertApiToken({ id: 't1', name: 'ci', hash: 'ab'.repeat(32), createdAt: T0 });
          assert.deepEqual((await store.listApiTokens()).map((t) => [t.id, t.lastUsedAt]), [['t1', null], ['t2', null]]);
          await store.touchApiToken('t1', T0 + 100, 60_000);
          await store.touchApiToken('t1', T0 + 59_000, 60_000);
          assert.equal((await store.findApiTokenByHash('ab'.repeat(32)))?.lastUsedAt, T0 + 100, 'not written again within the interval');
          await store.touchApiToken('t1', T0 + 60_100, 60_000);
          assert.equal((await store.findApiTokenByHash('ab'.repeat(32)))?.lastUsedAt, T0 + 60_100);
          assert.equal(await store.deleteApiToken('t1'), true);
          assert.equal(await store.deleteApiToken('t1'), false);
          assert.equal(await store.findApiTokenByHash('ab'.repeat(32)), undefined);
          assert.deepEqual((await store.listApiTokens()).map((t) => t.id), ['t2']);
        }));
    });

    describe('history', () => {
      const MINUTE = 60_000;
      const HOUR = 3_600_000;
      const DAY = 86_400_000;
      /** The histogram with `n` in bucket i for each [i, n] given. */
      const histogram = (...counts: Array<[number, number]>) => counts.reduce((h, [i, n]) => ((h[i] = n), h), new Array<number>(24).fill(0));
      /** Rolls minutes, hours and days up to the marks the history job would have reached at `now`, and sets those marks. */
      async function rollUpTo(store: Store, since: number, now: number): Promise<{ minute: number; hour: number; day: number }> {
        const keys = await store.historyKeyRange();
        assert.ok(keys);
        const minute = now - (now % MINUTE) - 5 * MINUTE;
        const hour = minute - (minute % HOUR);
        const day = hour - (hour % DAY);
        await store.rollUp('minute', { ...keys, from: since, to: minute });
        await store.packDailyBars({ ...keys, from: since, to: minute });
        await store.rollUp('hour', { ...keys, from: since, to: hour });
        await store.rollUp('day', { ...keys, from: since, to: day });
        for (const [period, until] of [['minute', minute], ['hour', hour], ['day', day]] as const) await store.setRollupMark(period, until);
        return { minute, hour, day };
      }

      test('keys, the first check and the marks: none in an empty store, then as set', () =>
        withStore(async (store) => {
          assert.equal(await store.historyKeyRange(), null);
          assert.equal(await store.firstCheckAt(), null);
          assert.deepEqual(await store.rollupMarks(), { minute: null, hour: null, day: null });
          await store.insertMonitor(aMonitor('a'));
          await store.insertMonitor(aMonitor('b'));
          await store.insertChecks([anOkCheck('a', T0 + 500), anOkCheck('b', T0 + 90), anOkCheck('a', T0 + 100)]);
          const keys = await store.historyKeyRange();
          assert.ok(keys && keys.last > keys.first);
          assert.equal(await store.firstCheckAt(), T0 + 90);
          await store.setRollupMark('hour', T0);
          await store.setRollupMark('hour', T0 + HOUR);
          assert.deepEqual(await store.rollupMarks(), { minute: null, hour: T0 + HOUR, day: null });
        }));

      test('rollups count regular checks, failures but transient ones, and ok times as sum and histogram; hours and days add up', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertMonitor(aMonitor('b'));
          const at = (ms: number, total: number) => ({ timings: { dns: 0, connect: 0, tls: 0, ttfb: total, total } });
          await store.insertChecks([
            anOkCheck('a', T0 + 1_000), // 47.3 ms: bucket 8 (30-50 ms)
            aFailedCheck('a', T0 + 10_000),
            aFailedCheck('a', T0 + 20_000, { transient: true }),
            aFailedCheck('a', T0 + 21_000, { phase: 'confirm' }),
            anOkCheck('a', T0 + 22_000, { phase: 'confirm' }),
            anOkCheck('a', T0 + 30_000, at(0, 0.5)), // bucket 0
            anOkCheck('a', T0 + 40_000, at(0, 45_000)), // bucket 23 (above 30 s)
            anOkCheck('a', T0 + MINUTE + 5, at(0, 250)), // next minute, bucket 12 (200-300 ms)
            anOkCheck('b', T0 + 5_000),
          ]);
          const keys = await store.historyKeyRange();
          assert.ok(keys);
          const onlyA = { first: keys.first, last: keys.first };
          assert.equal(await store.rollUp('minute', { ...onlyA, from: T0, to: T0 + HOUR }), 2);
          const minutes = [
            { bucket: T0, checks: 5, failures: 1, totalMs: 45_047.8, histogram: histogram([0, 1], [8, 1], [23, 1]) },
            { bucket: T0 + MINUTE, checks: 1, failures: 0, totalMs: 250, histogram: histogram([12, 1]) },
          ];
          assert.deepEqual(await store.listRollups('a', { period: 'minute', from: T0, to: T0 + HOUR }), minutes);
          assert.deepEqual(await store.listRollups('b', { period: 'minute', from: T0, to: T0 + HOUR }), [], 'b is outside the key range');

          assert.equal(await store.rollUp('minute', { ...onlyA, from: T0, to: T0 + HOUR }), 2, 'a second run replaces');
          assert.deepEqual(await store.listRollups('a', { period: 'minute', from: T0, to: T0 + HOUR }), minutes);
          const whole = { checks: 6, failures: 1, totalMs: 45_297.8, histogram: histogram([0, 1], [8, 1], [12, 1], [23, 1]) };
          await store.rollUp('hour', { ...keys, from: T0, to: T0 + DAY });
          assert.deepEqual(await store.listRollups('a', { period: 'hour', from: T0, to: T0 + DAY }), [{ bucket: T0, ...whole }]);
          await store.rollUp('day', { ...keys, from: T0, to: T0 + DAY });
          assert.deepEqual(await store.listRollups('a', { period: 'day', from: T0, to: T0 + DAY }), [{ bucket: T0, ...whole }]);
          assert.deepEqual(await store.listRollups('a', { period: 'day', from: T0 + DAY, to: T0 + 2 * DAY }), []);
        }));

      test('pruning deletes only what is older than `before`, of the monitors in the key range, at most `limit` a call', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertMonitor(aMonitor('b'));
          // Failures all, so that every check has a row of details as well.
          await store.insertChecks(['a', 'b'].flatMap((id) => Array.from({ length: 10 }, (_, i) => aFailedCheck(id, T0 + i * MINUTE))));
          const keys = await store.historyKeyRange();
          assert.ok(keys);
          const onlyA = { first: keys.first, last: keys.first };
          await store.rollUp('minute', { ...keys, from: T0, to: T0 + HOUR });
          await store.rollUp('hour', { ...keys, from: T0, to: T0 + HOUR });

          const before = T0 + 5 * MINUTE;
          assert.equal(await store.pruneChecks({ ...onlyA, before, limit: 3 }), 3);
          assert.equal(await store.pruneChecks({ ...onlyA, before, limit: 3 }), 2);
          assert.equal(await store.pruneChecks({ ...onlyA, before, limit: 3 }), 0, 'no check and no detail is left before the cut');
          const left = await store.listChecks('a', { limit: 100 });
          assert.deepEqual(left.map((c) => c.at - T0).reverse(), [5, 6, 7, 8, 9].map((i) => i * MINUTE));
          assert.deepEqual(left.at(-1), aFailedCheck('a', before), 'the checks kept keep their details');
          assert.equal((await store.listChecks('b', { limit: 100 })).length, 10);

          assert.equal(await store.pruneRollups('minute', { ...keys, before, limit: 100 }), 10);
          assert.deepEqual((await store.listRollups('a', { period: 'minute', from: T0, to: T0 + HOUR })).map((r) => r.bucket - T0), [5, 6, 7, 8, 9].map((i) => i * MINUTE));
          assert.equal((await store.listRollups('b', { period: 'hour', from: T0, to: T0 + HOUR })).length, 1, 'other periods are untouched');
        }));

      test('uptime over each window comes from the rollups, then the minutes and the checks since the marks', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          const now = T0 + 100 * DAY + 12 * HOUR + 30 * MINUTE;
          await store.insertChecks([
            aFailedCheck('a', now - 80 * DAY), // 90d only
            anOkCheck('a', now - 20 * DAY), // 30d on
            aFailedCheck('a', now - 3 * DAY), // 7d on
            anOkCheck('a', now - 2 * HOUR), // every window, from hours
            anOkCheck('a', now - 20 * MINUTE), // from minutes
            aFailedCheck('a', now - 3 * MINUTE, { transient: true }), // from the checks: counted, not a failure
            aFailedCheck('a', now - 2 * MINUTE),
            aFailedCheck('a', now - MINUTE, { phase: 'confirm' }), // not counted
          ]);
          const marks = await rollUpTo(store, T0, now);
          // What is rolled up no longer needs its source: the figures must come from the rollups.
          const keys = await store.historyKeyRange();
          assert.ok(keys);
          await store.pruneChecks({ ...keys, before: marks.minute, limit: 1_000 });
          await store.pruneRollups('minute', { ...keys, before: marks.hour, limit: 1_000 });

          const uptime = await store.uptimeOf('a', now);
          assert.ok(uptime);
          const times = { meanMs: 47.3, p50Ms: 40, p95Ms: 49, p99Ms: 49.8 };
          assert.deepEqual(uptime['24h'], { from: now - DAY - 30 * MINUTE, checks: 4, failures: 1, uptime: 75, ...times });
          assert.deepEqual(uptime['7d'], { from: now - 7 * DAY - 30 * MINUTE, checks: 5, failures: 2, uptime: 60, ...times });
          assert.deepEqual(uptime['30d'], { from: T0 + 70 * DAY, checks: 6, failures: 2, uptime: (100 * 4) / 6, ...times });
          assert.deepEqual(uptime['90d'], { from: T0 + 10 * DAY, checks: 7, failures: 3, uptime: (100 * 4) / 7, ...times });
          assert.equal(await store.uptimeOf('nope', now), undefined);
        }));

      test('daily bars: complete days from the day rollups, the days after the day mark from hours and minutes, today\'s last minutes from the checks', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertMonitor(aMonitor('b'));
          const now = T0 + 10 * DAY + 12 * HOUR + 30 * MINUTE;
          await store.insertChecks([
            anOkCheck('a', T0 + 5 * DAY), // before the first bar
            anOkCheck('a', T0 + 6 * DAY + HOUR),
            aFailedCheck('a', T0 + 6 * DAY + 2 * HOUR),
            anOkCheck('a', T0 + 8 * DAY + 5 * HOUR),
            aFailedCheck('a', T0 + 10 * DAY + 3 * HOUR), // today, from hours
            anOkCheck('a', T0 + 10 * DAY + 12 * HOUR + 10 * MINUTE), // today, from minutes
            aFailedCheck('a', now - 2 * MINUTE), // not rolled up yet: from the checks
            aFailedCheck('a', now - MINUTE, { phase: 'confirm' }), // a re-check: not counted
            anOkCheck('b', T0 + 9 * DAY),
          ]);
          await rollUpTo(store, T0, now);
          const bars = await store.dailyBars(['a', 'b', 'ghost'], 5, now);
          assert.deepEqual(bars.days, [6, 7, 8, 9, 10].map((d) => T0 + d * DAY));
          assert.deepEqual([...bars.monitors.keys()].sort(), ['a', 'b']);
          assert.deepEqual(bars.monitors.get('a'), { checks: [2, 0, 1, 0, 3], failures: [1, 0, 0, 0, 2], uptime: [50, null, 100, null, 100 / 3] });
          assert.deepEqual(bars.monitors.get('b'), { checks: [0, 0, 0, 1, 0], failures: [0, 0, 0, 0, 0], uptime: [null, null, null, 100, null] });
          // More days than the packed bars hold come from the rollups: the same figures.
          const long = await store.dailyBars(['a', 'b'], 150, now);
          assert.deepEqual(long.days.slice(-5), bars.days);
          assert.deepEqual(long.monitors.get('a')?.checks.slice(-6), [1, 2, 0, 1, 0, 3]);
          assert.deepEqual(long.monitors.get('a')?.failures.slice(-5), [1, 0, 0, 0, 2]);
          assert.deepEqual(long.monitors.get('b')?.uptime.slice(-5), [null, null, null, 100, null]);
        }));

      test('packed daily bars: a minute packed twice counts once; the newest 100 days are kept', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          const now = T0 + 120 * DAY + HOUR;
          await store.insertChecks([aFailedCheck('a', T0 + 2 * DAY), ...Array.from({ length: 120 }, (_, d) => anOkCheck('a', T0 + d * DAY + MINUTE))]);
          const keys = await store.historyKeyRange();
          assert.ok(keys);
          await store.rollUp('minute', { ...keys, from: T0, to: now });
          assert.equal(await store.packDailyBars({ ...keys, from: T0, to: T0 + 50 * DAY }), 1);
          // A crash after part of a span was packed: the span again, longer, adds only what is new.
          assert.equal(await store.packDailyBars({ ...keys, from: T0, to: T0 + 50 * DAY }), 0);
          assert.equal(await store.packDailyBars({ ...keys, from: T0, to: now }), 1);
          await store.setRollupMark('minute', now);
          const bars = await store.dailyBars(['a'], 100, now);
          assert.deepEqual(bars.monitors.get('a')?.checks, [...new Array<number>(99).fill(1), 0]);
          // Asked about the past (days -29 to 70), the packed bars have only days 20 on.
          const older = await store.dailyBars(['a'], 100, now - 50 * DAY);
          assert.deepEqual(older.monitors.get('a')?.checks.slice(29), [...new Array<number>(20).fill(0), ...new Array<number>(51).fill(1)]);
        }));

      // The dashboard's bulk reads (kysely-dashboard-reads.ts).
      test('dashboard: the last check of every monitor, a confirmation re-check included; none for a monitor without checks', () =>
        withStore(async (store) => {
          for (const id of ['a', 'b', 'c']) await store.insertMonitor(aMonitor(id));
          await store.insertChecks([
            anOkCheck('a', T0),
            aFailedCheck('a', T0 + MINUTE),
            aFailedCheck('a', T0 + MINUTE + 1_000, { phase: 'confirm', kind: 'timeout', timings: { dns: 0, connect: 0, tls: 0, ttfb: 0, total: 10_000 } }),
            anOkCheck('b', T0 + 2 * MINUTE, { kind: 'degraded' }),
            anOkCheck('b', T0 + MINUTE),
          ]);
          const last = await store.lastChecks();
          assert.deepEqual([...last.keys()].sort(), ['a', 'b']);
          assert.deepEqual(last.get('a'), { at: T0 + MINUTE + 1_000, ok: false, totalMs: 10_000, kind: 'timeout' });
          assert.deepEqual(last.get('b'), { at: T0 + 2 * MINUTE, ok: true, totalMs: 47.3, kind: 'degraded' });
        }));

      test("dashboard: every monitor's 24-hour uptime agrees with uptimeOf, from hours, minutes and checks", () =>
        withStore(async (store) => {
          for (const id of ['a', 'b', 'c']) await store.insertMonitor(aMonitor(id));
          const now = T0 + 3 * DAY + 12 * HOUR + 30 * MINUTE;
          await store.insertChecks([
            aFailedCheck('a', now - 2 * DAY), // outside the window
            anOkCheck('a', now - 20 * HOUR), // from hours
            aFailedCheck('a', now - 3 * HOUR),
            anOkCheck('a', now - 20 * MINUTE), // from minutes
            aFailedCheck('a', now - 3 * MINUTE, { transient: true }), // from the checks: counted, not a failure
            aFailedCheck('a', now - 2 * MINUTE),
            aFailedCheck('a', now - MINUTE, { phase: 'confirm' }), // not counted
            anOkCheck('b', now - 5 * HOUR),
          ]);
          await rollUpTo(store, T0, now);
          const uptimes = await store.uptimes24h(now);
          assert.deepEqual(uptimes.get('a'), { checks: 5, failures: 2, uptime: 60 });
          assert.deepEqual(uptimes.get('b'), { checks: 1, failures: 0, uptime: 100 });
          assert.deepEqual(uptimes.get('c'), { checks: 0, failures: 0, uptime: null });
          const single = (await store.uptimeOf('a', now))?.['24h'];
          assert.equal(single?.checks, 5);
          assert.equal(single?.failures, 2);
        }));

      test("dashboard: a monitor's check timings as columns, oldest first, the newest `limit` of the span", () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertMonitor(aMonitor('b'));
          await store.insertChecks([
            anOkCheck('a', T0),
            anOkCheck('a', T0 + MINUTE),
            aFailedCheck('a', T0 + 2 * MINUTE, { timings: { dns: 1, connect: 2, tls: 0, ttfb: 0, total: 3.5 } }),
            anOkCheck('a', T0 + 3 * MINUTE),
            anOkCheck('b', T0 + MINUTE),
          ]);
          const timings = await store.checkTimings('a', { from: T0, to: T0 + 3 * MINUTE, limit: 2 });
          assert.deepEqual(timings, {
            at: [T0 + MINUTE, T0 + 2 * MINUTE],
            ok: [true, false],
            dns: [1.5, 1],
            connect: [2.2, 2],
            tls: [3.1, 0],
            ttfb: [40.5, 0],
            total: [47.3, 3.5],
          });
          assert.deepEqual((await store.checkTimings('nope', { from: T0, to: T0 + DAY, limit: 10 })).at, []);
        }));
    });

    describe('status pages', () => {
      const aPage = (id: string, slug: string, groups: Array<{ name: string; monitors: string[] }>): StatusPage => ({
        id,
        slug,
        title: `Status of ${slug}`,
        description: 'What our users see',
        groups,
        createdAt: T0,
        updatedAt: T0,
      });

      test('are stored with their groups and monitors in order, found by slug and listed by slug', () =>
        withStore(async (store) => {
          for (const id of ['a', 'b', 'c']) await store.insertMonitor(aMonitor(id));
          const web = aPage('p1', 'web', [{ name: 'Front', monitors: ['c', 'a'] }, { name: 'Empty', monitors: [] }, { name: 'Back', monitors: ['b'] }]);
          const api = aPage('p2', 'api', [{ name: 'All', monitors: ['a', 'b', 'c'] }]);
          await store.insertStatusPage(web);
          await store.insertStatusPage(api);
          assert.deepEqual(await store.findStatusPage('web'), web);
          assert.equal(await store.findStatusPage('nope'), undefined);
          assert.deepEqual(await store.listStatusPages(), [api, web]);
        }));

      test('a taken slug is a CONFLICT and a monitor that is not there NOT_FOUND; neither writes anything', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertStatusPage(aPage('p1', 'web', [{ name: 'G', monitors: ['a'] }]));
          await rejectsWith(store.insertStatusPage(aPage('p2', 'web', [])), 'CONFLICT');
          await rejectsWith(store.insertStatusPage(aPage('p3', 'other', [{ name: 'G', monitors: ['a', 'ghost'] }])), 'NOT_FOUND');
          assert.deepEqual((await store.listStatusPages()).map((p) => p.id), ['p1']);
        }));

      test('an update replaces slug, texts and groups; an unknown page is NOT_FOUND; a failed one changes nothing', () =>
        withStore(async (store) => {
          for (const id of ['a', 'b']) await store.insertMonitor(aMonitor(id));
          const page = aPage('p1', 'web', [{ name: 'G', monitors: ['a'] }]);
          await store.insertStatusPage(page);
          await store.insertStatusPage(aPage('p2', 'taken', []));
          const changed: StatusPage = { ...page, slug: 'site', title: 'Site', description: '', groups: [{ name: 'H', monitors: ['b', 'a'] }], updatedAt: T0 + 1 };
          await store.updateStatusPage(changed);
          assert.deepEqual(await store.findStatusPage('site'), changed);
          assert.equal(await store.findStatusPage('web'), undefined);
          await rejectsWith(store.updateStatusPage({ ...changed, slug: 'taken' }), 'CONFLICT');
          await rejectsWith(store.updateStatusPage({ ...changed, groups: [{ name: 'H', monitors: ['ghost'] }] }), 'NOT_FOUND');
          assert.deepEqual(await store.findStatusPage('site'), changed, 'a refused update keeps the page as it was');
          await rejectsWith(store.updateStatusPage(aPage('p9', 'new', [])), 'NOT_FOUND');
        }));

      test('deleting a monitor takes it off every page; deleting a page leaves its monitors', () =>
        withStore(async (store) => {
          for (const id of ['a', 'b']) await store.insertMonitor(aMonitor(id));
          await store.insertStatusPage(aPage('p1', 'web', [{ name: 'G', monitors: ['a', 'b'] }, { name: 'H', monitors: ['a'] }]));
          await store.deleteMonitor('a');
          assert.deepEqual((await store.findStatusPage('web'))?.groups, [{ name: 'G', monitors: ['b'] }, { name: 'H', monitors: [] }]);
          assert.equal(await store.deleteStatusPage('web'), true);
          assert.equal(await store.deleteStatusPage('web'), false);
          assert.equal(await store.findStatusPage('web'), undefined);
          assert.ok(await store.findMonitor('b'));
        }));

      test('monitors by ids: those that exist', () =>
        withStore(async (store) => {
          const a = aMonitor('a');
          const b = aMonitor('b');
          await store.insertMonitor(a);
          await store.insertMonitor(b);
          const found = await store.findMonitorsByIds(['b', 'ghost', 'a']);
          assert.deepEqual(found.sort((x, y) => x.id.localeCompare(y.id)), [a, b]);
          assert.deepEqual(await store.findMonitorsByIds([]), []);
        }));

      test('incidents open at any time in a span, of many monitors, newest first, at most `limit`', () =>
        withStore(async (store) => {
          for (const id of ['a', 'b', 'c']) await store.insertMonitor(aMonitor(id));
          const HOUR = 3_600_000;
          const from = T0 + 10 * HOUR;
          const to = T0 + 20 * HOUR;
          const incidents = [
            anIncident('before', 'a', T0, T0 + HOUR), // resolved before the span: left out
            anIncident('into', 'a', T0 + 9 * HOUR, T0 + 11 * HOUR), // started before, still open at its start
            anIncident('within', 'b', T0 + 12 * HOUR, T0 + 13 * HOUR),
            anIncident('open', 'b', T0 + 15 * HOUR), // not resolved yet
            anIncident('other', 'c', T0 + 16 * HOUR, T0 + 17 * HOUR), // a monitor not asked about
            anIncident('after', 'a', T0 + 20 * HOUR, T0 + 21 * HOUR), // starts at the end: left out
          ];
          for (const incident of incidents) {
            await store.recordTransition({ monitorId: incident.monitorId, state: aState({ status: 'down', incidentId: incident.id }), openIncident: { ...incident, resolvedAt: null }, deliveries: [] });
            if (incident.resolvedAt !== null) await store.recordTransition({ monitorId: incident.monitorId, state: aState({ status: 'up' }), resolveIncident: { id: incident.id, resolvedAt: incident.resolvedAt }, deliveries: [] });
          }
          const ids = (list: { id: string }[]) => list.map((i) => i.id);
          assert.deepEqual(ids(await store.listIncidentsOverlapping(['a', 'b', 'ghost'], { from, to, limit: 10 })), ['open', 'within', 'into']);
          assert.deepEqual(ids(await store.listIncidentsOverlapping(['a', 'b'], { from, to, limit: 2 })), ['open', 'within']);
          assert.deepEqual(await store.listIncidentsOverlapping(['b'], { from, to, limit: 10 }), [incidents[3], incidents[2]]);
          assert.deepEqual(await store.listIncidentsOverlapping([], { from, to, limit: 10 }), []);
        }));
    });

    notifierContract(withStore, rejectsWith);

    test('migrating again changes nothing', () =>
      withStore(async (store) => {
        const m = aMonitor('a');
        await store.insertMonitor(m);
        await store.migrate();
        await store.migrate();
        assert.deepEqual(await store.listMonitors(), [m]);
      }));
  });
}

function pick(d: { attempts: number; deliveredAt: number | null; givenUpAt: number | null; lastError: string | null; lastHttpStatus: number | null } | undefined) {
  assert.ok(d);
  const { attempts, deliveredAt, givenUpAt, lastError, lastHttpStatus } = d;
  return { attempts, deliveredAt, givenUpAt, lastError, lastHttpStatus };
}
