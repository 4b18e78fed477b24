import type { FailureKind } from '../../core/failure-kinds.js';
import type { OverallStatus, PublicStatus } from './public-status.js';

// What a status page shows, gathered once (gather-status-page.ts) and then drawn as HTML
// (render-status-page.ts) or told as JSON (status-page-json.ts): the two can never disagree.
// Only what the public may see: no targets, no request ids, no raw error text.

export interface StatusPageView {
  slug: string;
  title: string;
  description: string;
  /** When the figures were read. */
  at: number;
  overall: OverallStatus;
  /** The start of each UTC day of the bars, oldest first; the last is today. */
  days: number[];
  groups: GroupView[];
  /** Incidents still open, newest first. */
  currentIncidents: IncidentView[];
  /** Incidents resolved in the span of the bars, newest first. */
  pastIncidents: IncidentView[];
}

export interface GroupView {
  name: string;
  monitors: MonitorView[];
}

export interface MonitorView {
  name: string;
  status: PublicStatus;
  /** Percent over the days of the bars; null without a check. */
  uptime: number | null;
  /** One a day, in the order of StatusPageView.days. */
  days: DayView[];
}

export interface DayView {
  checks: number;
  failures: number;
  uptime: number | null;
  /** Incidents of this monitor open at some time that day. */
  incidents: readonly IncidentView[];
}

export interface IncidentView {
  monitor: string;
  kind: FailureKind;
  /** The failure kind's plain title ("Timed out"). */
  title: string;
  startedAt: number;
  resolvedAt: number | null;
  /** To its end, or to `at` while open. */
  durationMs: number;
}
