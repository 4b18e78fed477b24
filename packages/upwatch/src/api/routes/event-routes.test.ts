import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { CheckResult } from '../../core/check-result.js';
import { EngineEvents } from '../../engine/engine-events.js';
import { HeartbeatLog } from '../../engine/heartbeat-log.js';
import { MaintenanceRegistry } from '../../engine/maintenance-registry.js';
import { pingTokenOf } from '../../probes/heartbeat/heartbeat-settings.js';
import { liveEventsOf } from '../../server.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { aFailedCheck, aMonitor, anIncident, anOkCheck, aState, T0 } from '../../store/store-fixtures.js';
import { ManualClock } from '../../test-support/manual-clock.js';
import { buildApi } from '../api-app.js';
import type { ApiDeps } from '../api-deps.js';
import { issueApiToken } from '../api-tokens.js';
import { eventRoutes } from './event-routes.js';

/** A check.completed event as the engine emits it. */
function emitCheck(events: EngineEvents, monitorId: string, check: CheckResult, status: 'up' | 'down' = 'up'): void {
  events.emit('check.completed', { monitorId, name: monitorId, phase: 'regular', check, state: aState({ status, since: check.at, lastCheckAt: check.at }), lagMs: 0 });
}

/** Reads an SSE body as text, message by message. */
class StreamReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  /** A read a timeout gave up waiting for: the next call takes its chunk rather than losing it. */
  private pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> | null = null;
  ended = false;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** The text up to and including the next blank line, or null when nothing comes within `ms` (real time). */
  async next(ms = 2_000): Promise<string | null> {
    const deadline = Date.now() + ms;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const message = this.buffer.slice(0, end + 2);
        this.buffer = this.buffer.slice(end + 2);
        return message;
      }
      if (this.ended) return null;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      let timer: NodeJS.Timeout | undefined;
      this.pending ??= this.reader.read();
      const chunk = await Promise.race([this.pending, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left)))]);
      clearTimeout(timer);
      if (chunk === 'timeout') return null;
      this.pending = null;
      if (chunk.done) this.ended = true;
      else this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** The data of the next `changes` message. */
  async changes(ms?: number): Promise<any> {
    for (;;) {
      const message = await this.next(ms);
      if (message === null) return null;
      if (message.startsWith('event: changes\n')) return JSON.parse(message.split('\ndata: ')[1]!);
    }
  }
}

