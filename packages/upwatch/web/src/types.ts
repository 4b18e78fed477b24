// The JSON the dashboard reads, as the server's presenters write it (src/api/presenters.ts and
// src/api/live/). Only the keys the dashboard uses are typed.

export type MonitorState = 'up' | 'down' | 'degraded' | 'pending' | 'paused';
export const MONITOR_STATES: readonly MonitorState[] = ['up', 'down', 'degraded', 'pending', 'paused'];

export interface LastCheck {
  at: string;
  ok: boolean;
  ms: number;
  kind: string | null;
}

/** A row of GET /api/dashboard/monitors. */
export interface MonitorSummary {
  id: string;
  name: string;
  type: string;
  target: string;
  source: 'config' | 'api';
  paused: boolean;
  tags: string[];
  state: MonitorState;
  since: string | null;
  incident_id: string | null;
  last_check: LastCheck | null;
  uptime_24h: number | null;
}

/** A monitor's change in the live stream (`event: changes`). */
export interface LiveMonitorChange {
  id: string;
  state: MonitorState;
  since: string | null;
  incident_id: string | null;
  last_check: LastCheck & { phase: 'regular' | 'confirm' };
}

export interface Incident {
  id: string;
  monitor_id: string;
  started_at: string;
  confirmed_at: string | null;
  resolved_at: string | null;
  duration_s: number;
  open: boolean;
  kind: string;
  status: number | null;
  error: string | null;
  request_id: string;
  response_request_id: string | null;
  /** What the failure kind means and what to do next, in a paragraph. */
  explanation: string;
}

export interface LiveChanges {
  monitors: LiveMonitorChange[];
  incidents: Incident[];
  /** Once a minute, the monitors whose 24-hour uptime moved. */
  uptimes?: Array<{ id: string; uptime_24h: number | null }>;
}

/** GET /api/monitors/:id: the monitor's keys as POST takes them, and its identity and state. */
export interface MonitorDetail extends Record<string, unknown> {
  id: string;
  name: string;
  type: string;
  source: 'config' | 'api';
  paused: boolean;
  target: string;
  warnings: string[];
  interval: string;
  timeout: string;
  tags?: string[];
  state: { status: string; since: string | null; degraded: boolean; last_check_at: string | null; incident_id: string | null };
}

export interface Check {
  at: string;
  ok: boolean;
  kind: string | null;
  status: number | null;
  phase: 'regular' | 'confirm';
  transient: boolean;
  error: string | null;
  request_id: string | null;
  trace_id: string | null;
  response_request_id: string | null;
  timings: { dns: number; connect: number; tls: number; ttfb: number; total: number };
}

export interface UptimeWindowFigures {
  uptime: number | null;
  checks: number;
  failures: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  mean_ms: number | null;
  since: string;
}
export type UptimeWindow = '24h' | '7d' | '30d' | '90d';
export const UPTIME_WINDOWS: readonly UptimeWindow[] = ['24h', '7d', '30d', '90d'];

/** GET /api/monitors/:id/series: columns, times in ms since the epoch. */
export type Series =
  | { range: UptimeWindow; resolution: 'check'; at: number[]; ok: number[]; dns: number[]; connect: number[]; tls: number[]; ttfb: number[]; total: number[] }
  | { range: UptimeWindow; resolution: 'hour'; at: number[]; checks: number[]; failures: number[]; mean_ms: Array<number | null> };

export interface FieldError {
  path: string;
  message: string;
}

export interface Session {
  user: { id: string; username: string };
  csrf_token: string;
}
