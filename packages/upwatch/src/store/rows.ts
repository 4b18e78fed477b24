import type { Insertable, Selectable } from 'kysely';
import { DEFAULT_ALERTING } from '../core/alert-policy.js';
import type { Alert } from '../core/alert.js';
import type { CheckResult, FailedCheck, Timings } from '../core/check-result.js';
import type { DetectorState, MonitorStatus } from '../core/detector.js';
import type { Incident } from '../core/incident.js';
import type { Monitor, MonitorSource, MonitorSpec } from '../core/monitor.js';
import type { HeartbeatPing, HeartbeatPingKind } from '../core/heartbeat.js';
import type {
  CheckDetailTable,
  HeartbeatPingTable,
  ApiTokenTable,
  CheckTable,
  DeliveryAttemptTable,
  DeliveryTable,
  Flag,
  IncidentTable,
  MonitorStateTable,
  MonitorTable,
} from './schema.js';
import type { ApiToken, NewApiToken, CheckPhase, Delivery, DeliveryAttempt, NewDelivery, StoredCheck } from './store.js';

// Row <-> domain mapping, the only place that knows both shapes. The database is ours, so what it
// hands back is trusted (no second validation); int8 columns go through int8() because PostgreSQL
// returns them as strings.

/** An int8 column as a number: ms times stay far below 2^53. */
export function int8(value: number | string | bigint): number {
  return typeof value === 'number' ? value : Number(value);
}

/** int8() that lets null through. */
function int8OrNull(value: number | string | bigint | null): number | null {
  return value === null ? null : int8(value);
}

function flag(value: boolean): Flag {
  return value ? 1 : 0;
}

