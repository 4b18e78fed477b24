import type { Alert } from '../core/alert.js';
import { DEFAULT_ALERTING } from '../core/alert-policy.js';
import type { Timings } from '../core/check-result.js';
import { initialState, type DetectorState } from '../core/detector.js';
import type { Incident } from '../core/incident.js';
import type { Monitor } from '../core/monitor.js';
import type { NewDelivery, StoredCheck } from './store.js';
import { httpMonitorSpec } from '../test-support/monitor-spec.js';
import type { HttpSettings } from '../probes/http/http-settings.js';
import { describeHttp } from '../probes/http/http-probe.js';

// Small builders for the store tests: a valid value with every field set, overridable per test.

/** The tests' epoch: 2026-01-01, the ManualClock's default start. */
export const T0 = Date.UTC(2026, 0, 1);

// Whole tenths of a millisecond: the precision checks are stored at, so the round trips are exact.
const TIMINGS: Timings = { dns: 1.5, connect: 2.2, tls: 3.1, ttfb: 40.5, total: 47.3 };

/** An HTTP monitor named `monitor <id>` unless overridden. */
export function aMonitor(
  id: string,
  overrides: Partial<Omit<Monitor['spec'], 'settings'>> & Partial<HttpSettings> & { paused?: boolean; source?: Monitor['source'] } = {},
): Monitor {
  const { paused = false, source = 'api', url, ...spec } = overrides;
  return {
    id,
    source,
    paused,
    createdAt: T0,
    updatedAt: T0,
    spec: httpMonitorSpec(url ?? `http://127.0.0.1:8080/${id}`, {
      name: `monitor ${id}`,
      headers: { 'x-env': 'test' },
      intervalMs: 60_000,
      timeoutMs: 10_000,
      confirm: 3,
      recover: 1,
      notify: ['team'],
      alerting: DEFAULT_ALERTING,
      ...spec,
      expect: { status: [200, '3xx'], bodyContains: 'ok', ...spec.expect },
    }),
  };
}

/** A successful regular check at `at`. */
export function anOkCheck(monitorId: string, at: number, overrides: Partial<StoredCheck> = {}): StoredCheck {
  return {
    monitorId,
    at,
    ok: true,
    kind: null,
    status: 200,
    timings: TIMINGS,
    requestId: `req-${at}`,
    traceId: `trace-${at}`,
    responseRequestId: null,
    error: null,
    phase: 'regular',
    transient: false,
    ...overrides,
  } as StoredCheck;
}

/** A failed regular check (a 503 with Retry-After) at `at`. */
export function aFailedCheck(monitorId: string, at: number, overrides: Partial<StoredCheck> = {}): StoredCheck {
  return {
    monitorId,
    at,
    ok: false,
    kind: 'http_503',
    status: 503,
    retryAfterMs: 2_000,
    timings: TIMINGS,
    requestId: `req-${at}`,
    traceId: `trace-${at}`,
    responseRequestId: `srv-${at}`,
    error: 'HTTP 503 Service Unavailable',
    phase: 'regular',
    transient: false,
    ...overrides,
  } as StoredCheck;
}

/** An incident caused by a 500, confirmed 7 s after it started. */
export function anIncident(id: string, monitorId: string, startedAt: number, resolvedAt: number | null = null): Incident {
  return {
    id,
    monitorId,
    startedAt,
    confirmedAt: startedAt + 7_000,
    resolvedAt,
    cause: { kind: 'http_500', status: 500, error: 'HTTP 500', requestId: 'req-1', responseRequestId: 'srv-1', timings: TIMINGS },
  };
}

/** The initial detector state, with overrides. */
export function aState(overrides: Partial<DetectorState> = {}): DetectorState {
  return { ...initialState(T0), ...overrides };
}

/** One notifier's delivery of a down alert (an up alert when the incident is resolved). */
export function aDelivery(alertId: string, notifier: string, createdAt: number, monitor: Monitor, incident: Incident | null = null): NewDelivery {
  const alert: Alert = {
    id: alertId,
    type: incident?.resolvedAt ? 'up' : 'down',
    at: createdAt,
    monitor: { id: monitor.id, name: monitor.spec.name, type: 'http', ...describeHttp(monitor.spec.settings as HttpSettings) },
    incident,
    check: (({ monitorId: _m, phase: _p, transient: _t, ...check }) => check)(aFailedCheck(monitor.id, createdAt)),
  };
  return { alert, notifier, createdAt };
}
