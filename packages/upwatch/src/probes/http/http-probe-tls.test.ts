import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import * as net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { generateTestCerts, type TestCerts } from '../../test-support/certs.js';
import { startHttpsTarget, startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { createHttpProbe } from './http-probe.js';
import { expectFailed, httpMonitorSpec } from '../../test-support/monitor-spec.js';


describe('http probe over TLS', () => {
  let certs: TestCerts;
  const targets: HttpTarget[] = [];
  const start = async (cert: keyof Omit<TestCerts, 'ca'>): Promise<HttpTarget> => {
    const target = await startHttpsTarget(certs[cert]);
    targets.push(target);
    return target;
  };
  let trusting: ReturnType<typeof createHttpProbe>;

  before(async () => {
    certs = await generateTestCerts();
    trusting = createHttpProbe({ tls: { ca: certs.ca.cert } });
  });
  after(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });

  test('a certificate from a trusted CA is up, and the handshake is timed', async () => {
    const target = await start('localhost');
    const byName = await trusting.run(httpMonitorSpec(`https://localhost:${target.port}/`), {});
    assert.equal(byName.ok, true, JSON.stringify(byName));
    assert.equal(byName.status, 200);
    assert.ok(byName.timings.tls > 0 && byName.timings.dns > 0, JSON.stringify(byName.timings));

    const byAddress = await trusting.run(httpMonitorSpec(`${target.url}/`), {});
    assert.equal(byAddress.ok, true, JSON.stringify(byAddress));
  });

  test('an expired certificate is a tls failure that says when it expired', async () => {
    const target = await start('expired');
    const result = expectFailed(await trusting.run(httpMonitorSpec(`https://localhost:${target.port}/`), {}));
    assert.equal(result.kind, 'tls');
    const validTo = new Date(new X509Certificate(certs.expired.cert).validTo).toISOString().slice(0, 19).replace('T', ' ');
    assert.equal(result.error, `certificate expired on ${validTo} UTC`);
    assert.equal(target.requests.length, 0, 'no request goes to a server whose certificate was refused');
  });

  test('a self-signed certificate is an untrusted chain', async () => {
    const target = await start('selfSigned');
    const result = expectFailed(await createHttpProbe().run(httpMonitorSpec(`https://localhost:${target.port}/`), {}));
    assert.equal(result.kind, 'tls');
    assert.equal(result.error, 'untrusted certificate chain (self-signed certificate; DEPTH_ZERO_SELF_SIGNED_CERT)');
    assert.equal(target.requests.length, 0);
  });

  test('a certificate from an unknown CA is an untrusted chain', async () => {
    const target = await start('localhost');
    const result = expectFailed(await createHttpProbe().run(httpMonitorSpec(`https://localhost:${target.port}/`), {}));
    assert.equal(result.kind, 'tls');
    assert.match(result.error ?? '', /^untrusted certificate chain \(.*UNABLE_TO_VERIFY_LEAF_SIGNATURE\)$/);
  });

  test('a certificate for another name is a hostname mismatch', async () => {
    const target = await start('wrongName');
    const result = expectFailed(await trusting.run(httpMonitorSpec(`https://localhost:${target.port}/`), {}));
    assert.equal(result.kind, 'tls');
    assert.equal(result.error, 'hostname mismatch: the certificate covers DNS:wrong.example, not localhost');
    assert.equal(target.requests.length, 0);
  });

  test('verification can be switched off', async () => {
    const target = await start('selfSigned');
    const result = await createHttpProbe({ tls: { rejectUnauthorized: false } }).run(httpMonitorSpec(`https://localhost:${target.port}/`), {});
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  test('a server that never answers the handshake is cut off by the timeout', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const { port } = silent.address() as net.AddressInfo;
      const result = expectFailed(await trusting.run({ ...httpMonitorSpec(`https://localhost:${port}/`), timeoutMs: 300 }, {}));
      assert.equal(result.kind, 'timeout');
      assert.equal(result.error, 'no response within 300ms (doing the TLS handshake)');
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  test('a server that does not speak TLS fails the handshake', async () => {
    const plain = await startHttpTarget();
    targets.push(plain);
    const result = expectFailed(await trusting.run(httpMonitorSpec(`https://127.0.0.1:${plain.port}/`), {}));
    assert.equal(result.kind, 'tls');
    assert.match(result.error ?? '', /^TLS handshake failed: /);
  });
});