/** GET /api/events over a real listening server on 127.0.0.1, read with fetch. */
describe('live events (SSE)', () => {
  let store: Store;
  let app: FastifyInstance;
  let url: string;
  let auth: { authorization: string };
  const clock = new ManualClock(T0);
  const events = new EngineEvents();

  before(async () => {
    store = await openSqliteStore(':memory:');
    const runtime = { upsert: () => undefined, remove: () => undefined, getState: () => undefined, checkNow: () => undefined };
    app = buildApi(
      { store, runtime, clock, notifierNames: () => [], newId: randomUUID, version: 'test', maintenance: new MaintenanceRegistry(store, () => T0), heartbeats: new HeartbeatLog(store, () => T0, pingTokenOf), live: liveEventsOf(events) },
      pino({ level: 'silent' }),
    );
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    auth = { authorization: `Bearer ${(await issueApiToken(store, 'test', T0, randomUUID)).token}` };
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const open = async () => {
    const res = await fetch(`${url}/api/events`, { headers: auth });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(res.headers.get('cache-control'), 'no-cache, no-store');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', 'the security headers are sent on the stream too');
    const stream = new StreamReader(res.body!.getReader());
    assert.equal(await stream.next(), 'retry: 3000\n: connected\n\n');
    return stream;
  };

  test('needs a login or a token', async () => {
    const res = await fetch(`${url}/api/events`);
    assert.equal(res.status, 401);
    await res.body?.cancel();
  });

  test('changes come batched, at most one message a second, with the latest of each monitor', async () => {
    const stream = await open();
    emitCheck(events, 'a', anOkCheck('a', T0 + 1));
    emitCheck(events, 'a', anOkCheck('a', T0 + 2));
    emitCheck(events, 'b', aFailedCheck('b', T0 + 3, { kind: 'timeout' }), 'down');
    emitCheck(events, 'a', aFailedCheck('a', T0 + 4), 'down');
    events.emit('incident.opened', { monitorId: 'b', name: 'b', incident: anIncident('inc-1', 'b', T0 + 3) });
    await clock.advance(0);
    const first = await stream.changes();
    assert.deepEqual(
      first.monitors.map((m: any) => [m.id, m.state, m.last_check.at, m.last_check.ok, m.last_check.kind]),
      [
        ['a', 'down', new Date(T0 + 4).toISOString(), false, 'http_503'],
        ['b', 'down', new Date(T0 + 3).toISOString(), false, 'timeout'],
      ],
    );
    assert.deepEqual(first.monitors[0].last_check, { at: new Date(T0 + 4).toISOString(), ok: false, ms: 47.3, kind: 'http_503', phase: 'regular' });
    assert.deepEqual(first.incidents.map((i: any) => [i.id, i.monitor_id, i.open]), [['inc-1', 'b', true]]);

    // Within the second after a message, nothing more is sent; the change waits for the next.
    emitCheck(events, 'a', anOkCheck('a', T0 + 500));
    await clock.advance(500);
    assert.equal(await stream.next(200), null);
    emitCheck(events, 'a', anOkCheck('a', T0 + 700));
    await clock.advance(500);
    const second = await stream.changes();
    assert.deepEqual(second.monitors.map((m: any) => [m.id, m.state, m.last_check.at]), [['a', 'up', new Date(T0 + 700).toISOString()]]);
    assert.deepEqual(second.incidents, []);
  });

  test('a heartbeat comment keeps a quiet stream alive', async () => {
    const stream = await open();
    await clock.advance(19_000);
    assert.equal(await stream.next(200), null);
    await clock.advance(1_000);
    assert.equal(await stream.next(), ': keep-alive\n\n');
  });

  test('every minute, the monitors whose 24-hour uptime moved, and no others', async () => {
    const stream = await open();
    /** The next message with uptimes: the read behind it is real I/O, so the clock is nudged until it is sent. */
    const uptimes = async () => {
      for (let i = 0; i < 40; i++) {
        await clock.advance(0);
        const changes = await stream.changes(50);
        if (changes?.uptimes) return changes.uptimes;
      }
      return null;
    };
    await store.insertMonitor(aMonitor('u'));
    await store.insertMonitor(aMonitor('still'));
    await store.insertChecks([anOkCheck('u', clock.now() - 2_000), aFailedCheck('u', clock.now() - 1_000)]);
    await clock.advance(60_000);
    assert.deepEqual(await uptimes(), [{ id: 'u', uptime_24h: 50 }], 'a new monitor without checks has not moved');

    await store.insertChecks([aFailedCheck('u', clock.now() - 500)]);
    await clock.advance(60_000);
    assert.deepEqual(await uptimes(), [{ id: 'u', uptime_24h: 33.333 }], 'rounded down, as the list has it');

    await clock.advance(60_000);
    assert.equal(await uptimes(), null, 'nothing moved: nothing sent');
  });

  test('a stream ends within a heartbeat of its token being revoked', async () => {
    const { token, record } = await issueApiToken(store, 'short-lived', T0, randomUUID);
    const res = await fetch(`${url}/api/events`, { headers: { authorization: `Bearer ${token}` } });
    const stream = new StreamReader(res.body!.getReader());
    assert.equal(await stream.next(), 'retry: 3000\n: connected\n\n');
    await clock.advance(20_000);
    assert.equal(await stream.next(), ': keep-alive\n\n', 'still valid: the stream goes on');
    await store.deleteApiToken(record.id);
    await clock.advance(20_000);
    assert.equal(await stream.next(), ': keep-alive\n\n');
    assert.equal(await stream.next(), null);
    assert.ok(stream.ended, 'the stream ended');
  });

  test('stopping the server ends every stream, and stops listening to the engine', async () => {
    const stream = await open();
    assert.ok(events.listenerCount('check.completed') >= 1);
    const started = Date.now();
    await app.close();
    assert.ok(Date.now() - started < 2_000, 'close did not wait for the stream');
    assert.equal(await stream.next(), null);
    assert.ok(stream.ended, 'the stream ended');
    assert.equal(events.listenerCount('check.completed'), 0);
    assert.equal(events.listenerCount('incident.opened'), 0);
  });
});

test('live events: a client that does not read is dropped once its unsent bytes pile up past the bound', async () => {
  const clock = new ManualClock(T0);
  const events = new EngineEvents();
  const app = Fastify();
  const hub = eventRoutes(app, { clock, live: liveEventsOf(events) } as unknown as ApiDeps, { maxBufferBytes: 64 * 1024 });
  assert.ok(hub);
  const url = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
  // A raw client that sends its request and never reads the answer.
  const socket = connect(Number(url.port), '127.0.0.1');
  socket.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  socket.pause();
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  try {
    for (let i = 0; i < 100 && hub.size === 0; i++) await clock.advance(10);
    assert.equal(hub.size, 1);
    let rounds = 0;
    while (hub.size > 0 && rounds < 500) {
      // 2,000 monitors a second: each message is ~400 KB.
      for (let m = 0; m < 2_000; m++) emitCheck(events, `monitor-${m}-${'x'.repeat(80)}`, anOkCheck('x', T0 + rounds));
      await clock.advance(1_000);
      rounds++;
    }
    assert.equal(hub.size, 0, `still connected after ${rounds} seconds`);
    // More than one message went out before the drop: the bound is on what piles up, not on a message.
    assert.ok(rounds > 1, `dropped after ${rounds} message(s)`);
    socket.resume();
    await closed;
    assert.equal(events.listenerCount('check.completed'), 0);
  } finally {
    socket.destroy();
    await app.close();
  }
});
