import type { Alert } from '../core/alert.js';
import type { MaintenanceWindow } from '../core/maintenance.js';
import type { CheckResult } from '../core/check-result.js';
import type { DetectorState } from '../core/detector.js';
import type { Incident } from '../core/incident.js';
import type { Monitor } from '../core/monitor.js';
import type { HeartbeatLast, HeartbeatPing, NewHeartbeatPing } from '../core/heartbeat.js';

/**
 * The storage port. SQLite (embedded, the default) and PostgreSQL implement it, and both run the
 * same contract suite (store-contract.ts). Times are milliseconds since the epoch everywhere.
 */
export interface Store {
  /** Brings the schema up to date; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  listMonitors(): Promise<Monitor[]>;
  /** By id, or by name when no id matches. */
  findMonitor(idOrName: string): Promise<Monitor | undefined>;
  insertMonitor(monitor: Monitor): Promise<void>;
  /** Many at once, in one transaction (a config file of thousands): all or none. */
  insertMonitors(monitors: Monitor[]): Promise<void>;
  updateMonitor(monitor: Monitor): Promise<void>;
  /** Removes the monitor with its state, checks and incidents. */
  deleteMonitor(id: string): Promise<void>;

  loadStates(): Promise<Map<string, DetectorState>>;
  saveState(monitorId: string, state: DetectorState): Promise<void>;

  /** Many results in one transaction: the engine batches them so storage is never the bottleneck. */
  insertChecks(checks: StoredCheck[]): Promise<void>;
  /** Marks a monitor's failed checks at or after `since` as transient (a blip that never alerted). */
  markTransient(monitorId: string, since: number): Promise<void>;
  /** Newest first. */
  listChecks(monitorId: string, query: { since?: number; limit: number }): Promise<StoredCheck[]>;

  /**
   * A state change with its consequences, in one transaction, so that a restart can never see the
   * new state without its incident and alerts (a lost alert) or the alerts without the state (a
   * second "down" for a monitor already down).
   */
  recordTransition(transition: Transition): Promise<void>;
  getIncident(id: string): Promise<Incident | undefined>;
  /** Newest first. */
  listIncidents(query: { monitorId?: string; open?: boolean; limit: number }): Promise<Incident[]>;

  /**
   * The oldest pending delivery of each notifier, by id. Alerts leave a notifier's queue in order,
   * so only its head can be due; what waits behind it is not read at all.
   */
  queueHeads(): Promise<Delivery[]>;
  /**
   * The mark* methods change a pending delivery and record the attempt that led there, in one
   * transaction; on a delivery that is final already (delivered, given up or held) they do neither.
   * `at` is when the attempt's outcome was known, `durationMs` how long the send took.
   */
  markDelivered(id: number, update: { at: number; httpStatus: number | null; durationMs: number }): Promise<void>;
  markAttemptFailed(
    id: number,
    update: { at: number; attempts: number; nextAttemptAt: number; error: string; httpStatus: number | null; durationMs: number },
  ): Promise<void>;
  /**
   * Stops retrying: the receiver refused it for good, or it kept failing past the retry budget.
   * `durationMs: null` means no attempt was made (its notifier was removed), so none is recorded.
   */
  markGivenUp(id: number, update: { at: number; attempts: number; error: string; httpStatus: number | null; durationMs: number | null }): Promise<void>;
  /** Newest first, each with its recorded attempts. */
  listDeliveries(query: DeliveryQuery): Promise<DeliveryRecord[]>;
  getDelivery(id: number): Promise<DeliveryRecord | undefined>;

  /** Maintenance windows made through the API, oldest first. */
  listMaintenanceWindows(): Promise<MaintenanceWindow[]>;
  /** Throws CONFLICT when a window of that name exists. */
  insertMaintenanceWindow(window: MaintenanceWindow, createdAt: number): Promise<void>;
  /** False when there was no window of that name. */
  deleteMaintenanceWindow(name: string): Promise<boolean>;

