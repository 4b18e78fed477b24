import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseMonitorInput } from '../../config/monitor-input.js';
import type { MonitorSpec } from '../../core/monitor.js';
import { generateTestCerts } from '../../test-support/certs.js';
import { expectFailed } from '../../test-support/monitor-spec.js';
import { freePort, startHttpsTarget, startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { createHttpProbe } from './http-probe.js';

/** A monitor as a person writes it, parsed the way config and the API parse it. */
function monitor(input: Record<string, unknown>): MonitorSpec {
  const parsed = parseMonitorInput({ name: 'test', confirm: 0, timeout: '5s', ...input });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.spec;
}

interface TestProxy {
  url: string;
  /** Absolute-form requests forwarded, with the Proxy-Authorization each carried. */
  forwarded: Array<{ url: string; proxyAuthorization: string | undefined }>;
  /** CONNECT targets asked for, with the Proxy-Authorization each carried. */
  tunnels: Array<{ authority: string; proxyAuthorization: string | undefined }>;
  close(): Promise<void>;
}

/**
 * A small forward proxy: absolute-form http requests are passed on (without the proxy's own
 * credentials), CONNECT opens a TCP pipe. With `requireAuth`, anything without that
 * Proxy-Authorization gets a 407.
 */
async function startProxy(requireAuth: string | null = null): Promise<TestProxy> {
  const forwarded: TestProxy['forwarded'] = [];
  const tunnels: TestProxy['tunnels'] = [];
  const sockets = new Set<net.Socket>();
  const allowed = (header: string | undefined) => requireAuth === null || header === requireAuth;
  const server = http.createServer((req, res) => {
    const proxyAuthorization = req.headers['proxy-authorization'];
    forwarded.push({ url: req.url ?? '', proxyAuthorization });
    if (!allowed(proxyAuthorization)) return void res.writeHead(407, { 'proxy-authenticate': 'Basic' }).end();
    const { 'proxy-authorization': _dropped, ...headers } = req.headers;
    const upstream = http.request(req.url ?? '', { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
    sockets.add(client);
    const proxyAuthorization = req.headers['proxy-authorization'];
    tunnels.push({ authority: req.url ?? '', proxyAuthorization });
    if (!allowed(proxyAuthorization)) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic\r\ncontent-length: 0\r\n\r\n');
    const [host, port] = [(req.url ?? '').replace(/:\d+$/, ''), Number(/:(\d+)$/.exec(req.url ?? '')?.[1])];
    const upstream = net.connect({ host, port }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    tunnels,
    async close() {
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

describe('http probe through a proxy', () => {
  const probe = createHttpProbe();
  let dir: string;
  let caFile: string;
  let proxy: TestProxy;
  let plain: HttpTarget;
  let secure: HttpTarget;

  before(async () => {
    const certs = await generateTestCerts();
    dir = await mkdtemp(join(tmpdir(), 'upwatch-proxy-'));
    caFile = join(dir, 'ca.pem');
    await writeFile(caFile, certs.ca.cert);
    [proxy, plain, secure] = await Promise.all([startProxy(), startHttpTarget(), startHttpsTarget(certs.localhost)]);
  });
  after(async () => {
    await Promise.all([proxy.close(), plain.close(), secure.close(), rm(dir, { recursive: true, force: true })]);
  });

  test('an http:// target is asked for in absolute form, through the proxy', async () => {
    const before = plain.requests.length;
    const result = await probe.run(monitor({ url: `http://localhost:${plain.port}/health?x=1`, proxy: proxy.url }), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(proxy.forwarded.at(-1)?.url, `http://localhost:${plain.port}/health?x=1`);
    assert.equal(plain.requests.length - before, 1);
    assert.equal(plain.requests.at(-1)?.headers.host, `localhost:${plain.port}`);
    assert.equal(result.timings.dns, 0, 'the proxy is an IP literal, and the proxy resolves the target');
  });

  test('an https:// target is reached through a CONNECT tunnel, its certificate checked against its own name', async () => {
    const before = secure.requests.length;
    const result = await probe.run(monitor({ url: `https://localhost:${secure.port}/`, proxy: proxy.url, tls: { ca_file: caFile } }), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(proxy.tunnels.at(-1)?.authority, `localhost:${secure.port}`);
    assert.equal(secure.requests.length - before, 1);
    assert.ok(result.timings.connect > 0 && result.timings.tls > 0, JSON.stringify(result.timings));
  });

  test('proxy credentials go to the proxy as Proxy-Authorization, and a refused CONNECT is an error without them', async () => {
    const expected = `Basic ${Buffer.from('probe:pr0xy-secret').toString('base64')}`;
    const guarded = await startProxy(expected);
    try {
      const authority = guarded.url.slice('http://'.length);
      const withCredentials = `http://probe:pr0xy-secret@${authority}`;
      const forwarded = await probe.run(monitor({ url: `${plain.url}/`, proxy: withCredentials }), {});
      assert.equal(forwarded.ok, true, JSON.stringify(forwarded));
      assert.equal(guarded.forwarded.at(-1)?.proxyAuthorization, expected);
      assert.equal(plain.requests.at(-1)?.headers['proxy-authorization'], undefined);

      const tunnelled = await probe.run(monitor({ url: `https://localhost:${secure.port}/`, proxy: withCredentials, tls: { ca_file: caFile } }), {});
      assert.equal(tunnelled.ok, true, JSON.stringify(tunnelled));
      assert.equal(guarded.tunnels.at(-1)?.proxyAuthorization, expected);

      const refused = expectFailed(await probe.run(monitor({ url: `https://localhost:${secure.port}/`, proxy: `http://probe:wrong@${authority}`, tls: { ca_file: caFile } }), {}));
      assert.equal(refused.kind, 'error');
      assert.equal(refused.error, `proxy answered 407 Proxy Authentication Required to CONNECT localhost:${secure.port}`);
      assert.equal(refused.status, null, 'the target never answered');
      assert.equal(probe.describe(monitor({ url: `https://localhost:${secure.port}/`, proxy: withCredentials })).target, `GET https://localhost:${secure.port}/`);
    } finally {
      await guarded.close();
    }
  });

  test('a proxy that refuses connections is connection_refused naming the proxy', async () => {
    const port = await freePort();
    const result = expectFailed(await probe.run(monitor({ url: `https://localhost:${secure.port}/`, proxy: `http://u:p4ss@127.0.0.1:${port}` }), {}));
    assert.equal(result.kind, 'connection_refused');
    assert.equal(result.error, `connection refused by proxy 127.0.0.1:${port}`);
  });

  test('a proxy that never answers CONNECT is a timeout naming the proxy', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const { port } = silent.address() as net.AddressInfo;
      const result = expectFailed(await probe.run(monitor({ url: `https://localhost:${secure.port}/`, proxy: `http://127.0.0.1:${port}`, timeout: '300ms' }), {}));
      assert.equal(result.kind, 'timeout');
      assert.equal(result.error, `no response within 300ms (connecting to proxy 127.0.0.1:${port})`);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
