import type { ColumnType } from 'kysely';
import type { HistogramColumn } from './latency-histogram.js';

/**
 * The tables as Kysely sees them: one type for SQLite and PostgreSQL. Column names are the
 * database's own (snake_case, no renaming plugin: it would cost on every row of `checks`);
 * rows.ts maps them to the domain.
 *
 * Times are integer milliseconds since the epoch in a 64-bit column. SQLite hands them back as
 * numbers; PostgreSQL's driver hands int8 back as a string, so the select type says both and
 * rows.ts parses every one of them (`int8()`), which keeps the PostgreSQL store free of type parsers.
 */
export interface Database {
  monitors: MonitorTable;
  monitor_states: MonitorStateTable;
  checks: CheckTable;
  check_details: CheckDetailTable;
  incidents: IncidentTable;
  deliveries: DeliveryTable;
  delivery_attempts: DeliveryAttemptTable;
  api_tokens: ApiTokenTable;
  maintenance_windows: MaintenanceWindowTable;
  heartbeat_pings: HeartbeatPingTable;
  certificate_warnings: CertificateWarningTable;
  check_rollups: CheckRollupTable;
  rollup_marks: RollupMarkTable;
  daily_bars: DailyBarTable;
  status_pages: StatusPageTable;
  status_page_monitors: StatusPageMonitorTable;
  notifiers: NotifierTable;
  users: UserTable;
  sessions: SessionTable;
}

/** An int8 (milliseconds since the epoch, mostly): a number from SQLite, a string from PostgreSQL. */
export type Int8 = ColumnType<number | string, number, number>;
export type NullableInt8 = ColumnType<number | string | null, number | null, number | null>;
/** A boolean as 0 or 1: both databases store and compare it the same way. */
export type Flag = 0 | 1;
/** An int8 identity: PostgreSQL returns it as a string too. Never written by us. */
export type Int8Id = ColumnType<number | string, never, never>;

export interface MonitorTable {
  /**
   * A small integer key for the checks table only: it holds a row per check of every monitor, and
   * an integer there instead of the 36-character id makes it (with its index) about 30% smaller
   * and its inserts about 30% faster (measured at 1M rows over 50,000 monitors).
   */
  seq: Int8Id;
  id: string;
  name: string;
  source: string;
  paused: Flag;
  /** The core MonitorSpec as JSON. */
  spec: string;
  created_at: Int8;
  updated_at: Int8;
}

/** The detector's state of each monitor, so a restart resumes where it stopped. */
export interface MonitorStateTable {
  monitor_id: string;
  status: string;
  since: Int8;
  failure_started_at: NullableInt8;
  confirm_attempts: number;
  successes: number;
  degraded: Flag;
  incident_id: string | null;
  last_check_at: NullableInt8;
}

/**
 * The biggest table by far (every check of every monitor): keep it narrow. Keyed by
 * (monitor_seq, at); see migrations/005-compact-checks.ts for the layout and why.
 */
export interface CheckTable {
  /** monitors.seq, not monitors.id: see there. */
  monitor_seq: Int8;
  at: Int8;
  /** Bits: 1 failed, 2 a confirmation re-check, 4 transient (a blip that never alerted). */
  outcome: number;
  status: number | null;
  /** Timings in whole tenths of a millisecond. */
  dns: number;
  connect: number;
  tls: number;
  ttfb: number;
  total: number;
}

/** What only some checks have: a failure's kind, error and request ids, a slow answer's note. */
export interface CheckDetailTable {
  monitor_seq: Int8;
  at: Int8;
  kind: string | null;
  error: string | null;
  request_id: string;
  trace_id: string;
  response_request_id: string | null;
  retry_after_ms: NullableInt8;
}

export interface IncidentTable {
  id: string;
  monitor_id: string;
  started_at: Int8;
  confirmed_at: Int8;
  resolved_at: NullableInt8;
  kind: string;
  status: number | null;
  error: string | null;
  request_id: string;
  response_request_id: string | null;
  /** The cause's Timings as JSON. */
  timings: string;
}

