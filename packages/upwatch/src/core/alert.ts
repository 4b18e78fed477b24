import type { CheckResult } from './check-result.js';
import type { Incident } from './incident.js';
import type { MonitorSpec } from './monitor.js';

/**
 * down and up bracket an incident; reminder and escalation repeat a down that lasts; flapping
 * replaces a run of downs and ups; test is `upwatch notify test`. The webhook's `event` field
 * carries these names: extend the list, never rename one.
 */
export type AlertEventType = 'down' | 'up' | 'degraded' | 'reminder' | 'escalation' | 'flapping' | 'test';

/**
 * One thing worth telling people, as the engine hands it to the outbox. Notifiers render it for
 * their channel; the webhook sends it almost as it is.
 */
export interface Alert {
  /** Unique per alert and stable across delivery retries, so receivers can drop duplicates. */
  id: string;
  type: AlertEventType;
  at: number;
  monitor: { id: string; name: string; url: string; method: string };
  incident: Incident | null;
  check: CheckResult;
}

/** The monitor as an alert names it. */
export function alertMonitor(id: string, spec: MonitorSpec): Alert['monitor'] {
  return { id, name: spec.name, url: spec.url, method: spec.method };
}
