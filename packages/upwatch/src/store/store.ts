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