  /** Stores a ping of a heartbeat monitor and returns it with its id. */
  insertHeartbeatPing(ping: NewHeartbeatPing): Promise<HeartbeatPing>;
  /** Newest first; `before` pages on by id. */
  listHeartbeatPings(monitorId: string, query: { before?: number; limit: number }): Promise<HeartbeatPing[]>;
  /** The last ping of each kind of every monitor that has pings: read once, at start. */
  latestHeartbeatPings(): Promise<Map<string, HeartbeatLast>>;
  /** Deletes a monitor's pings but the newest `keep`. */
  pruneHeartbeatPings(monitorId: string, keep: number): Promise<void>;

  /**
   * Notes that a certificate's warning threshold is told, and queues its deliveries, in one
   * transaction. False, and nothing queued, when it had been told already: the insert is the test,
   * so a restart or two racing checks cannot send it twice, and a failed write loses nothing.
   */
  recordCertificateWarning(warning: CertificateWarning, deliveries: NewDelivery[]): Promise<boolean>;

  // History (src/history/ drives it): rollups per minute, hour and day, status pages' daily bars,
  // and dropping what is past its retention. Monitors are walked in ranges of their history key
  // (`monitors.seq`, which the history tables are keyed by), a bounded amount of work a call.

  /** The lowest and highest history key of the monitors there are; null when there are none. */
  historyKeyRange(): Promise<HistoryKeyRange | null>;
  /** When the oldest check still stored was made; null when there are none. */
  firstCheckAt(): Promise<number | null>;
  /** Per period, the time before which every bucket is rolled up and complete; null before the first roll-up. */
  rollupMarks(): Promise<RollupMarks>;
  setRollupMark(period: RollupPeriod, until: number): Promise<void>;
  /**
   * Computes the `period` buckets that start in [from, to) of the monitors in the key range from the
   * level below (minutes from checks, hours from minutes, days from hours), replacing any there, so
   * doing it twice changes nothing. Returns how many buckets were written.
   */
  rollUp(period: RollupPeriod, range: HistoryKeyRange & { from: number; to: number }): Promise<number>;
  /**
   * Adds the minute rollups of [from, to) of the monitors in the key range to their packed daily
   * bars (what dailyBars reads); a minute added already is skipped, so a second run changes nothing.
   * Returns how many monitors' bars changed.
   */
  packDailyBars(range: HistoryKeyRange & { from: number; to: number }): Promise<number>;
  /** Deletes at most `limit` checks older than `before` (and as many check details) of the monitors in the key range; returns the larger count. */
  pruneChecks(range: HistoryKeyRange & { before: number; limit: number }): Promise<number>;
  /** Deletes at most `limit` rollups of `period` older than `before` of the monitors in the key range; returns how many. */
  pruneRollups(period: RollupPeriod, range: HistoryKeyRange & { before: number; limit: number }): Promise<number>;
  /** A monitor's rollups of one period with buckets in [from, to), oldest first. */
  listRollups(monitorId: string, query: { period: RollupPeriod; from: number; to: number }): Promise<Rollup[]>;
  /** Uptime and response times over the last 24 h, 7, 30 and 90 days, current to `now`; undefined for an unknown monitor. */
  uptimeOf(monitorId: string, now: number): Promise<Record<UptimeWindow, UptimeFigures> | undefined>;
  /**
   * Per monitor, per UTC day, the last `days` days up to today's (so far) one: what a status page
   * draws. Unknown ids are left out. `now` is the present: up to 100 days are read from packed bars
   * that hold each monitor's newest 100 days, more from the rollups.
   */
  dailyBars(monitorIds: readonly string[], days: number, now: number): Promise<DailyBars>;

  insertApiToken(token: ApiToken): Promise<void>;
  findApiTokenByHash(hash: string): Promise<ApiToken | undefined>;
  countApiTokens(): Promise<number>;
}

export type CheckPhase = 'regular' | 'confirm';

/** One warning threshold of one certificate (by fingerprint), told for one monitor. */
export interface CertificateWarning {
  monitorId: string;
  fingerprint: string;
  thresholdDays: number;
  sentAt: number;
}

