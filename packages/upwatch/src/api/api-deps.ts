import type { Clock } from '../core/clock.js';
import type { DetectorState } from '../core/detector.js';
import type { MaintenanceWindow } from '../core/maintenance.js';
import type { HeartbeatPing, HeartbeatPingKind } from '../core/heartbeat.js';
import type { Monitor } from '../core/monitor.js';
import type { Store } from '../store/store.js';
import type { LiveEvents } from './live/live-events.js';
import type { SetupToken } from './auth/setup-token.js';

/** The running engine as the API sees it: what it must be told when a monitor changes. */
export interface MonitorRuntime {
  upsert(monitor: Monitor): void;
  remove(monitorId: string): void;
  getState(monitorId: string): DetectorState | undefined;
  /** Judges a monitor now, not at its next slot (after a heartbeat's ping). */
  checkNow(monitorId: string): void;
}

/** The pings of heartbeat monitors, as the ping URLs record them. */
export interface HeartbeatPings {
  /** The monitor whose ping URL has this token. */
  monitorFor(token: string): string | undefined;
  record(monitorId: string, kind: HeartbeatPingKind, message: string | null, source: string | null): Promise<HeartbeatPing>;
}

/** A maintenance window and where it was made: config windows change only with the file. */
export interface MaintenanceSource {
  window: MaintenanceWindow;
  source: 'config' | 'api';
}


/** The windows in force, as the API reads and changes them; adding or removing one applies at once. */
export interface MaintenanceRegistry {
  list(): MaintenanceSource[];
  add(window: MaintenanceWindow): Promise<void>;
  remove(name: string): Promise<void>;
}

/** Lag percentiles in ms, and how many values they summarize. */
export interface LagFigures {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Checks run since start and lately, and how late they started: the API's view of the engine's counters. */
export interface ScheduleStatsSource {
  snapshot(): {
    since: number;
    at: number;
    checks: Record<'regular' | 'confirm', { completed: number; failed: number }>;
    lag: LagFigures;
    lastWindow: { windowMs: number; checks: Record<'regular' | 'confirm', { completed: number; failed: number }>; lag: LagFigures };
    scheduler: { started: number; skippedSlots: number; running: number; monitors: number };
  };
}

/** What a test alert sent through a notifier came to: the receiver's answer. */
export interface NotifierTestOutcome {
  delivered: boolean;
  httpStatus: number | null;
  ms: number;
  /** The receiver's or the network's error; null when delivered. */
  error: string | null;
  /** Whether the outbox would try again after such an answer; null when delivered. */
  retryable: boolean | null;
  /** The outcome in one line, as `upwatch notify test` prints it. */
  message: string;
}

/** The notifiers as the API sees them: the config file's (read-only) and the running ones. */
export interface NotifierCatalog {
  /** The config file the read-only notifiers come from; null when the server runs without one. */
  configFile(): string | null;
  /** The config file's notifiers by name, their keys as written there. */
  fromConfig(): ReadonlyMap<string, { type: string; settings: Record<string, unknown> }>;
  /** Rebuilds the running notifiers from the config file and the store: called after each change through the API. */
  refresh(): Promise<void>;
  /** Sends a test alert through the running notifier of that name now, outside the outbox; undefined when none runs. */
  sendTest(name: string): Promise<NotifierTestOutcome | undefined>;
}

/** Everything the API's services need, handed in by the composition root. */
export interface ApiDeps {
  store: Store;
  runtime: MonitorRuntime;
  clock: Clock;
  /** Names of the notifiers configured now, to validate `notify`. */
  notifierNames: () => string[];
  newId: () => string;
  version: string;
  maintenance: MaintenanceRegistry;
  heartbeats: HeartbeatPings;
  /** Schedule counters for GET /api/stats; without them the route is not there. */
  stats?: ScheduleStatsSource;
  /** The engine's changes for the dashboard's live stream (GET /api/events); without them the route is not there. */
  live?: LiveEvents;
  /** The notifiers for /api/notifiers; without them the routes are not there. */
  notifiers?: NotifierCatalog;
  /** The first-run setup link's token while no admin exists; without it /setup makes no account. */
  setupToken?: SetupToken;
}
