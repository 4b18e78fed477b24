import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { MonitorList } from './monitor-list';
import type { LiveMonitorChange, MonitorSummary } from './types';

// The list schedules its flush on an animation frame, or a timer in a hidden tab: the tests flush by hand.
beforeEach(() => {
  Object.assign(globalThis, { document: { hidden: true }, window: { setTimeout: () => 0 } });
});

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

function row(id: string, state: MonitorSummary['state'], checkedAt: number): MonitorSummary {
  return { id, name: id, type: 'http', target: 'GET http://127.0.0.1/', source: 'api', paused: false, tags: [], state, since: null, incident_id: null, last_check: { at: at(checkedAt), ok: state === 'up', ms: 1, kind: null }, uptime_24h: 100 };
}

function change(id: string, state: LiveMonitorChange['state'], checkedAt: number): LiveMonitorChange {
  return { id, state, since: null, incident_id: null, last_check: { at: at(checkedAt), ok: state === 'up', ms: 1, kind: null, phase: 'regular' } };
}

test('a change that came while a reload was on its way is applied again over the older answer', () => {
  const list = new MonitorList();
  list.load([row('a', 'up', 5)]);
  list.beginLoad();
  list.queue([change('a', 'down', 11)]);
  list.flush();
  assert.equal(list.get('a')?.state, 'down');
  // The reload's answer was read at second 10, before the change.
  list.load([row('a', 'up', 10)]);
  list.flush();
  assert.equal(list.get('a')?.state, 'down');
});

test('a change older than the list it meets is dropped', () => {
  const list = new MonitorList();
  list.beginLoad();
  list.queue([change('a', 'down', 9)]);
  list.load([row('a', 'up', 10)]);
  list.flush();
  assert.equal(list.get('a')?.state, 'up');
});

test('a loaded list with no monitors still learns of a new one', () => {
  const list = new MonitorList();
  let unknown = 0;
  list.onUnknownMonitor = () => unknown++;
  list.queue([change('new', 'up', 1)]);
  list.flush();
  assert.equal(unknown, 0, 'before the first list, changes wait for it');
  list.load([]);
  assert.equal(list.isLoaded, true);
  list.flush();
  assert.equal(unknown, 1);
});

test('new 24-hour uptimes replace the old, for the monitors the list has', () => {
  const list = new MonitorList();
  list.load([row('a', 'up', 1), row('b', 'up', 1)]);
  const before = list.get('b');
  list.setUptimes([{ id: 'a', uptime_24h: 99.5 }, { id: 'ghost', uptime_24h: 1 }]);
  assert.equal(list.get('a')?.uptime_24h, 99.5);
  assert.equal(list.get('b'), before, 'a row that did not change keeps its identity');
});
