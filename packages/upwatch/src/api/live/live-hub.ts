import type { ServerResponse } from 'node:http';
import { presentIncident } from '../presenters.js';
import { dashboardState } from './dashboard-state.js';
import type { LiveEvent, LiveEvents } from './live-events.js';
import { SseClient, type LiveChange, type SseOptions } from './sse-client.js';

/**
 * The clients of the live stream. It listens to the engine's events only while someone is
 * connected, turns each event into JSON once, and hands it to every client's batch.
 */
export class LiveHub {
  private readonly clients = new Set<SseClient>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly source: LiveEvents,
    private readonly options: SseOptions,
  ) {}

  /** Serves a new client on `res` (a response no one else writes to). */
  connect(res: ServerResponse, headers: Record<string, string>): SseClient {
    const client = new SseClient(res, this.options, (c) => this.leave(c));
    this.clients.add(client);
    this.unsubscribe ??= this.source.subscribe((event) => this.broadcast(event));
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
    }
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
