import type { FailedCheck } from './check-result.js';

/** An outage: opens when a monitor is confirmed down, starts at its first failed check, closes at up. */
export interface Incident {
  id: string;
  monitorId: string;
  startedAt: number;
  /** When the confirmation re-checks proved it (the down alert went out then). */
  confirmedAt: number;
  resolvedAt: number | null;
  /** The check that confirmed it: its kind, status and ids are what the alert tells. */
  cause: Pick<FailedCheck, 'kind' | 'status' | 'error' | 'requestId' | 'responseRequestId' | 'timings'>;
}

export function incidentDurationMs(incident: Incident, now: number): number {
  return (incident.resolvedAt ?? now) - incident.startedAt;
}
