/**
 * Pings from the jobs that heartbeat monitors watch. A job calls its ping URL when it finishes
 * (`success`), optionally when it starts (`start`), and when it fails (`fail`); the heartbeat
 * probe judges from the last of each whether the job is on time.
 */
export type HeartbeatPingKind = 'success' | 'start' | 'fail';

export interface HeartbeatPing {
  id: number;
  monitorId: string;
  at: number;
  kind: HeartbeatPingKind;
  /** The body or `?msg=` the job sent, cut to HEARTBEAT_MESSAGE_MAX characters. */
  message: string | null;
  /** For a finish (success or fail) that followed a start: how long the run took. */
  durationMs: number | null;
  /** The address the ping came from, as the server saw it. */
  source: string | null;
}

export type NewHeartbeatPing = Omit<HeartbeatPing, 'id'>;

/** The last ping of each kind, for one monitor. */
export interface HeartbeatLast {
  success: HeartbeatPing | null;
  start: HeartbeatPing | null;
  fail: HeartbeatPing | null;
}

export const NO_PINGS: HeartbeatLast = Object.freeze({ success: null, start: null, fail: null });

/** A message longer than this is cut: a job's log tail is useful, its whole log is not. */
export const HEARTBEAT_MESSAGE_MAX = 10_000;

/** What the heartbeat probe reads: the last pings of a monitor, kept in memory. */
export interface HeartbeatReader {
  last(monitorId: string): HeartbeatLast;
}
