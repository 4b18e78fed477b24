import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alertingStateAfterRestart, decideAlerts, DEFAULT_ALERTING, initialAlertingState, type AlertingPolicy, type AlertingState } from './alert-policy.js';

const MIN = 60_000;

/** Runs a script of inputs through the policy and lists what was sent, as "type@minute→who". */
function run(policy: AlertingPolicy, steps: Array<[number, Parameters<typeof decideAlerts>[2], boolean?]>, state: AlertingState = initialAlertingState()) {
  const sent: string[] = [];
  const suppressed: string[] = [];
  for (const [minute, input, maintenance] of steps) {
    const d = decideAlerts(policy, state, input, minute * MIN, maintenance ?? false);
    state = d.state;
    for (const s of d.send) {
      const to = [...(s.notify === 'monitor' ? [] : s.notify), ...(s.alsoNotify ?? [])];
      sent.push(`${s.type}@${minute}${to.length === 0 ? '' : `→${to.join(',')}`}`);
    }
    for (const s of d.suppressed) suppressed.push(`${s.type}@${minute}:${s.reason}`);
  }
  return { sent, suppressed, state };
}

const down = { kind: 'event', event: 'down' } as const;
const up = { kind: 'event', event: 'up' } as const;
const tick = (outageStartedAt: number | null, status: 'down' | 'up' = outageStartedAt === null ? 'up' : 'down') =>
  ({ kind: 'tick', status, outageStartedAt: outageStartedAt === null ? null : outageStartedAt * MIN }) as const;

