import type { AlertingPolicy } from './alert-policy.js';

/**
 * A monitor as the engine sees it: parsed, defaulted, durations in milliseconds. Raw YAML and
 * JSON become this at the edge (config/monitor-input.ts); the core never sees either.
 *
 * What is watched, and how, belongs to the monitor's probe kind (`type`): its folder under
 * probes/ parses its own keys into `settings` and is the only code that reads them. Everything
 * here is shared by every kind: the schedule, confirmation, alerting.
 */
export interface MonitorSpec<Settings = unknown> {
  name: string;
  /** The probe kind: http, tcp, dns, tls, heartbeat. */
  type: string;
  /** The kind's own settings, checked when the monitor was parsed. */
  settings: Settings;
  intervalMs: number;
  timeoutMs: number;
  /** Re-checks (with backoff 1 s, 2 s, 4 s …) that must all fail before the monitor is down. */
  confirm: number;
  /** Consecutive successes that bring a down monitor up again. */
  recover: number;
  /** Names of notifiers to alert. */
  notify: string[];
  /** Labels to find and filter monitors by (`prod`, `team:payments`); unique, in the order written. */
  tags: string[];
  /** Reminders, escalations and flapping: what is told while an outage lasts. */
  alerting: AlertingPolicy;
}

/** What a monitor watches, as alerts and lists name it. */
export interface MonitorTarget {
  /** One line a person reads: "GET https://example.com/health", "TCP db.internal:5432". */
  target: string;
  /** The same as a URL: the checked URL for http, `tcp://host:port`, `dns://…`, the ping URL path for heartbeats. */
  url: string;
  /** The HTTP method for http monitors; null for the others. */
  method: string | null;
}

export type MonitorSource = 'config' | 'api';

export interface Monitor {
  id: string;
  source: MonitorSource;
  paused: boolean;
  spec: MonitorSpec;
  createdAt: number;
  updatedAt: number;
}

export const MONITOR_DEFAULTS = {
  method: 'GET',
  intervalMs: 60_000,
  timeoutMs: 10_000,
  confirm: 3,
  recover: 1,
  minIntervalMs: 1_000,
} as const;