export type StoredCheck = CheckResult & {
  monitorId: string;
  phase: CheckPhase;
  /** A failure followed by a success before confirmation: it never alerted. */
  transient: boolean;
};

export interface Transition {
  monitorId: string;
  state: DetectorState;
  /** A new incident to store (on down). */
  openIncident?: Incident;
  /** An incident to close (on up). */
  resolveIncident?: { id: string; resolvedAt: number };
  /** One delivery per notifier per alert. */
  deliveries: NewDelivery[];
}

export interface NewDelivery {
  alert: Alert;
  notifier: string;
  createdAt: number;
  /**
   * Set for an alert that is kept on record but never sent (`maintenance window weekly-db`,
   * `flapping`): it is not queued, and it holds up nothing behind it.
   */
  heldReason?: string;
}

export interface Delivery {
  id: number;
  alert: Alert;
  notifier: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  deliveredAt: number | null;
  givenUpAt: number | null;
  lastError: string | null;
  lastHttpStatus: number | null;
  heldReason: string | null;
}

/**
 * Where a delivery stands. Each but `pending` is final: `failed` is given up, `held` was never
 * meant to be sent.
 */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'held';

/** Filters of listDeliveries; they combine. */
export interface DeliveryQuery {
  notifier?: string;
  status?: DeliveryStatus;
  /** The alert's monitor, by id: deliveries outlive a deleted monitor, so this is no foreign key. */
  monitorId?: string;
  alertId?: string;
  /** Only deliveries with a smaller id: the next page after one ending at `before`. */
  before?: number;
  limit: number;
}

/** One send of a delivery, as recorded when its outcome was known. */
export interface DeliveryAttempt {
  /** 1 for the first attempt. */
  attempt: number;
  /** When the outcome was known. */
  at: number;
  ok: boolean;
  httpStatus: number | null;
  /** The receiver's or the network's error, cut to 1,000 characters. */
  error: string | null;
  durationMs: number;
}

/** A delivery with its recorded attempts, oldest first (attempts made before they were recorded are not among them). */
export type DeliveryRecord = Delivery & { attemptLog: DeliveryAttempt[] };

export interface ApiToken {
  id: string;
  name: string;
  /** SHA-256 of the token, hex. The token itself is shown once and never stored. */
  hash: string;
  createdAt: number;
}

export type RollupPeriod = 'minute' | 'hour' | 'day';

/** Each rollup period's length. Buckets start at multiples of it since the epoch (UTC days). */
export const ROLLUP_PERIOD_MS: Record<RollupPeriod, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export type RollupMarks = Record<RollupPeriod, number | null>;

/** Monitors by their history key (`monitors.seq`), both ends included. */
export interface HistoryKeyRange {
  first: number;
  last: number;
}

/** The regular checks of one monitor in one bucket, summed. */
export interface Rollup {
  /** Start of the bucket. */
  bucket: number;
  checks: number;
  /** Failed checks that were not transient. */
  failures: number;
  /** The ok checks' total time summed, in ms. */
  totalMs: number;
  /** The ok checks' total time, counted in the buckets of LATENCY_BOUNDS_MS (latency-histogram.ts). */
  histogram: number[];
}

export type UptimeWindow = '24h' | '7d' | '30d' | '90d';

export interface UptimeFigures {
  /** Where the window starts: a whole hour (24h, 7d) or UTC day (30d, 90d), at or before now minus the window. */
  from: number;
  /** Regular checks (confirmation re-checks are not counted: they would weigh an outage by how often it was re-checked). */
  checks: number;
  failures: number;
  /** Percent of the checks that did not fail, 0 to 100; null without checks. */
  uptime: number | null;
  /** Response times of the ok checks, ms; null without any. */
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** A status page's bars: one per UTC day, oldest first; the last is today's, so far. */
export interface DailyBars {
  /** The start of each day. */
  days: number[];
  /** By monitor id, a figure per day in the order of `days` (0 checks and null uptime for a day without any). */
  monitors: Map<string, { checks: number[]; failures: number[]; uptime: Array<number | null> }>;
}