describe('alert policy', () => {
  test('one alert per state change, and nothing repeated by default', () => {
    const { sent } = run(DEFAULT_ALERTING, [[0, down], [1, tick(0)], [30, tick(0)], [90, tick(0)], [91, up], [92, tick(null)]]);
    assert.deepEqual(sent, ['down@0', 'up@91']);
  });

  test('reminders repeat the down alert every remind_every while the outage lasts', () => {
    const policy = { ...DEFAULT_ALERTING, remindEveryMs: 30 * MIN };
    const { sent } = run(policy, [[0, down], [29, tick(0)], [30, tick(0)], [45, tick(0)], [61, tick(0)], [70, up], [100, tick(null)]]);
    assert.deepEqual(sent, ['down@0', 'reminder@30', 'reminder@61', 'up@70']);
  });

  test('escalations go to their own notifiers once each, in order, and start over with the next outage', () => {
    const policy = { ...DEFAULT_ALERTING, escalations: [{ afterMs: 15 * MIN, notify: ['oncall'] }, { afterMs: 60 * MIN, notify: ['cto'] }] };
    const { sent } = run(policy, [[0, down], [14, tick(0)], [15, tick(0)], [16, tick(0)], [120, tick(0)], [121, up], [200, down], [216, tick(200)]]);
    assert.deepEqual(sent, ['down@0', 'escalation@15→oncall', 'escalation@120→cto', 'up@121→oncall,cto', 'down@200', 'escalation@216→oncall']);
  });

  test('maintenance holds the down alert and records why; a recovery inside it says nothing', () => {
    const { sent, suppressed } = run(DEFAULT_ALERTING, [[0, down, true], [5, tick(0), true], [10, up, true]]);
    assert.deepEqual(sent, []);
    assert.deepEqual(suppressed, ['down@0:maintenance', 'up@10:maintenance']);
  });

  test('an outage that outlasts its maintenance window is alerted when the window ends, and its recovery too', () => {
    const { sent } = run(DEFAULT_ALERTING, [[0, down, true], [59, tick(0), true], [60, tick(0)], [61, tick(0)], [70, up]]);
    assert.deepEqual(sent, ['down@60', 'up@70']);
  });

  test('a recovery during maintenance of an outage people heard about is still told', () => {
    const { sent } = run(DEFAULT_ALERTING, [[0, down], [10, tick(0), true], [20, up, true]]);
    assert.deepEqual(sent, ['down@0', 'up@20']);
  });

  test('flapping: past the limit of changes one flapping alert goes out, then silence until stable, then where it settled', () => {
    const policy = { ...DEFAULT_ALERTING, flapping: { changes: 4, windowMs: 30 * MIN } };
    const { sent, suppressed } = run(policy, [
      [0, down], [2, up], [4, down], [6, up],
      [8, down], // the fifth change in 30 minutes
      [10, up], [12, down], [13, tick(12)],
      [42, tick(12)], // 30 minutes without a change: stable, and down
      [43, tick(12)], [50, up],
    ]);
    assert.deepEqual(sent, ['down@0', 'up@2', 'down@4', 'up@6', 'flapping@8', 'down@42', 'up@50']);
    assert.deepEqual(suppressed, ['down@8:flapping', 'up@10:flapping', 'down@12:flapping']);
  });

  test('flapping that settles up sends one up', () => {
    const policy = { ...DEFAULT_ALERTING, flapping: { changes: 2, windowMs: 10 * MIN } };
    const { sent } = run(policy, [[0, down], [1, up], [2, down], [3, up], [12, tick(null)], [13, tick(null)], [20, tick(null)]]);
    assert.deepEqual(sent, ['down@0', 'up@1', 'flapping@2', 'up@13']);
  });

  test('changes spread wider than the window are not flapping', () => {
    const policy = { ...DEFAULT_ALERTING, flapping: { changes: 2, windowMs: 10 * MIN } };
    const { sent } = run(policy, [[0, down], [6, up], [12, down], [18, up], [24, down], [30, up]]);
    assert.deepEqual(sent, ['down@0', 'up@6', 'down@12', 'up@18', 'down@24', 'up@30']);
  });

  test('flapping detection can be turned off', () => {
    const policy = { ...DEFAULT_ALERTING, flapping: null };
    const steps = Array.from({ length: 20 }, (_, i) => [i, i % 2 === 0 ? down : up] as [number, typeof down | typeof up]);
    assert.equal(run(policy, steps).sent.length, 20);
  });

  test('degraded is told unless maintenance or flapping holds it', () => {
    const degraded = { kind: 'event', event: 'degraded' } as const;
    assert.deepEqual(run(DEFAULT_ALERTING, [[0, degraded], [5, degraded, true]]).sent, ['degraded@0']);
  });

  test('after a restart, what was sent for the outage is neither repeated nor taken as sent when it was not', () => {
    const policy = { ...DEFAULT_ALERTING, remindEveryMs: 30 * MIN, escalations: [{ afterMs: 15 * MIN, notify: ['oncall'] }, { afterMs: 60 * MIN, notify: ['cto'] }] };
    // Down at 0 and escalated at 15 before the restart: the reminder is due 30 minutes after the down.
    const told = alertingStateAfterRestart({ downAlerted: true, lastRemindedAt: 0, escalated: 1, escalatedTo: ['oncall'] });
    assert.deepEqual(run(policy, [[21, tick(0)], [30, tick(0)], [60, tick(0)], [61, up]], told).sent, ['reminder@30', 'reminder@60', 'escalation@60→cto', 'up@61→oncall,cto']);
    // Held by a window before the restart: it is told now, and an escalation missed while stopped goes out.
    const held = alertingStateAfterRestart({ downAlerted: false, lastRemindedAt: null, escalated: 0, escalatedTo: [] });
    assert.deepEqual(run(policy, [[40, tick(0)], [41, tick(0)]], held).sent, ['down@40', 'escalation@41→oncall']);
  });

  test('a recovery reaches the escalation targets too, once', () => {
    const policy = { ...DEFAULT_ALERTING, escalations: [{ afterMs: 15 * MIN, notify: ['oncall', 'team'] }] };
    assert.deepEqual(run(policy, [[0, down], [20, tick(0)], [25, up]]).sent, ['down@0', 'escalation@20→oncall,team', 'up@25→oncall,team']);
  });

  test('flapping that starts on a recovery first closes the outage people heard of', () => {
    const policy = { ...DEFAULT_ALERTING, flapping: { changes: 3, windowMs: 30 * MIN } };
    const { sent } = run(policy, [[0, down], [1, up], [2, down], [3, up]]);
    assert.deepEqual(sent, ['down@0', 'up@1', 'down@2', 'up@3', 'flapping@3']);
  });

  test('flapping inside a maintenance window is held, and its end is told only after the window', () => {
    const policy = { ...DEFAULT_ALERTING, flapping: { changes: 2, windowMs: 10 * MIN } };
    const { sent, suppressed } = run(policy, [[0, down, true], [1, up, true], [2, down, true], [3, up, true], [20, tick(null), true], [30, tick(null)]]);
    assert.deepEqual(sent, [], 'a spell nobody heard of needs no "up"');
    assert.deepEqual(suppressed, ['down@0:maintenance', 'up@1:maintenance', 'flapping@2:maintenance', 'down@2:flapping', 'up@3:flapping']);
  });
});