/** A monitor as its `monitors` row; the spec is kept whole as JSON. */
export function monitorToRow(m: Monitor): Insertable<MonitorTable> {
  return {
    id: m.id,
    name: m.spec.name,
    source: m.source,
    paused: flag(m.paused),
    spec: JSON.stringify(m.spec),
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}

/** A `monitors` row as the domain's Monitor. */
export function rowToMonitor(row: Selectable<MonitorTable>): Monitor {
  return {
    id: row.id,
    source: row.source as MonitorSource,
    paused: row.paused === 1,
    // Rows written before alerting existed get its defaults.
    spec: specWithDefaults(JSON.parse(row.spec) as MonitorSpec & Record<string, unknown>),
    createdAt: int8(row.created_at),
    updatedAt: int8(row.updated_at),
  };
}

/** A detector state as its `monitor_states` row. */
export function stateToRow(monitorId: string, s: DetectorState): Insertable<MonitorStateTable> {
  return {
    monitor_id: monitorId,
    status: s.status,
    since: s.since,
    failure_started_at: s.failureStartedAt,
    confirm_attempts: s.confirmAttempts,
    successes: s.successes,
    degraded: flag(s.degraded),
    incident_id: s.incidentId,
    last_check_at: s.lastCheckAt,
  };
}

/** A `monitor_states` row as the detector's state. */
export function rowToState(row: Selectable<MonitorStateTable>): DetectorState {
  return {
    status: row.status as MonitorStatus,
    since: int8(row.since),
    failureStartedAt: int8OrNull(row.failure_started_at),
    confirmAttempts: row.confirm_attempts,
    successes: row.successes,
    degraded: row.degraded === 1,
    incidentId: row.incident_id,
    lastCheckAt: int8OrNull(row.last_check_at),
  };
}

/** The bits of `checks.outcome`. */
export const OUTCOME = { failed: 1, confirm: 2, transient: 4 } as const;

const toTenths = (ms: number) => Math.round(ms * 10);

/** A check as its rows: one in `checks`, and one in `check_details` when it has a kind or an error. */
export function checkToRows(c: StoredCheck, monitorSeq: number): { check: Insertable<CheckTable>; detail: Insertable<CheckDetailTable> | null } {
  const outcome = (c.ok ? 0 : OUTCOME.failed) | (c.phase === 'confirm' ? OUTCOME.confirm : 0) | (c.transient ? OUTCOME.transient : 0);
  const check: Insertable<CheckTable> = {
    monitor_seq: monitorSeq,
    at: c.at,
    outcome,
    status: c.status,
    dns: toTenths(c.timings.dns),
    connect: toTenths(c.timings.connect),
    tls: toTenths(c.timings.tls),
    ttfb: toTenths(c.timings.ttfb),
    total: toTenths(c.timings.total),
  };
  // An ok check without a note keeps nothing more: its request ids served the check, not the record.
  if (c.ok && c.kind === null && c.error === null) return { check, detail: null };
  const detail: Insertable<CheckDetailTable> = {
    monitor_seq: monitorSeq,
    at: c.at,
    kind: c.kind,
    error: c.error,
    request_id: c.requestId,
    trace_id: c.traceId,
    response_request_id: c.responseRequestId,
    retry_after_ms: c.ok ? null : c.retryAfterMs,
  };
  return { check, detail };
}

/** A check as read back: its `checks` row, its details when it has them, its monitor given by id again. */
export type CheckRow = Omit<Selectable<CheckTable>, 'monitor_seq'> &
  { [K in Exclude<keyof CheckDetailTable, 'monitor_seq' | 'at'>]: Selectable<CheckDetailTable>[K] | null } & { monitor_id: string };

/** A check as a StoredCheck: the result's shape (ok or failed) is rebuilt from `outcome`. */
export function rowToCheck(row: CheckRow): StoredCheck {
  const ms = (tenths: number) => tenths / 10;
  const facts = {
    at: int8(row.at),
    timings: { dns: ms(row.dns), connect: ms(row.connect), tls: ms(row.tls), ttfb: ms(row.ttfb), total: ms(row.total) },
    status: row.status,
    requestId: row.request_id ?? '',
    traceId: row.trace_id ?? '',
    responseRequestId: row.response_request_id,
    error: row.error,
  };
  const failed = (row.outcome & OUTCOME.failed) !== 0;
  const result: CheckResult = !failed
    ? { ...facts, ok: true, kind: row.kind as 'degraded' | null }
    : { ...facts, ok: false, kind: row.kind as FailedCheck['kind'], retryAfterMs: int8OrNull(row.retry_after_ms) };
  const phase: CheckPhase = (row.outcome & OUTCOME.confirm) !== 0 ? 'confirm' : 'regular';
  return { ...result, monitorId: row.monitor_id, phase, transient: (row.outcome & OUTCOME.transient) !== 0 };
}

/** An incident as its `incidents` row; the cause's timings as JSON. */
export function incidentToRow(i: Incident): Insertable<IncidentTable> {
  return {
    id: i.id,
    monitor_id: i.monitorId,
    started_at: i.startedAt,
    confirmed_at: i.confirmedAt,
    resolved_at: i.resolvedAt,
    kind: i.cause.kind,
    status: i.cause.status,
    error: i.cause.error,
    request_id: i.cause.requestId,
    response_request_id: i.cause.responseRequestId,
    timings: JSON.stringify(i.cause.timings),
  };
}

/** An `incidents` row as the domain's Incident. */
export function rowToIncident(row: Selectable<IncidentTable>): Incident {
  return {
    id: row.id,
    monitorId: row.monitor_id,
    startedAt: int8(row.started_at),
    confirmedAt: int8(row.confirmed_at),
    resolvedAt: int8OrNull(row.resolved_at),
    cause: {
      kind: row.kind as FailedCheck['kind'],
      status: row.status,
      error: row.error,
      requestId: row.request_id,
      responseRequestId: row.response_request_id,
      timings: JSON.parse(row.timings) as Timings,
    },
  };
}

/** A new outbox row: due at once, no attempt made yet (or, when held, never due). */
export function newDeliveryToRow(d: NewDelivery): Insertable<DeliveryTable> {
  return {
    alert_id: d.alert.id,
    notifier: d.notifier,
    alert: JSON.stringify(d.alert),
    created_at: d.createdAt,
    attempts: 0,
    next_attempt_at: d.createdAt,
    delivered_at: null,
    given_up_at: null,
    last_error: null,
    last_http_status: null,
    monitor_id: d.alert.monitor.id,
    held_reason: d.heldReason ?? null,
  };
}

/** A `deliveries` row as the outbox sees it. */
export function rowToDelivery(row: Selectable<DeliveryTable>): Delivery {
  return {
    id: int8(row.id),
    alert: alertWithDefaults(JSON.parse(row.alert) as Alert),
    notifier: row.notifier,
    createdAt: int8(row.created_at),
    attempts: row.attempts,
    nextAttemptAt: int8(row.next_attempt_at),
    deliveredAt: int8OrNull(row.delivered_at),
    givenUpAt: int8OrNull(row.given_up_at),
    lastError: row.last_error,
    lastHttpStatus: row.last_http_status,
    heldReason: row.held_reason,
  };
}

/** An attempt's error is cut to this many characters: a receiver may answer with a whole HTML page. */
export const MAX_ATTEMPT_ERROR_LENGTH = 1_000;

/** An attempt as its `delivery_attempts` row, its error cut to MAX_ATTEMPT_ERROR_LENGTH. */
export function attemptToRow(deliveryId: number, a: DeliveryAttempt): Insertable<DeliveryAttemptTable> {
  return {
    delivery_id: deliveryId,
    attempt: a.attempt,
    at: a.at,
    ok: flag(a.ok),
    http_status: a.httpStatus,
    error: a.error === null ? null : a.error.slice(0, MAX_ATTEMPT_ERROR_LENGTH),
    // The column is an integer; a clock with sub-millisecond reads must not make the insert fail.
    duration_ms: Math.max(0, Math.round(a.durationMs)),
  };
}

/** A `delivery_attempts` row as a DeliveryAttempt. */
export function rowToAttempt(row: Pick<Selectable<DeliveryAttemptTable>, 'attempt' | 'at' | 'ok' | 'http_status' | 'error' | 'duration_ms'>): DeliveryAttempt {
  return {
    attempt: row.attempt,
    at: int8(row.at),
    ok: row.ok === 1,
    httpStatus: row.http_status,
    error: row.error,
    durationMs: row.duration_ms,
  };
}

/** An API token (its hash only) as its `api_tokens` row. */
export function tokenToRow(t: NewApiToken): Insertable<ApiTokenTable> {
  return { id: t.id, name: t.name, hash: t.hash, created_at: t.createdAt };
}

/** An `api_tokens` row as an ApiToken. */
export function rowToToken(row: Selectable<ApiTokenTable>): ApiToken {
  return { id: row.id, name: row.name, hash: row.hash, createdAt: int8(row.created_at), lastUsedAt: int8OrNull(row.last_used_at) };
}

/** The common keys of a spec; the rest of a spec written before kinds existed is its http settings. */
const COMMON_SPEC_KEYS = new Set(['name', 'type', 'settings', 'intervalMs', 'timeoutMs', 'confirm', 'recover', 'notify', 'tags', 'alerting']);

/**
 * A spec written before a field existed gets that field's default: alerting; and a spec from
 * before kinds existed (url, method … at the top) becomes an http spec with those as settings.
 * Each kind fills its own missing settings where it reads them.
 */
function specWithDefaults(stored: MonitorSpec & Record<string, unknown>): MonitorSpec {
  // Rows written before tags existed have none.
  const spec = { ...stored, alerting: stored.alerting ?? DEFAULT_ALERTING, tags: stored.tags ?? [] };
  if (spec.settings !== undefined) return spec;
  const settings = Object.fromEntries(Object.entries(stored).filter(([key]) => !COMMON_SPEC_KEYS.has(key)));
  const common = Object.fromEntries(Object.entries(spec).filter(([key]) => COMMON_SPEC_KEYS.has(key)));
  return { ...(common as unknown as MonitorSpec), type: 'http', settings };
}

/** An alert stored before monitors had kinds names its monitor by method and URL alone. */
function alertWithDefaults(alert: Alert): Alert {
  const m = alert.monitor as Partial<Alert['monitor']> & { id: string; name: string; url: string };
  if (m.target !== undefined) return alert;
  return { ...alert, monitor: { ...m, type: 'http', method: m.method ?? null, target: `${m.method ?? 'GET'} ${m.url}` } };
}

/** A `heartbeat_pings` row as a HeartbeatPing. */
export function rowToPing(row: Selectable<HeartbeatPingTable>): HeartbeatPing {
  return {
    id: int8(row.id),
    monitorId: row.monitor_id,
    at: int8(row.at),
    kind: row.kind as HeartbeatPingKind,
    message: row.message,
    durationMs: int8OrNull(row.duration_ms),
    source: row.source,
  };
}
