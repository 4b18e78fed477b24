import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isUpwatchError, type UpwatchErrorCode } from '../core/errors.js';
import type { Store } from './store.js';
import { aDelivery, aFailedCheck, aMonitor, anIncident, anOkCheck, aState, T0 } from './store-fixtures.js';

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
          const [c0, c1, c2, c3, b0] = checks;
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
          assert.deepEqual(listed[0], many[4_999]);
          assert.deepEqual(listed[4_999], many[0]);
        }));

      test('of a monitor deleted meanwhile are dropped, and the rest of the batch is stored', () =>
        withStore(async (store) => {
          await store.insertMonitor(aMonitor('a'));
          await store.insertChecks([anOkCheck('ghost', T0), anOkCheck('a', T0 + 1), aFailedCheck('ghost', T0 + 2)]);
          assert.deepEqual(await store.listChecks('a', { limit: 10 }), [anOkCheck('a', T0 + 1)]);
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
        await store.markAttemptFailed(team1.id, { attempts: 1, nextAttemptAt: T0 + 1_000, error: 'HTTP 502', httpStatus: 502 });
        assert.deepEqual((await store.queueHeads()).map((d) => [d.id, d.attempts, d.nextAttemptAt, d.lastError, d.lastHttpStatus]), [
          [team1.id, 1, T0 + 1_000, 'HTTP 502', 502],
          [ops1.id, 0, T0, null, null],
        ]);
        await store.markDelivered(ops1.id, T0 + 5, 204);
        await store.markDelivered(team1.id, T0 + 1_010, 200);
        assert.deepEqual((await store.queueHeads()).map((d) => d.id), [team2.id]);
        await store.markGivenUp(team2.id, { at: T0 + 6, attempts: 1, error: 'HTTP 410 Gone', httpStatus: 410 });
        assert.deepEqual(await store.queueHeads(), []);

        // Final is final: late marks change nothing.
        await store.markAttemptFailed(ops1.id, { attempts: 9, nextAttemptAt: T0, error: 'late', httpStatus: 500 });
        await store.markGivenUp(team1.id, { at: T0 + 9_999, attempts: 9, error: 'late', httpStatus: 500 });
        const byId = new Map((await store.listDeliveries({ limit: 10 })).map((d) => [d.id, d]));
        assert.deepEqual([...byId.keys()], [team2.id, ops1.id, team1.id]);
        assert.deepEqual(pick(byId.get(team1.id)), { attempts: 2, deliveredAt: T0 + 1_010, givenUpAt: null, lastError: 'HTTP 502', lastHttpStatus: 200 });
        assert.deepEqual(pick(byId.get(ops1.id)), { attempts: 1, deliveredAt: T0 + 5, givenUpAt: null, lastError: null, lastHttpStatus: 204 });
        assert.deepEqual(pick(byId.get(team2.id)), { attempts: 1, deliveredAt: null, givenUpAt: T0 + 6, lastError: 'HTTP 410 Gone', lastHttpStatus: 410 });
        assert.deepEqual((await store.listDeliveries({ alertId: 'alert-1', limit: 10 })).map((d) => d.id), [ops1.id, team1.id]);
      }));

    test('API tokens are found by hash and counted; a hash is unique', () =>
      withStore(async (store) => {
        assert.equal(await store.countApiTokens(), 0);
        const token = { id: 't1', name: 'ci', hash: 'ab'.repeat(32), createdAt: T0 };
        await store.insertApiToken(token);
        await store.insertApiToken({ id: 't2', name: 'ops', hash: 'cd'.repeat(32), createdAt: T0 + 1 });
        assert.deepEqual(await store.findApiTokenByHash(token.hash), token);
        assert.equal(await store.findApiTokenByHash('ef'.repeat(32)), undefined);
        assert.equal(await store.countApiTokens(), 2);
        await rejectsWith(store.insertApiToken({ id: 't3', name: 'again', hash: token.hash, createdAt: T0 }), 'CONFLICT');
        assert.equal(await store.countApiTokens(), 2);
      }));

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
