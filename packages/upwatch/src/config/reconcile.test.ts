import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Monitor, MonitorSource, MonitorSpec } from '../core/monitor.js';
import { parseMonitorInput } from './monitor-input.js';
import { planReconcile } from './reconcile.js';

function spec(input: Record<string, unknown>): MonitorSpec {
  const result = parseMonitorInput({ url: 'http://127.0.0.1:8080/', ...input });
  if (!result.ok) assert.fail(JSON.stringify(result.errors));
  return result.spec;
}

function stored(s: MonitorSpec, source: MonitorSource = 'config'): Monitor {
  return { id: `id-${s.name}`, source, paused: false, spec: s, createdAt: 1, updatedAt: 1 };
}

const names = (list: Array<Monitor | MonitorSpec>) => list.map((m) => ('spec' in m ? m.spec.name : m.name));

describe('planReconcile', () => {
  test('adds, updates, removes and keeps, by name', () => {
    const existing = [stored(spec({ name: 'same', interval: '60s' })), stored(spec({ name: 'changed', interval: '60s' })), stored(spec({ name: 'gone' }))];
    const desired = [spec({ name: 'same', interval: '1m' }), spec({ name: 'changed', interval: '30s' }), spec({ name: 'new' })];
    const plan = planReconcile(desired, existing);
    assert.deepEqual(names(plan.add), ['new']);
    assert.deepEqual(plan.update.map((u) => [u.monitor.id, u.spec.intervalMs]), [['id-changed', 30_000]]);
    assert.deepEqual(names(plan.remove), ['gone']);
    assert.deepEqual(names(plan.unchanged), ['same']);
    assert.deepEqual(plan.conflicts, []);
  });

  test('1m and 60s, 200 and "200", header order: no change', () => {
    const a = spec({ name: 'a', interval: '60s', expect: { status: ['200'] }, headers: { A: '1', B: '2' } });
    const b = spec({ name: 'a', interval: '1m', expect: { status: [200] }, headers: { B: '2', A: '1' } });
    assert.deepEqual(names(planReconcile([b], [stored(a)]).unchanged), ['a']);
  });

  test('any changed key is an update, deep inside expect too', () => {
    const base = spec({ name: 'a', expect: { status: [200], body_contains: 'ok' } });
    for (const change of [{ expect: { status: [200], body_contains: 'OK' } }, { notify: ['ops'] }, { method: 'HEAD' }, { headers: { A: '1' } }, { recover: 2 }]) {
      const plan = planReconcile([spec({ name: 'a', expect: { status: [200], body_contains: 'ok' }, ...change })], [stored(base)]);
      assert.equal(plan.update.length, 1, JSON.stringify(change));
    }
  });

  test('a monitor made through the API is never touched: a name clash is a conflict', () => {
    const api = stored(spec({ name: 'api', interval: '5s' }), 'api');
    const onlyApi = stored(spec({ name: 'mine' }), 'api');
    const plan = planReconcile([spec({ name: 'api' })], [api, onlyApi]);
    assert.deepEqual(plan, {
      add: [],
      update: [],
      remove: [],
      unchanged: [],
      conflicts: [{ name: 'api', reason: 'a monitor named "api" was created through the API; rename one of them, or delete the API one to let the file manage it' }],
    });
  });

  test('an empty file removes every config monitor and only those', () => {
    const plan = planReconcile([], [stored(spec({ name: 'a' })), stored(spec({ name: 'b' }), 'api')]);
    assert.deepEqual(names(plan.remove), ['a']);
  });

  test('a name given twice is applied once', () => {
    const plan = planReconcile([spec({ name: 'a' }), spec({ name: 'a', interval: '5s' })], []);
    assert.deepEqual(plan.add.map((s) => s.intervalMs), [60_000]);
    assert.equal(plan.conflicts.length, 1);
  });
});
