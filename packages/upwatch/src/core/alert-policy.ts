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
  /** Held: the monitor is flapping, and nothing more is told until it is stable. */
  flapping: boolean;
  /** The flapping alert went out, so the end of the spell is worth telling. */
  flappingAlerted: boolean;
  /** The current outage's down alert went out (so its recovery is worth telling). */
  downAlerted: boolean;
  lastRemindedAt: number | null;
  /** Escalation steps already sent for the current outage. */
  escalated: number;
  /** Notifiers an escalation told of the current outage: they hear of its recovery too. */
  escalatedTo: string[];
}

export function initialAlertingState(): AlertingState {
  return { changes: [], flapping: false, flappingAlerted: false, downAlerted: false, lastRemindedAt: null, escalated: 0, escalatedTo: [] };
}

/** What the store says was sent for the outage a restart found. */
export interface OutageHistory {
  /** The down alert (or a reminder of it) went out to the monitor's notifiers. */
  downAlerted: boolean;
  /** When the last down or reminder went out. */
  lastRemindedAt: number | null;
  /** Escalation steps sent, and to whom. */
  escalated: number;
  escalatedTo: string[];
}

/**
 * The policy's state after a restart, rebuilt from what the store recorded as sent for the
 * ongoing outage: nothing is told twice, and nothing that was never told is taken as told (an
 * outage held by a maintenance window is still alerted when the window ends). A flapping spell
 * is not remembered.
 */
export function alertingStateAfterRestart(history: OutageHistory | null): AlertingState {
  if (history === null) return initialAlertingState();
  return { ...initialAlertingState(), ...history, escalatedTo: [...history.escalatedTo] };
}

export type AlertingInput =
  /** The detector reported a transition. */
  | { kind: 'event'; event: 'down' | 'up' | 'degraded' }
  /** A check with no transition: time for reminders, escalations, and the end of maintenance or flapping. */
  | { kind: 'tick'; status: MonitorStatus; outageStartedAt: number | null };

export interface AlertingDecision {
  state: AlertingState;
  /**
   * Alerts to queue, each to the notifiers named: 'monitor' means the monitor's own, and
   * `alsoNotify` adds others (the escalation targets, for a recovery).
   */
  send: Array<{ type: AlertEventType; notify: 'monitor' | string[]; alsoNotify?: string[] }>;
  /** Events that reached no one, and why: recorded so the silence can be explained later. */
  suppressed: Array<{ type: AlertEventType; reason: 'maintenance' | 'flapping' }>;
}

/**
 * Decides the alerts for one detector event or check.
 * @example decideAlerts(policy, state, { kind: 'event', event: 'down' }, now, false).send // [{ type: 'down', notify: 'monitor' }]
 */
export function decideAlerts(policy: AlertingPolicy, state: AlertingState, input: AlertingInput, now: number, inMaintenance: boolean): AlertingDecision {
  const decision: AlertingDecision = { state: { ...state, changes: [...state.changes], escalatedTo: [...state.escalatedTo] }, send: [], suppressed: [] };
  const next = decision.state;
  const hold = (type: AlertEventType, reason: 'maintenance' | 'flapping') => decision.suppressed.push({ type, reason });
  // A recovery goes to whoever heard of the outage: the monitor's notifiers and its escalations'.
  const recovery = () => ({ type: 'up' as const, notify: 'monitor' as const, ...(next.escalatedTo.length > 0 ? { alsoNotify: [...next.escalatedTo] } : {}) });
  const outageOver = () => {
    next.downAlerted = false;
    next.lastRemindedAt = null;
    next.escalated = 0;
    next.escalatedTo = [];
  };
  if (policy.flapping) next.changes = next.changes.filter((at) => now - at < policy.flapping!.windowMs);

  if (input.kind === 'event') {
    if (input.event === 'degraded') {
      if (next.flapping) hold('degraded', 'flapping');
      else if (inMaintenance) hold('degraded', 'maintenance');
      else decision.send.push({ type: 'degraded', notify: 'monitor' });
      return decision;
    }
    if (policy.flapping) next.changes.push(now);
    const startsFlapping = !next.flapping && policy.flapping !== null && next.changes.length > policy.flapping.changes;
    if (next.flapping || startsFlapping) {
      if (startsFlapping) {
        next.flapping = true;
        // An outage that was told is closed before the spell starts, so no pager stays open.
        if (input.event === 'up' && next.downAlerted) decision.send.push(recovery());
        if (inMaintenance) hold('flapping', 'maintenance');
        else decision.send.push({ type: 'flapping', notify: 'monitor' });
        next.flappingAlerted = !inMaintenance;
      }
      if (!(startsFlapping && input.event === 'up' && next.downAlerted)) hold(input.event, 'flapping');
      // The stable state announces itself once the spell is over.
      outageOver();
      return decision;
    }
    if (input.event === 'down') {
      outageOver();
      if (inMaintenance) hold('down', 'maintenance');
      else {
        decision.send.push({ type: 'down', notify: 'monitor' });
        next.downAlerted = true;
        next.lastRemindedAt = now;
      }
      return decision;
    }
    // Up: a recovery is news only to those who heard of the outage, maintenance or not.
    if (next.downAlerted) decision.send.push(recovery());
    else hold('up', 'maintenance');
    outageOver();
    return decision;
  }

  const down = (input.status === 'down' || input.status === 'recovering') && input.outageStartedAt !== null;
  if (next.flapping) {
    const stable = policy.flapping === null || next.changes.length === 0 || now - next.changes[next.changes.length - 1]! >= policy.flapping.windowMs;
    // Inside a maintenance window the spell is kept until the window ends, so its end is told.
    if (!stable || inMaintenance) return decision;
    next.flapping = false;
    next.changes = [];
    const told = next.flappingAlerted;
    next.flappingAlerted = false;
    // Stable again: say where it settled, once. A spell nobody heard of needs no "up".
    if (!down) {
      if (told) decision.send.push({ type: 'up', notify: 'monitor' });
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
    const step = policy.escalations[next.escalated]!;
    decision.send.push({ type: 'escalation', notify: step.notify });
    next.escalatedTo = [...new Set([...next.escalatedTo, ...step.notify])];
    next.escalated++;
  }
  return decision;
}
