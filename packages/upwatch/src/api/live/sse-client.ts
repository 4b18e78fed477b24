import type { ServerResponse } from 'node:http';
import type { Clock, TimerHandle } from '../../core/clock.js';

/** How a live stream paces itself. */
export interface SseOptions {
  clock: Clock;
  /** At most one message in this span: changes in between are merged, the latest per key kept. */
  batchMs: number;
  /** A comment this often, so proxies and browsers see the connection is alive. */
  heartbeatMs: number;
  /** Bytes the socket may still hold unsent when the next message is due; past this the client is too slow and is dropped. */
  maxBufferBytes: number;
  /** How long a browser waits before it reconnects (the `retry:` field). */
  retryMs: number;
}

/** One change for clients: its channel, its key in it, and the JSON to send. */
export interface LiveChange {
  /** `uptimes`: a monitor's 24-hour uptime moved (LiveHub re-reads them every minute). */
  channel: 'monitors' | 'incidents' | 'uptimes';
  key: string;
  data: unknown;
}

/**
 * One Server-Sent Events connection. Changes wait in a map keyed by monitor (or incident), so a
 * client holds at most one entry a key however fast checks complete, and leave together at most
 * once per `batchMs`. What the socket cannot take is bounded too: a client that still has more than
 * `maxBufferBytes` unsent when the next message is due is dropped; its browser reconnects and
 * starts afresh.
 */
export class SseClient {
  private readonly pending = { monitors: new Map<string, unknown>(), incidents: new Map<string, unknown>(), uptimes: new Map<string, unknown>() };
  private flushTimer: TimerHandle | null = null;
  private heartbeatTimer: TimerHandle | null = null;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  /**
   * @param stillAllowed asked at each heartbeat: whether the login or token the stream was opened
   *   with still holds. When it does not (a logout, a revoked token), the stream ends.
   */
  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseOptions,
    private readonly onClose: (client: SseClient) => void,
    private readonly stillAllowed: () => Promise<boolean> = async () => true,
  ) {}

  /** Sends the headers and the reconnect delay, and starts the heartbeat. */
  start(headers: Record<string, string>): void {
    this.res.on('close', () => this.close());
    this.res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store',
      connection: 'keep-alive',
      // nginx would otherwise hold the stream in its buffer.
      'x-accel-buffering': 'no',
    });
    this.write(`retry: ${this.options.retryMs}\n: connected\n\n`);
    this.armHeartbeat();
  }

  push(change: LiveChange): void {
    if (this.closed) return;
    this.pending[change.channel].set(change.key, change.data);
    if (this.flushTimer !== null) return;
    const { clock, batchMs } = this.options;
    this.flushTimer = clock.setTimer(() => this.flush(), Math.max(0, this.lastSentAt + batchMs - clock.now()));
  }

  /** Ends the stream (a server stopping); the browser reconnects later. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    if (!this.res.writableEnded && !this.res.destroyed) this.res.end();
    this.onClose(this);
  }

  private flush(): void {
    this.flushTimer = null;
    const monitors = [...this.pending.monitors.values()];
    const incidents = [...this.pending.incidents.values()];
    const uptimes = [...this.pending.uptimes.values()];
    this.pending.monitors.clear();
    this.pending.incidents.clear();
    this.pending.uptimes.clear();
    if (monitors.length === 0 && incidents.length === 0 && uptimes.length === 0) return;
    this.lastSentAt = this.options.clock.now();
    // `uptimes` only when some moved: most messages are a second's checks.
    this.write(`event: changes\ndata: ${JSON.stringify(uptimes.length > 0 ? { monitors, incidents, uptimes } : { monitors, incidents })}\n\n`);
  }

  private armHeartbeat(): void {
    this.heartbeatTimer = this.options.clock.setTimer(() => {
      this.write(': keep-alive\n\n');
      if (this.closed) return;
      this.armHeartbeat();
      // A read that fails (the store closing) ends nothing: the next heartbeat asks again.
      this.stillAllowed().then(
        (allowed) => {
          if (!allowed) this.close();
        },
        () => undefined,
      );
    }, this.options.heartbeatMs);
  }

  private write(text: string): void {
    if (this.closed) return;
    // What is still unsent from before: a client that has not taken it in a second is too slow to
    // keep up, and dropping it bounds what it holds to this plus one message (itself bounded by
    // one entry a monitor).
    if (this.res.writableLength > this.options.maxBufferBytes) {
      this.clearTimers();
      this.res.destroy();
      this.close();
      return;
    }
    this.res.write(text);
  }

  private clearTimers(): void {
    if (this.flushTimer !== null) this.options.clock.clearTimer(this.flushTimer);
    if (this.heartbeatTimer !== null) this.options.clock.clearTimer(this.heartbeatTimer);
    this.flushTimer = null;
    this.heartbeatTimer = null;
  }
}