/** The outbox: one row per alert per notifier, written with the state change that caused it. */
export interface DeliveryTable {
  id: Int8Id;
  alert_id: string;
  notifier: string;
  /** The core Alert as JSON, exactly as it is sent on every attempt. */
  alert: string;
  created_at: Int8;
  attempts: number;
  next_attempt_at: Int8;
  delivered_at: NullableInt8;
  given_up_at: NullableInt8;
  last_error: string | null;
  last_http_status: number | null;
  /**
   * The alert's monitor, copied out of `alert` so the API can filter on it with an index. Not a
   * foreign key: deliveries outlive their monitor. Null only if a row predates migration 002 and
   * its alert named no monitor.
   */
  monitor_id: string | null;
  /** Set for an alert stored but never sent (a maintenance window, flapping); such a row is never pending. */
  held_reason: string | null;
}

/** Every send of a delivery, written with the delivery's own update (migration 002 on). */
export interface DeliveryAttemptTable {
  id: Int8Id;
  delivery_id: Int8;
  attempt: number;
  at: Int8;
  ok: Flag;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface ApiTokenTable {
  id: string;
  name: string;
  hash: string;
  created_at: Int8;
  /** Written at most once a minute a token (migration 007); null until first used. */
  last_used_at: ColumnType<number | string | null, number | null | undefined, number | null>;
}

/** An account of the web face (migrations/007-accounts.ts): the username is unique whatever its case. */
export interface UserTable {
  id: string;
  username: string;
  /** `scrypt$N$r$p$salt$hash` (src/api/auth/password-hash.ts). */
  password_hash: string;
  created_at: Int8;
}

/** A login: `id` is the SHA-256 of the cookie's value, never the value itself. */
export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Int8;
  last_seen_at: Int8;
  expires_at: Int8;
}

/** A maintenance window made through the API, whole as JSON (a core MaintenanceWindow). */
export interface MaintenanceWindowTable {
  name: string;
  spec: string;
  created_at: Int8;
}

export interface HeartbeatPingTable {
  id: Int8Id;
  monitor_id: string;
  at: Int8;
  kind: string;
  message: string | null;
  duration_ms: NullableInt8;
  source: string | null;
}

export interface CertificateWarningTable {
  monitor_id: string;
  fingerprint: string;
  threshold_days: number;
  sent_at: Int8;
}

/**
 * Regular checks of one monitor summed over one minute, hour or day (migrations/006-check-rollups.ts):
 * counts, the ok checks' time summed and as a histogram, h0 … h23 (latency-histogram.ts).
 */
export type CheckRollupTable = {
  monitor_seq: Int8;
  /** Seconds: 60, 3600 or 86400. */
  period: number;
  /** Start of the bucket, ms since the epoch (UTC). */
  bucket: Int8;
  checks: number;
  /** Failed checks that were not transient. */
  failures: number;
  /** The ok checks' total time, in tenths of a ms. */
  total_sum: Int8;
} & { [K in HistogramColumn]: number };

/** Per period (seconds), the time before which every bucket is rolled up and complete. */
export interface RollupMarkTable {
  period: number;
  rolled_until: Int8;
}

/** A monitor's last days packed for status pages (migrations/006-check-rollups.ts). */
export interface DailyBarTable {
  monitor_seq: Int8;
  /** The day of the blob's first entry, in days since the epoch (UTC). */
  first_day: number;
  /** The minute rollups before this time are in the blob. */
  packed_until: Int8;
  /** Checks and failures a day, two little-endian uint32 each, from first_day on. */
  bars: Uint8Array;
}

/** A public status page (migrations/008-status-pages.ts); its monitors are in status_page_monitors. */
export interface StatusPageTable {
  id: string;
  slug: string;
  title: string;
  description: string;
  /** The groups' names in order, as a JSON array of strings. */
  group_names: string;
  created_at: Int8;
  updated_at: Int8;
}

/** One monitor shown on a status page, in group `group_index` (of group_names) at `position`. */
export interface StatusPageMonitorTable {
  page_id: string;
  group_index: number;
  position: number;
  monitor_id: string;
}

/** A notifier made through the API (migrations/009-notifiers.ts): its keys as the API took them, as JSON. */
export interface NotifierTable {
  name: string;
  type: string;
  settings: string;
  created_at: Int8;
  updated_at: Int8;
}
