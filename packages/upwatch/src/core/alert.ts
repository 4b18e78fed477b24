import type { CheckResult } from './check-result.js';
import type { Incident } from './incident.js';
import type { MonitorSpec, MonitorTarget } from './monitor.js';

/**
 * down and up bracket an incident; reminder and escalation repeat a down that lasts; flapping
 * replaces a run of downs and ups; test is `upwatch notify test`. The webhook's `event` field
 * carries these names: extend the list, never rename one.
 */
export type AlertEventType = 'down' | 'up' | 'degraded' | 'reminder' | 'escalation' | 'flapping' | 'cert_expiring' | 'test';

/**
 * One thing worth telling people, as the engine hands it to the outbox. Notifiers render it for
 * their channel; the webhook sends it almost as it is.
 */
export interface Alert {
  /** Unique per alert and stable across delivery retries, so receivers can drop duplicates. */
  id: string;
  type: AlertEventType;
  at: number;
  monitor: AlertMonitor;
  incident: Incident | null;
  check: CheckResult;
}

/**
 * The monitor as an alert names it. `url` and `method` predate the other kinds: for an http
 * monitor they are its URL and method; for the others `url` is the target as a URL (tcp://…)
 * and `method` is null. `target` is the one line to show.
 */
export interface AlertMonitor extends MonitorTarget {
  id: string;
  name: string;
  type: string;
}

export function alertMonitor(id: string, spec: MonitorSpec, target: MonitorTarget): AlertMonitor {
  return { id, name: spec.name, type: spec.type, ...target };
}
