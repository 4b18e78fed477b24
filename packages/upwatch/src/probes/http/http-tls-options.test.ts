import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as https from 'node:https';
import type * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { generate } from 'selfsigned';
import { monitorNotes, parseMonitorInput } from '../../config/monitor-input.js';
import type { MonitorSpec } from '../../core/monitor.js';
import { generateTestCerts, type KeyAndCert, type TestCerts } from '../../test-support/certs.js';
import { expectFailed } from '../../test-support/monitor-spec.js';
import { startHttpsTarget, startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { httpKind } from './http-kind.js';
import { createHttpProbe } from './http-probe.js';
import type { HttpSettings } from './http-settings.js';

const DAY_MS = 86_400_000;
const KEY = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;

/** A monitor as a person writes it, parsed the way config and the API parse it. */
function monitor(input: Record<string, unknown>): MonitorSpec {
  const parsed = parseMonitorInput({ name: 'test', confirm: 0, timeout: '5s', ...input });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.spec;
}

/** A certificate signed by the test CA: a client one, or a localhost server one with the given validity. */
async function signed(ca: KeyAndCert, use: 'client' | 'server', validity = { notBefore: Date.now() - DAY_MS, notAfter: Date.now() + 30 * DAY_MS }): Promise<KeyAndCert> {
  const pems = await generate([{ name: 'commonName', value: use === 'client' ? 'probe-client' : 'localhost' }], {
    ...KEY,
    ca,
    notBeforeDate: new Date(validity.notBefore),
    notAfterDate: new Date(validity.notAfter),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      use === 'client' ? { name: 'extKeyUsage', clientAuth: true } : { name: 'extKeyUsage', serverAuth: true },
      ...(use === 'server' ? [{ name: 'subjectAltName' as const, altNames: [{ type: 2 as const, value: 'localhost' }, { type: 7 as const, ip: '127.0.0.1' }] }] : []),
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

interface MutualTlsServer {
  port: number;
  /** The common name of the client certificate each request came with ('' for none). */
  clients: string[];
  close(): Promise<void>;
}

/** An https server that asks every client for a certificate from the test CA; `require` refuses those without one. */
async function startMutualTls(certs: TestCerts, require: boolean, handler: (path: string) => { status: number; location?: string }): Promise<MutualTlsServer> {
  const clients: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = https.createServer({ ...certs.localhost, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: require }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    clients.push(typeof peer.subject?.CN === 'string' ? peer.subject.CN : '');
    const { status, location } = handler(req.url ?? '/');
    res.writeHead(status, location === undefined ? {} : { location }).end('ok');
  });
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    clients,
    async close() {
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

describe('http probe tls and certificate options', () => {
  const probe = createHttpProbe();
  let certs: TestCerts;
  let dir: string;
  const files: Record<'ca' | 'clientCert' | 'clientKey', string> = { ca: '', clientCert: '', clientKey: '' };
  const closers: Array<() => Promise<void>> = [];
  const httpsTarget = async (cert: KeyAndCert): Promise<HttpTarget> => {
    const target = await startHttpsTarget(cert);
    closers.push(() => target.close());
    return target;
  };

  before(async () => {
    certs = await generateTestCerts();
    const client = await signed(certs.ca, 'client');
    dir = await mkdtemp(join(tmpdir(), 'upwatch-http-tls-'));
    files.ca = join(dir, 'ca.pem');
    files.clientCert = join(dir, 'client.pem');
    files.clientKey = join(dir, 'client.key');
    await Promise.all([writeFile(files.ca, certs.ca.cert), writeFile(files.clientCert, client.cert), writeFile(files.clientKey, client.key)]);
  });
  after(async () => {
    await Promise.all(closers.map((close) => close()));
    await rm(dir, { recursive: true, force: true });
  });

  test('a key that does not match its certificate is the settings\' fault: kind error, and the connection is closed', async () => {
    const server = await startMutualTls(certs, false, () => ({ status: 200 }));
    closers.push(() => server.close());
    const wrongKey = join(dir, 'other.key');
    await writeFile(wrongKey, certs.selfSigned.key);
    const spec = monitor({ url: `https://localhost:${server.port}/`, tls: { ca_file: files.ca, cert_file: files.clientCert, key_file: wrongKey } });
    const result = expectFailed(await probe.run(spec, {}));
    assert.equal(result.kind, 'error');
    assert.match(result.error ?? '', /tls\.cert_file, tls\.key_file/);
    assert.equal(server.clients.length, 0, 'no request was made');
  });

  test('a client certificate from tls.cert_file and key_file lets the probe into a server that requires one', async () => {
    const server = await startMutualTls(certs, true, () => ({ status: 200 }));
    closers.push(() => server.close());
    const url = `https://localhost:${server.port}/`;

    const without = expectFailed(await probe.run(monitor({ url, tls: { ca_file: files.ca } }), {}));
    // TLS 1.3 lets the server refuse after the handshake: the probe sees the connection closed.
    assert.ok(['connection_reset', 'tls'].includes(without.kind), JSON.stringify(without));
    assert.deepEqual(server.clients, [], 'no request got through without a certificate');

    const result = await probe.run(monitor({ url, tls: { ca_file: files.ca, cert_file: files.clientCert, key_file: files.clientKey } }), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.deepEqual(server.clients, ['probe-client']);
  });

  test('the client certificate is not presented to another origin a redirect leads to', async () => {
    const other = await startMutualTls(certs, false, () => ({ status: 200 }));
    const first = await startMutualTls(certs, true, () => ({ status: 302, location: `https://localhost:${other.port}/landed` }));
    closers.push(() => other.close(), () => first.close());
    const tls = { ca_file: files.ca, cert_file: files.clientCert, key_file: files.clientKey };
    const result = await probe.run(monitor({ url: `https://localhost:${first.port}/`, tls }), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.deepEqual(first.clients, ['probe-client']);
    assert.deepEqual(other.clients, ['']);
  });

  test('skip_verify accepts a self-signed certificate, and the kind warns about it', async () => {
    const target = await httpsTarget(certs.selfSigned);
    const spec = monitor({ url: `https://localhost:${target.port}/`, tls: { skip_verify: true } });
    const result = await probe.run(spec, {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(httpKind.warnings?.(spec.settings as HttpSettings).length, 1);
    assert.match(monitorNotes(spec).warnings[0] ?? '', /skip_verify/);
    assert.deepEqual(monitorNotes(monitor({ url: `https://localhost:${target.port}/` })).warnings, []);

    const verified = expectFailed(await probe.run(monitor({ url: `https://localhost:${target.port}/` }), {}));
    assert.equal(verified.kind, 'tls');
  });

  test('a certificate: block reports the first certificate, its days left and the warning it is within', async () => {
    const notAfter = Date.now() + 3 * DAY_MS + 3_600_000;
    const target = await httpsTarget(await signed(certs.ca, 'server', { notBefore: Date.now() - DAY_MS, notAfter }));
    const result = await probe.run(monitor({ url: `https://localhost:${target.port}/`, tls: { ca_file: files.ca }, certificate: { warn_days: [1, 30, 7, 14, 7] } }), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    const facts = result.certificate;
    assert.ok(facts, 'the result carries the certificate');
    assert.equal(facts.daysLeft, 3);
    assert.equal(facts.warnThreshold, 7);
    assert.equal(facts.chainValid, true);
    assert.equal(facts.subject, 'CN=localhost');
    assert.ok(Math.abs(facts.notAfter - notAfter) < 2_000, `${facts.notAfter} vs ${notAfter}`);

    const plain = await probe.run(monitor({ url: `https://localhost:${target.port}/`, tls: { ca_file: files.ca } }), {});
    assert.equal('certificate' in plain, false, 'without certificate: the result has none');
  });

  test('a refused certificate is still reported, and a check that never got to a handshake reports none', async () => {
    const expired = await httpsTarget(certs.expired);
    const result = expectFailed(await probe.run(monitor({ url: `https://localhost:${expired.port}/`, tls: { ca_file: files.ca }, certificate: {} }), {}));
    assert.equal(result.kind, 'tls');
    assert.ok(result.certificate, JSON.stringify(result));
    assert.ok(result.certificate.daysLeft < 0);
    assert.equal(result.certificate.chainValid, false);
    assert.equal(result.certificate.warnThreshold, 1, 'an expired certificate is within the smallest default threshold');

    const plain = await startHttpTarget();
    closers.push(() => plain.close());
    const noHandshake = expectFailed(await probe.run(monitor({ url: `https://127.0.0.1:${plain.port}/`, certificate: {} }), {}));
    assert.equal(noHandshake.kind, 'tls');
    assert.equal('certificate' in noHandshake, false);
  });

  test('a tls file that went away since the config was read is an error naming the field', async () => {
    const gone = join(dir, 'gone.pem');
    await writeFile(gone, certs.ca.cert);
    const spec = monitor({ url: 'https://localhost:1/', tls: { ca_file: gone } });
    await rm(gone);
    const result = expectFailed(await probe.run(spec, {}));
    assert.equal(result.kind, 'error');
    assert.equal(result.error, `tls.ca_file: cannot read ${gone}: no such file`);
  });
});
