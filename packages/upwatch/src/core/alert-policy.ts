import type { AlertEventType } from './alert.js';
import type { MonitorStatus } from './detector.js';

/**
 * Alert hygiene: which of the detector's events reach people, and what is said while an outage
 * lasts. The detector decides what the monitor is; this decides what is worth a message. Pure, so
 * hours of reminders, escalations and flapping are tested in microseconds.
 */
export interface AlertingPolicy {
  /** Repeat the down alert this often while the outage lasts; null: never. */
  remindEveryMs: number | null;
  /** Extra notifiers told once an outage has lasted `afterMs`, in order. */
  escalations: Array<{ afterMs: number; notify: string[] }>;
  /** More than `changes` state changes within `windowMs` is flapping; null: no flapping detection. */
  flapping: { changes: number; windowMs: number } | null;
}

export const DEFAULT_ALERTING: AlertingPolicy = {
  remindEveryMs: null,
  escalations: [],
  flapping: { changes: 5, windowMs: 60 * 60_000 },
};

export interface AlertingState {
  /** When the monitor went down or up recently, oldest first: the evidence for flapping. */
  changes: number[];
  /** Held: one flapping alert went out, and nothing more until the monitor is stable. */
  flapping: boolean;
  /** The current outage's down alert went out (so its recovery is worth telling). */
  downAlerted: boolean;
  lastRemindedAt: number | null;
  /** Escalation steps already sent for the current outage. */
  escalated: number;
}

export function initialAlertingState(): AlertingState {
  return { changes: [], flapping: false, downAlerted: false, lastRemindedAt: null, escalated: 0 };
}

/**
 * What a restart finds: the state is kept in memory only. A monitor that is down was alerted
 * (the engine alerts as it confirms), and escalations whose time has passed were sent, so a restart
 * repeats nothing; reminders count again from the restart.
 */
export function alertingStateAfterRestart(policy: AlertingPolicy, status: MonitorStatus, outageStartedAt: number | null, now: number): AlertingState {
  const down = (status === 'down' || status === 'recovering') && outageStartedAt !== null;
  return {
    ...initialAlertingState(),
    downAlerted: down,
    lastRemindedAt: down ? now : null,
    escalated: down ? policy.escalations.filter((e) => now - outageStartedAt! >= e.afterMs).length : 0,
  };
}

export type AlertingInput =
  /** The detector reported a transition. */
  | { kind: 'event'; event: 'down' | 'up' | 'degraded' }
  /** A check with no transition: time for reminders, escalations, and the end of maintenance or flapping. */
  | { kind: 'tick'; status: MonitorStatus; outageStartedAt: number | null };

export interface AlertingDecision {
  state: AlertingState;
  /** Alerts to queue, each to the notifiers named (empty `notify` means the monitor's own). */
  send: Array<{ type: AlertEventType; notify: 'monitor' | string[] }>;
  /** Events that reached no one, and why: recorded so the silence can be explained later. */
  suppressed: Array<{ type: AlertEventType; reason: 'maintenance' | 'flapping' }>;
}

/**
 * Decides the alerts for one detector event or check.
 * @example decideAlerts(policy, state, { kind: 'event', event: 'down' }, now, false).send // [{ type: 'down', notify: 'monitor' }]
 */
export function decideAlerts(policy: AlertingPolicy, state: AlertingState, input: AlertingInput, now: number, inMaintenance: boolean): AlertingDecision {
  const decision: AlertingDecision = { state: { ...state, changes: [...state.changes] }, send: [], suppressed: [] };
  const next = decision.state;
  if (policy.flapping) next.changes = next.changes.filter((at) => now - at < policy.flapping!.windowMs);

  if (input.kind === 'event') {
    if (input.event === 'degraded') {
      if (next.flapping) decision.suppressed.push({ type: 'degraded', reason: 'flapping' });
      else if (inMaintenance) decision.suppressed.push({ type: 'degraded', reason: 'maintenance' });
      else decision.send.push({ type: 'degraded', notify: 'monitor' });
      return decision;
    }
    if (policy.flapping) next.changes.push(now);
    const startsFlapping = !next.flapping && policy.flapping !== null && next.changes.length > policy.flapping.changes;
    if (next.flapping || startsFlapping) {
      if (startsFlapping) {
        next.flapping = true;
        decision.send.push({ type: 'flapping', notify: 'monitor' });
      }
      decision.suppressed.push({ type: input.event, reason: 'flapping' });
      // A flapping alert replaces the outage's own: the stable state announces itself later.
      next.downAlerted = false;
      return decision;
    }
    if (input.event === 'down') {
      next.escalated = 0;
      if (inMaintenance) {
        decision.suppressed.push({ type: 'down', reason: 'maintenance' });
        next.downAlerted = false;
      } else {
        decision.send.push({ type: 'down', notify: 'monitor' });
        next.downAlerted = true;
        next.lastRemindedAt = now;
      }
      return decision;
    }
    // Up: a recovery is news only to those who heard of the outage, maintenance or not.
    if (next.downAlerted) decision.send.push({ type: 'up', notify: 'monitor' });
    else decision.suppressed.push({ type: 'up', reason: 'maintenance' });
    next.downAlerted = false;
    next.lastRemindedAt = null;
    next.escalated = 0;
    return decision;
  }

  const down = (input.status === 'down' || input.status === 'recovering') && input.outageStartedAt !== null;
  if (next.flapping) {
    const stable = policy.flapping === null || next.changes.length === 0 || now - next.changes[next.changes.length - 1]! >= policy.flapping.windowMs;
    if (!stable) return decision;
    next.flapping = false;
    next.changes = [];
    // Stable again: say where it settled, once.
    if (!down) {
      decision.send.push({ type: 'up', notify: 'monitor' });
      return decision;
    }
  }
  if (!down || inMaintenance) return decision;
  if (!next.downAlerted) {
    // Down through a maintenance window or a flapping spell that has now ended: tell it now.
    decision.send.push({ type: 'down', notify: 'monitor' });
    next.downAlerted = true;
    next.lastRemindedAt = now;
    return decision;
  }
  if (policy.remindEveryMs !== null && next.lastRemindedAt !== null && now - next.lastRemindedAt >= policy.remindEveryMs) {
    decision.send.push({ type: 'reminder', notify: 'monitor' });
    next.lastRemindedAt = now;
  }
  const lasted = now - input.outageStartedAt!;
  while (next.escalated < policy.escalations.length && lasted >= policy.escalations[next.escalated]!.afterMs) {
    decision.send.push({ type: 'escalation', notify: policy.escalations[next.escalated]!.notify });
    next.escalated++;
  }
  return decision;
}
