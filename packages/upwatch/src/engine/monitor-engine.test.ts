import assert from 'node:assert/strict';
import { NO_EXPECTATIONS } from '../probes/http/http-settings.js';
import { httpSettings } from '../test-support/monitor-spec.js';
import { DEFAULT_ALERTING } from '../core/alert-policy.js';
import { compileWindow, type CompiledWindow } from '../core/maintenance.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Alert } from '../core/alert.js';
import type { Monitor } from '../core/monitor.js';
import { systemClock } from '../core/clock.js';
import { createHttpProbe } from '../probes/http/http-probe.js';
import { createCheckBatcher } from '../store/check-batcher.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { ManualClock } from '../test-support/manual-clock.js';
import { startHttpTarget, type HttpTarget } from '../test-support/targets.js';
import { MonitorEngine } from './monitor-engine.js';

/**
 * The engine with its real parts (scheduler, HTTP probe against a local target, SQLite file) under
 * a manual clock: the confirmation timing, incidents and alerts, and a restart in the middle.
 */
describe('monitor engine', () => {
  let dir: string;
  let target: HttpTarget;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upwatch-engine-'));
    target = await startHttpTarget('ok');
  });
  after(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function monitor(now: number): Monitor {
    return {
      id: 'mon-1',
      source: 'api',
      paused: false,
      createdAt: now,
      updatedAt: now,
      spec: {
        name: 'api',
        type: 'http',
        settings: { url: `${target.url}/health`, method: 'GET', headers: {}, body: null, expect: NO_EXPECTATIONS },
        intervalMs: 30_000,
        timeoutMs: 2_000,
        confirm: 3,
        recover: 1,
        notify: ['ops'],
        tags: [],
        alerting: DEFAULT_ALERTING,
      },
    };
  }

  async function boot(store: Store, clock: ManualClock, maintenance: CompiledWindow[] = []) {
    const checks = createCheckBatcher({ store, clock, onError: (err) => assert.fail(String(err)) });
    const engine = new MonitorEngine({ store, clock, probe: createHttpProbe({ now: () => clock.now() }), checks, onAlertsQueued: () => undefined, maintenance: () => maintenance });
    const alerts: Alert[] = [];
    engine.events.on('alert.queued', ({ alert }) => alerts.push(alert));
    const checkTimes: Array<{ at: number; phase: string }> = [];
    engine.events.on('check.completed', ({ check, phase }) => checkTimes.push({ at: check.at, phase }));
    await engine.start();
    /** Moves the clock in small steps, letting each real HTTP check finish before time goes on. */
    const run = async (ms: number) => {
      for (let t = 0; t < ms; t += 250) {
        await clock.advance(250);
        while (engine.getStats().running > 0) await new Promise((r) => setTimeout(r, 2));
      }
    };
    const stop = async () => {
      await engine.stop(0);
      await checks.close();
    };
    return { engine, alerts, checkTimes, run, stop };
  }

  test('blip, outage confirmed by 1 s, 2 s, 4 s re-checks, restart while down, recovery', async () => {
    const clock = new ManualClock();
    const file = join(dir, 'engine.db');
    let store = await openSqliteStore(file);
    await store.insertMonitor(monitor(clock.now()));
    let e = await boot(store, clock);

    await e.run(30_000);
    assert.equal(e.engine.getState('mon-1')?.status, 'up');

    // One failed check, then fine: transient, no alert.
    let failures = 1;
    target.set((_req, res) => {
      if (failures-- > 0) res.writeHead(502).end();
      else res.writeHead(200).end('ok');
    });
    await e.run(31_000);
    assert.equal(e.engine.getState('mon-1')?.status, 'up');
    assert.equal(e.alerts.length, 0);
    const recent = await store.listChecks('mon-1', { limit: 10 });
    const blip = recent.find((c) => !c.ok);
    assert.equal(blip?.kind, 'http_502');
    assert.equal(blip?.transient, true);

    // A real outage: the regular check fails, then re-checks after 1 s, 2 s and 4 s.
    target.set(500);
    e.checkTimes.length = 0;
    await e.run(31_000);
    const [first, ...confirms] = e.checkTimes;
    assert.ok(first);
    assert.deepEqual(
      confirms.slice(0, 3).map((c, i) => [c.phase, c.at - (i === 0 ? first.at : confirms[i - 1]!.at)]),
      [['confirm', 1_000], ['confirm', 2_000], ['confirm', 4_000]],
    );
    assert.equal(e.alerts.length, 1);
    const down = e.alerts[0]!;
    assert.equal(down.type, 'down');
    assert.equal(down.incident?.startedAt, first.at, 'the incident starts at the first failed check');
    assert.equal(down.check.kind, 'http_500');
    const [stored] = await store.queueHeads();
    assert.equal(stored?.alert.id, down.id, 'the alert is in the outbox');

    // Restart while down: no second down alert.
    await e.stop();
    await store.close();
    store = await openSqliteStore(file);
    e = await boot(store, clock);
    assert.equal(e.engine.getState('mon-1')?.status, 'down');
    await e.run(65_000);
    assert.equal(e.alerts.length, 0);

    target.set('ok');
    await e.run(31_000);
    assert.equal(e.alerts.length, 1);
    const up = e.alerts[0]!;
    assert.equal(up.type, 'up');
    assert.equal(up.incident?.id, down.incident?.id);
    assert.ok(up.incident?.resolvedAt);
    const [incident] = await store.listIncidents({ limit: 5 });
    assert.equal(incident?.resolvedAt, up.incident?.resolvedAt);
    assert.equal(incident?.startedAt, first.at);
    await e.stop();
    await store.close();
  });

  test('a check cancelled by shutdown is neither stored nor counted', async () => {
    const store = await openSqliteStore(join(dir, 'shutdown.db'));
    const hanging = await startHttpTarget('hang');
    const m = monitor(Date.now());
    m.spec = { ...m.spec, settings: { ...httpSettings(m.spec), url: `${hanging.url}/` }, timeoutMs: 10_000, confirm: 0 };
    const checks = createCheckBatcher({ store, clock: systemClock, onError: (err) => assert.fail(String(err)) });
    const engine = new MonitorEngine({ store, clock: systemClock, probe: createHttpProbe(), checks, onAlertsQueued: () => undefined });
    const alerts: Alert[] = [];
    engine.events.on('alert.queued', ({ alert }) => alerts.push(alert));
    await engine.start();
    await store.insertMonitor(m);
    engine.upsert(m); // new to the engine: checked at once
    while (hanging.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    // The grace period ends long before the 10 s timeout: the check is cancelled.
    await engine.stop(100);
    await checks.close();
    assert.deepEqual(alerts, []);
    assert.equal((await store.loadStates()).get(m.id), undefined, 'no state was written');
    assert.deepEqual(await store.listChecks(m.id, { limit: 5 }), []);
    await store.close();
    await hanging.close();
  });

  test('an outage inside a maintenance window is recorded but held; it is told when the window ends, and its recovery too', async () => {
    const clock = new ManualClock();
    const store = await openSqliteStore(join(dir, 'maintenance.db'));
    const m = monitor(clock.now());
    m.spec = { ...m.spec, confirm: 0, alerting: { ...DEFAULT_ALERTING, flapping: null } };
    await store.insertMonitor(m);
    const window = compileWindow({ name: 'db-upgrade', monitors: ['api'], schedule: { type: 'once', startsAt: clock.now() + 60_000, endsAt: clock.now() + 180_000 } });
    const e = await boot(store, clock, [window]);
    await e.run(65_000);

    target.set(503);
    await e.run(60_000);
    assert.equal(e.engine.getState('mon-1')?.status, 'down', 'checks and incidents go on during maintenance');
    assert.equal(e.alerts.length, 0, 'nothing is sent inside the window');
    const held = await store.listDeliveries({ status: 'held', limit: 10 });
    assert.deepEqual(held.map((d) => [d.alert.type, d.notifier, d.heldReason]), [['down', 'ops', 'maintenance window db-upgrade']]);
    assert.deepEqual(await store.queueHeads(), [], 'a held alert is never queued');

    await e.run(70_000);
    assert.deepEqual(e.alerts.map((a) => a.type), ['down'], 'the window ended with the monitor still down: now it is told');
    target.set('ok');
    await e.run(40_000);
    assert.deepEqual(e.alerts.map((a) => a.type), ['down', 'up']);
    await e.stop();
    await store.close();
  });
});
