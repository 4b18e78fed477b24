import { roundTimings } from '../core/check-result.js';
import type { DetectorState } from '../core/detector.js';
import { incidentDurationMs, type Incident } from '../core/incident.js';
import type { HeartbeatPing } from '../core/heartbeat.js';
import type { Monitor } from '../core/monitor.js';
import type { StoredCheck } from '../store/store.js';
import { monitorNotes, monitorToOutput } from '../config/monitor-input.js';
import { explain } from '../core/failure-kinds.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A monitor as the API answers it: the same keys POST accepts, plus its identity and live state. */
export function presentMonitor(monitor: Monitor, state: DetectorState | undefined) {
  return {
    id: monitor.id,
    source: monitor.source,
    paused: monitor.paused,
    ...monitorToOutput(monitor.spec),
    ...monitorNotes(monitor.spec),
    state: state
      ? {
          status: state.status,
          since: iso(state.since),
          degraded: state.degraded,
          last_check_at: iso(state.lastCheckAt),
          incident_id: state.incidentId,
        }
      : { status: 'unknown', since: null, degraded: false, last_check_at: null, incident_id: null },
    created_at: iso(monitor.createdAt),
    updated_at: iso(monitor.updatedAt),
  };
}

export function presentCheck(check: StoredCheck) {
  return {
    at: iso(check.at),
    ok: check.ok,
    kind: check.kind,
    status: check.status,
    phase: check.phase,
    transient: check.transient,
    error: check.error,
    // Kept for failures and slow answers only (see store/migrations/005-compact-checks.ts).
    request_id: check.requestId || null,
    trace_id: check.traceId || null,
    response_request_id: check.responseRequestId,
    timings: roundTimings(check.timings),
  };
}

export function presentIncident(incident: Incident, now: number) {
  return {
    id: incident.id,
    monitor_id: incident.monitorId,
    started_at: iso(incident.startedAt),
    confirmed_at: iso(incident.confirmedAt),
    resolved_at: iso(incident.resolvedAt),
    duration_s: Math.round(incidentDurationMs(incident, now) / 1000),
    open: incident.resolvedAt === null,
    kind: incident.cause.kind,
    status: incident.cause.status,
    error: incident.cause.error,
    request_id: incident.cause.requestId,
    response_request_id: incident.cause.responseRequestId,
    explanation: explain(incident.cause.kind),
  };
}

export function presentPing(ping: HeartbeatPing) {
  return {
    id: ping.id,
    at: iso(ping.at),
    kind: ping.kind,
    message: ping.message,
    duration_ms: ping.durationMs,
    source: ping.source,
  };
}
