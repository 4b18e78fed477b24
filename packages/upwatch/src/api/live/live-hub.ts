import type { ServerResponse } from 'node:http';
import type { TimerHandle } from '../../core/clock.js';
import { presentIncident } from '../presenters.js';
import { dashboardState } from './dashboard-state.js';
import type { LiveEvent, LiveEvents } from './live-events.js';
import { SseClient, type LiveChange, type SseOptions } from './sse-client.js';

/** Where the hub reads every monitor's 24-hour uptime, and how often. */
export interface UptimeSource {
  /** By monitor id, the uptime as the dashboard shows it (presentUptime). */
  read(): Promise<Map<string, number | null>>;
  everyMs: number;
}

/**
 * The clients of the live stream. It listens to the engine's events only while someone is
 * connected, turns each event into JSON once, and hands it to every client's batch.
 *
 * A check event cannot carry the 24-hour uptime (that is a read over the rollups), so while
 * someone is connected the hub re-reads every monitor's uptime every `everyMs` (one set of
 * statements for all monitors, however many clients) and sends the ones that moved.
 */
export class LiveHub {
  private readonly clients = new Set<SseClient>();
  private unsubscribe: (() => void) | null = null;
  private uptimeTimer: TimerHandle | null = null;
  /** The uptimes clients were last told of, or null before the first read. */
  private uptimes: Map<string, number | null> | null = null;

  constructor(
    private readonly source: LiveEvents,
    private readonly options: SseOptions,
    private readonly uptimeSource: UptimeSource | null = null,
  ) {}

  /** Serves a new client on `res` (a response no one else writes to); `stillAllowed` as SseClient's. */
  connect(res: ServerResponse, headers: Record<string, string>, stillAllowed?: () => Promise<boolean>): SseClient {
    const client = new SseClient(res, this.options, (c) => this.leave(c), stillAllowed);
    this.clients.add(client);
    if (!this.unsubscribe) {
      this.unsubscribe = this.source.subscribe((event) => this.broadcast(event));
      this.scheduleUptimes(0);
    }
    client.start(headers);
    return client;
  }

  /** Clients connected now. */
  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream: the server is stopping and must not wait for browsers to hang up. */
  closeAll(): void {
    for (const client of [...this.clients]) client.close();
  }

  private leave(client: SseClient): void {
    this.clients.delete(client);
    if (this.clients.size === 0 && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
      if (this.uptimeTimer !== null) this.options.clock.clearTimer(this.uptimeTimer);
      this.uptimeTimer = null;
      this.uptimes = null;
    }
  }

  private scheduleUptimes(ms: number): void {
    if (!this.uptimeSource) return;
    this.uptimeTimer = this.options.clock.setTimer(() => void this.refreshUptimes(), ms);
  }

  /** The first read only notes the uptimes (a client loads them with the list); later ones send what moved. */
  private async refreshUptimes(): Promise<void> {
    let read: Map<string, number | null> | undefined;
    try {
      read = await this.uptimeSource!.read();
    } catch {
      // A failed read (the store closing) leaves the figures as they were until the next one.
    }
    if (this.unsubscribe === null) return;
    if (read) {
      if (this.uptimes) {
        for (const [id, uptime] of read) {
          if ((this.uptimes.get(id) ?? null) === uptime) continue;
          const change: LiveChange = { channel: 'uptimes', key: id, data: { id, uptime_24h: uptime } };
          for (const client of this.clients) client.push(change);
        }
      }
      this.uptimes = read;
    }
    this.scheduleUptimes(this.uptimeSource!.everyMs);
  }

  private broadcast(event: LiveEvent): void {
    const change = toChange(event, this.options.clock.now());
    for (const client of this.clients) client.push(change);
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An engine event as clients see it: a monitor's new state and last check, or an incident. */
function toChange(event: LiveEvent, now: number): LiveChange {
  if (event.type === 'incident') {
    return { channel: 'incidents', key: event.incident.id, data: presentIncident(event.incident, now) };
  }
  const { check, state } = event;
  return {
    channel: 'monitors',
    key: event.monitorId,
    data: {
      id: event.monitorId,
      state: dashboardState(false, state),
      since: iso(state.since),
      incident_id: state.incidentId,
      last_check: { at: iso(check.at), ok: check.ok, ms: Math.round(check.timings.total * 10) / 10, kind: check.kind, phase: event.phase },
    },
  };
}
