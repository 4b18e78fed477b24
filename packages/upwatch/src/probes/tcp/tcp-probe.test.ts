import assert from 'node:assert/strict';
import { once } from 'node:events';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { expectFailed, monitorSpec } from '../../test-support/monitor-spec.js';
import { freePort } from '../../test-support/targets.js';
import { createTcpProbe, describeTcp } from './tcp-probe.js';
import type { TcpSettings } from './tcp-settings.js';
import { startStalledListener } from './test-support/stalled-listener.js';

const probe = createTcpProbe();
const tcp = (host: string, port: number, timeoutMs = 5_000) => monitorSpec<TcpSettings>('tcp', { host, port }, { timeoutMs });

/** A node:net listener on `port` (0: any free one) that counts the connections it accepts. */
async function listen(port: number, host = '127.0.0.1'): Promise<{ server: net.Server; port: number; accepted: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(port, host);
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    async close() {
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

describe('tcp probe against local listeners', () => {
  test('a TCP port closed and opened: ok, connection_refused, ok again', async () => {
    let listener = await listen(0);
    const { port } = listener;

    const up = await createTcpProbe({ now: () => 1_700_000_000_000 }).run(tcp('127.0.0.1', port), {});
    assert.equal(up.ok, true, JSON.stringify(up));
    assert.equal(up.kind, null);
    assert.equal(up.error, null);
    assert.equal(up.at, 1_700_000_000_000);
    assert.equal(up.status, null);
    assert.equal(up.timings.dns, 0, 'an IP literal needs no lookup');
    assert.ok(up.timings.connect > 0 && up.timings.total >= up.timings.connect, JSON.stringify(up.timings));
    await listener.close();
    assert.equal(listener.accepted(), 1);

    const down = expectFailed(await probe.run(tcp('127.0.0.1', port), {}));
    assert.equal(down.kind, 'connection_refused');
    assert.equal(down.error, `connection refused by 127.0.0.1:${port}`);
    assert.ok(down.timings.connect > 0, 'a refused connect took time too');

    listener = await listen(port);
    try {
      const again = await probe.run(tcp('127.0.0.1', port), {});
      assert.equal(again.ok, true, JSON.stringify(again));
    } finally {
      await listener.close();
    }
  });

  test('the probe closes its connection at once and sends nothing', async () => {
    const received: Buffer[] = [];
    const server = net.createServer((socket) => {
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', () => {});
      socket.on('close', () => server.emit('peer-closed'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const closed = once(server, 'peer-closed');
      const result = await probe.run(tcp('127.0.0.1', (server.address() as net.AddressInfo).port), {});
      assert.equal(result.ok, true);
      await closed;
      assert.equal(Buffer.concat(received).length, 0);
    } finally {
      server.close();
    }
  });

  test('a name is resolved and timed, and every address is tried', async () => {
    // localhost may resolve to ::1 first; the listener is on 127.0.0.1 only.
    const listener = await listen(0);
    try {
      const result = await probe.run(tcp('localhost', listener.port), {});
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.ok(result.timings.dns > 0);
    } finally {
      await listener.close();
    }
  });

  test('a refused name says which address refused', async () => {
    const port = await freePort();
    const result = expectFailed(await probe.run(tcp('localhost', port), {}));
    assert.equal(result.kind, 'connection_refused');
    assert.match(result.error ?? '', new RegExp(`^connection refused by localhost:${port} \\((127\\.0\\.0\\.1|::1)\\)$`));
  });

  test('an IPv6 loopback port is reached', async (t) => {
    const listener = await listen(0, '::1').catch(() => null);
    if (listener === null) return t.skip('no ::1 on this machine');
    try {
      assert.equal((await probe.run(tcp('::1', listener.port), {})).ok, true);
    } finally {
      await listener.close();
    }
  });

  describe('a port that never answers', () => {
    let stalled: Awaited<ReturnType<typeof startStalledListener>>;
    before(async () => {
      stalled = await startStalledListener();
    });
    after(async () => {
      await stalled.close();
    });

    test('times out within the monitor timeout, naming the phase', async () => {
      const result = expectFailed(await probe.run(tcp('127.0.0.1', stalled.port, 300), {}));
      assert.equal(result.kind, 'timeout');
      assert.equal(result.error, `no answer from 127.0.0.1:${stalled.port} within 300ms (connecting)`);
      assert.ok(result.timings.total >= 290, JSON.stringify(result.timings));
    });

    test('aborting the signal ends the check at once as a cancelled check', async () => {
      const controller = new AbortController();
      const running = probe.run(tcp('127.0.0.1', stalled.port, 60_000), { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const result = expectFailed(await running);
      assert.equal(result.kind, 'error');
      assert.equal(result.error, 'check cancelled');
    });
  });

  test('an already aborted signal ends the check before it connects', async () => {
    const listener = await listen(0);
    try {
      const result = expectFailed(await probe.run(tcp('127.0.0.1', listener.port), { signal: AbortSignal.abort() }));
      assert.equal(result.kind, 'error');
      assert.equal(listener.accepted(), 0);
    } finally {
      await listener.close();
    }
  });
});

describe('describeTcp', () => {
  test('names host and port, IPv6 in brackets', () => {
    assert.deepEqual(describeTcp({ host: 'db.internal', port: 5432 }), { target: 'TCP db.internal:5432', url: 'tcp://db.internal:5432', method: null });
    assert.deepEqual(describeTcp({ host: '::1', port: 6379 }), { target: 'TCP [::1]:6379', url: 'tcp://[::1]:6379', method: null });
  });
});
