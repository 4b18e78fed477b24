import type { Alert } from '../core/alert.js';
import type { MaintenanceWindow } from '../core/maintenance.js';
import type { CheckResult } from '../core/check-result.js';
import type { DetectorState } from '../core/detector.js';
import type { Incident } from '../core/incident.js';
import type { Monitor } from '../core/monitor.js';
import type { HeartbeatLast, HeartbeatPing, NewHeartbeatPing } from '../core/heartbeat.js';
import type { StatusPage } from '../core/status-page.js';

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

  // Status pages (kysely-status-pages.ts): a page's monitors are kept by id, and deleting a monitor
  // takes it off every page. Then the reads a page needs for all its monitors at once.

  /** Every status page, by slug. */
  listStatusPages(): Promise<StatusPage[]>;
  findStatusPage(slug: string): Promise<StatusPage | undefined>;
  /** Throws CONFLICT when the slug is taken, NOT_FOUND when one of its monitors does not exist. */
  insertStatusPage(page: StatusPage): Promise<void>;
  /** Replaces the page of that id, groups and all: the same errors, and NOT_FOUND for an unknown page. */
  updateStatusPage(page: StatusPage): Promise<void>;
  /** False when there was no page of that slug. */
  deleteStatusPage(slug: string): Promise<boolean>;
  /** The monitors of these ids, in no particular order; unknown ids are left out. */
  findMonitorsByIds(ids: readonly string[]): Promise<Monitor[]>;
  /** The incidents of these monitors that were open at any time in [from, to), newest first, at most `limit`. */
  listIncidentsOverlapping(monitorIds: readonly string[], query: { from: number; to: number; limit: number }): Promise<Incident[]>;

  // The dashboard (kysely-dashboard-reads.ts): what its list of every monitor and a monitor's chart
  // read at once. The engine's memory stays the source of live state; these are history.

  /** The newest check of every monitor that has one (a confirmation re-check included), by monitor id. */
  lastChecks(): Promise<Map<string, LastCheck>>;
  /** Every monitor's regular checks over the window of uptimeOf's 24h, current to `now`, by monitor id. */
  uptimes24h(now: number): Promise<Map<string, UptimeCounts>>;
  /** One monitor's checks in [from, to) as columns, oldest first: the newest `limit` of them. */
  checkTimings(monitorId: string, query: { from: number; to: number; limit: number }): Promise<CheckTimings>;

  // Notifiers made through the API (kysely-notifiers.ts); the config file's are not stored. Their
  // keys are kept as the API took them and checked again whenever they are read into notifiers.

  /** Every notifier made through the API, by name. */
  listNotifiers(): Promise<StoredNotifier[]>;
  findNotifier(name: string): Promise<StoredNotifier | undefined>;
  /** Throws CONFLICT when the name is taken. */
  insertNotifier(notifier: StoredNotifier): Promise<void>;
  /** Replaces type, settings and updatedAt of the notifier of that name; NOT_FOUND when there is none. */
  updateNotifier(notifier: StoredNotifier): Promise<void>;
  /** False when there was no notifier of that name. */
  deleteNotifier(name: string): Promise<boolean>;

  /** A new token has not been used yet: its `lastUsedAt` is null. Throws CONFLICT when the hash exists. */
  insertApiToken(token: NewApiToken): Promise<void>;
  findApiTokenByHash(hash: string): Promise<ApiToken | undefined>;
  countApiTokens(): Promise<number>;

  // Accounts (kysely-accounts.ts; src/api/auth/ drives them): users, their login sessions, and
  // API tokens as the web face lists and revokes them.

  countUsers(): Promise<number>;
  /** Throws CONFLICT when the username is taken in any case. */
  insertUser(user: User): Promise<void>;
  /** By username, whatever its case. */
  findUserByUsername(username: string): Promise<User | undefined>;
  insertSession(session: Session): Promise<void>;
  /** A session by id (the hash of its cookie) with its user, expired or not: the caller judges. */
  findSession(id: string): Promise<{ session: Session; user: User } | undefined>;
  /** Slides a session's expiry; nothing when it is gone. */
  touchSession(id: string, update: { lastSeenAt: number; expiresAt: number }): Promise<void>;
  /** False when there was no such session. */
  deleteSession(id: string): Promise<boolean>;
  /** Deletes every session that expired at or before `now`; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>;
  /** Every API token, oldest first (hashes included: the API leaves them out). */
  listApiTokens(): Promise<ApiToken[]>;
  /** False when there was no token of that id. */
  deleteApiToken(id: string): Promise<boolean>;
  /**
   * Notes that a token was used at `at`, unless it was noted less than `minIntervalMs` before:
   * a token used on every request writes at most once a minute.
   */
  touchApiToken(id: string, at: number, minIntervalMs: number): Promise<void>;
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

/** A notifier made through the API: `settings` are its keys as under `notifiers:` in the config file, `type` aside. */
export interface StoredNotifier {
  name: string;
  type: string;
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface ApiToken {
  id: string;
  name: string;
  /** SHA-256 of the token, hex. The token itself is shown once and never stored. */
  hash: string;
  createdAt: number;
  /** When it was last used, to the minute (see touchApiToken); null when never. */
  lastUsedAt: number | null;
}

export type NewApiToken = Omit<ApiToken, 'lastUsedAt'>;

/** An account of the web face. */
export interface User {
  id: string;
  /** Unique whatever its case; kept as it was typed. */
  username: string;
  /** `scrypt$N$r$p$salt$hash`, never sent anywhere. */
  passwordHash: string;
  createdAt: number;
}

/** A login. The cookie holds a random value; only its SHA-256 is the id stored here. */
export interface Session {
  id: string;
  userId: string;
  /** The token every mutating request made with this session's cookie must carry. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
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

/** A monitor's newest check, as the dashboard's list shows it. */
export interface LastCheck {
  at: number;
  ok: boolean;
  totalMs: number;
  /** The failure kind, or `degraded` for a slow success; null for a plain success. */
  kind: string | null;
}

/** Regular checks over a window and how many failed (transient blips not counted as failures). */
export interface UptimeCounts {
  checks: number;
  failures: number;
  /** Percent, 0 to 100; null without checks. */
  uptime: number | null;
}

/** Checks as parallel columns, oldest first: what a chart of 100,000 points reads without an object a point. Times in ms. */
export interface CheckTimings {
  at: number[];
  ok: boolean[];
  dns: number[];
  connect: number[];
  tls: number[];
  ttfb: number[];
  total: number[];
}
