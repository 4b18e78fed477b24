import { HEARTBEAT_MESSAGE_MAX, NO_PINGS, type HeartbeatLast, type HeartbeatPing, type HeartbeatPingKind, type HeartbeatReader } from '../core/heartbeat.js';
import type { Monitor, MonitorSpec } from '../core/monitor.js';
import type { Store } from '../store/store.js';

/**
 * The pings of heartbeat monitors: each is stored, and the last of each kind per monitor is kept
 * in memory, so that judging a heartbeat (every interval, for every heartbeat) reads no database.
 * It also finds a monitor by the token of its ping URL.
 */
/** Pings kept per monitor: months of history for an hourly job, and a bound on what a leaked token can write. */
export const PINGS_KEPT = 1_000;
const PRUNE_EVERY = 100;

export class HeartbeatLog implements HeartbeatReader {
  private readonly sincePrune = new Map<string, number>();
  private lasts = new Map<string, HeartbeatLast>();
  private readonly byToken = new Map<string, string>();
  private readonly tokenOfMonitor = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    /** The ping token of a monitor's spec, null for monitors that are no heartbeat. */
    private readonly tokenOf: (spec: MonitorSpec) => string | null,
  ) {}

  /** Reads the last pings and indexes the tokens of `monitors`; once, at start. */
  async load(monitors: readonly Monitor[]): Promise<void> {
    this.lasts = await this.store.latestHeartbeatPings();
    for (const monitor of monitors) this.track(monitor);
  }

  /**
   * Indexes a new or changed monitor's token (a changed token stops answering at once). Its pings
   * stay: a paused, edited or reloaded heartbeat is judged on what its job really sent.
   */
  track(monitor: Monitor): void {
    this.unindex(monitor.id);
    const token = this.tokenOf(monitor.spec);
    if (token === null) {
      this.lasts.delete(monitor.id);
      return;
    }
    this.byToken.set(token, monitor.id);
    this.tokenOfMonitor.set(monitor.id, token);
  }

  /** Forgets a removed monitor. */
  untrack(monitorId: string): void {
    this.unindex(monitorId);
    this.lasts.delete(monitorId);
    this.sincePrune.delete(monitorId);
  }

  private unindex(monitorId: string): void {
    const token = this.tokenOfMonitor.get(monitorId);
    if (token !== undefined && this.byToken.get(token) === monitorId) this.byToken.delete(token);
    this.tokenOfMonitor.delete(monitorId);
  }

  /** The id of the monitor whose ping URL has this token. */
  monitorFor(token: string): string | undefined {
    return this.byToken.get(token);
  }

  last(monitorId: string): HeartbeatLast {
    return this.lasts.get(monitorId) ?? NO_PINGS;
  }

  /**
   * Stores a ping. A finish (success or fail) after a start gets the run's duration.
   * @example await log.record(monitorId, 'fail', 'disk full', '10.0.0.7')
   */
  async record(monitorId: string, kind: HeartbeatPingKind, message: string | null, source: string | null): Promise<HeartbeatPing> {
    const at = this.now();
    const last = this.last(monitorId);
    const finishedAt = Math.max(last.success?.at ?? -Infinity, last.fail?.at ?? -Infinity);
    const running = last.start !== null && last.start.at > finishedAt ? last.start : null;
    const durationMs = kind !== 'start' && running !== null ? at - running.at : null;
    const text = message === null || message.trim() === '' ? null : message.slice(0, HEARTBEAT_MESSAGE_MAX);
    const ping = await this.store.insertHeartbeatPing({ monitorId, at, kind, message: text, durationMs, source });
    // The monitor may have been removed while the write ran: keep nothing for a ghost.
    if (this.tokenOfMonitor.has(monitorId)) this.lasts.set(monitorId, { ...this.last(monitorId), [kind]: ping });
    const count = (this.sincePrune.get(monitorId) ?? 0) + 1;
    this.sincePrune.set(monitorId, count % PRUNE_EVERY);
    if (count >= PRUNE_EVERY) await this.store.pruneHeartbeatPings(monitorId, PINGS_KEPT);
    return ping;
  }
}
