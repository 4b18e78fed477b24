import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { generate } from 'selfsigned';
import type { CheckResult } from '../../core/check-result.js';
import { generateTestCerts, type KeyAndCert, type TestCerts } from '../../test-support/certs.js';
import { expectFailed, monitorSpec } from '../../test-support/monitor-spec.js';
import { freePort } from '../../test-support/targets.js';
import { NO_TLS_CLIENT_SETTINGS, type TlsClientSettings } from '../certificate/tls-client-options.js';
import { createTlsProbe, describeTls } from './tls-probe.js';
import type { TlsSettings } from './tls-settings.js';

const DAY_MS = 86_400_000;
const KEY = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256' } as const;

let dir: string;
let certs: TestCerts;
let caFile: string;
let soon: KeyAndCert;
let later: KeyAndCert;
let notYet: KeyAndCert;
let client: { certFile: string; keyFile: string };
let strangerClient: { certFile: string; keyFile: string };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-tls-probe-'));
  certs = await generateTestCerts();
  caFile = write('ca.pem', certs.ca.cert);
  const now = Date.now();
  let clientPair: KeyAndCert;
  let strangerPair: KeyAndCert;
  [soon, later, notYet, clientPair, strangerPair] = await Promise.all([
    leaf(certs.ca, now - 10 * DAY_MS, now + 3 * DAY_MS),
    leaf(certs.ca, now - DAY_MS, now + 90 * DAY_MS),
    leaf(certs.ca, now + 2 * DAY_MS, now + 90 * DAY_MS),
    leaf(certs.ca, now - DAY_MS, now + 30 * DAY_MS, 'clientAuth'),
    leaf(null, now - DAY_MS, now + 30 * DAY_MS, 'clientAuth'),
  ]);
  client = { certFile: write('client.pem', clientPair.cert), keyFile: write('client-key.pem', clientPair.key) };
  strangerClient = { certFile: write('stranger.pem', strangerPair.cert), keyFile: write('stranger-key.pem', strangerPair.key) };
});
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A leaf for localhost and 127.0.0.1 with the given dates, signed by `ca` (self-signed when null). */
async function leaf(ca: KeyAndCert | null, notBefore: number, notAfter: number, use: 'serverAuth' | 'clientAuth' = 'serverAuth'): Promise<KeyAndCert> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    ...KEY,
    notBeforeDate: new Date(notBefore),
    notAfterDate: new Date(notAfter),
    ...(ca === null ? {} : { ca }),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', [use]: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

interface Peer {
  port: number;
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that keeps every connection open until closed, as a real service would. */
async function listen(server: net.Server): Promise<Peer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {}); // a probe that walks away is the test, not an error
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    async close() {
      const closed = once(server, 'close');
      server.close();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

const tlsServer = (options: tls.TlsOptions) => listen(tls.createServer(options, (socket) => socket.on('error', () => {})));

function settings(port: number, overrides: Partial<TlsSettings> = {}, client: Partial<TlsClientSettings> = {}): TlsSettings {
  return { host: 'localhost', port, servername: null, warnDays: [30, 14, 7, 1], tls: { ...NO_TLS_CLIENT_SETTINGS, caFile, ...client }, ...overrides };
}

async function check(port: number, overrides: Partial<TlsSettings> = {}, client: Partial<TlsClientSettings> = {}, timeoutMs = 5_000): Promise<CheckResult> {
  return createTlsProbe().run(monitorSpec('tls', settings(port, overrides, client), { timeoutMs }), {});
}

async function against<T>(peer: Promise<Peer>, use: (port: number) => Promise<T>): Promise<T> {
  const { port, close } = await peer;
  try {
    return await use(port);
  } finally {
    await close();
  }
}

describe('tls probe: the certificate', () => {
  test('a certificate 3 days from expiry, from a CA trusted with ca_file, is ok and within the 7-day warning', async () => {
    const result = await against(tlsServer(soon), (port) => check(port));
    assert.equal(result.ok, true, result.error ?? '');
    assert.equal(result.kind, null);
    assert.equal(result.error, null);
    const cert = result.certificate!;
    assert.equal(cert.warnThreshold, 7);
    assert.ok(cert.daysLeft === 2 || cert.daysLeft === 3, `daysLeft ${cert.daysLeft}`);
    assert.equal(cert.chainValid, true);
    assert.equal(cert.subject, 'CN=localhost');
    assert.equal(cert.issuer, 'CN=upwatch test CA');
    assert.deepEqual(cert.sans, ['DNS:localhost', 'IP Address:127.0.0.1']);
    assert.ok(result.timings.connect > 0 && result.timings.tls > 0);
    assert.ok(result.timings.total >= result.timings.dns + result.timings.connect + result.timings.tls);
    assert.equal(result.timings.ttfb, 0);
    assert.equal(result.status, null);
  });

  test('a 90-day certificate is within no warning, and an empty warn_days warns of nothing', async () => {
    const far = await against(tlsServer(later), (port) => check(port));
    assert.equal(far.ok, true, far.error ?? '');
    assert.equal(far.certificate!.warnThreshold, null);
    assert.ok(far.certificate!.daysLeft >= 89);
    const quiet = await against(tlsServer(soon), (port) => check(port, { warnDays: [] }));
    assert.equal(quiet.ok, true);
    assert.equal(quiet.certificate!.warnThreshold, null);
  });

  test('an IP address host is checked against the IP names of the certificate', async () => {
    const result = await against(tlsServer(later), (port) => check(port, { host: '127.0.0.1' }));
    assert.equal(result.ok, true, result.error ?? '');
  });

  test('an expired certificate fails, naming when it expired and whose it is', async () => {
    const failed = expectFailed(await against(tlsServer(certs.expired), (port) => check(port)));
    assert.equal(failed.kind, 'tls');
    assert.match(failed.error!, /^certificate expired 1 day ago \(not after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\); subject CN=localhost, issued by CN=upwatch test CA$/);
    assert.ok(failed.certificate!.daysLeft < 0);
  });

  test('a certificate not valid yet fails, naming from when', async () => {
    const failed = expectFailed(await against(tlsServer(notYet), (port) => check(port)));
    assert.equal(failed.kind, 'tls');
    assert.match(failed.error!, /^certificate is not valid yet: it is valid from \d{4}-\d\d-\d\dT[\d:]+Z \(in 1 day\); subject CN=localhost/);
  });

  test('a certificate for another name fails, naming the names it covers', async () => {
    const failed = expectFailed(await against(tlsServer(certs.wrongName), (port) => check(port, { host: '127.0.0.1', servername: 'localhost' })));
    assert.equal(failed.kind, 'tls');
    assert.equal(failed.error, 'certificate does not cover localhost: it covers DNS:wrong.example');
  });

  test('an untrusted certificate fails and says how to trust it', async () => {
    const selfSigned = expectFailed(await against(tlsServer(certs.selfSigned), (port) => check(port)));
    assert.equal(selfSigned.kind, 'tls');
    assert.match(selfSigned.error!, /^certificate chain is not trusted: DEPTH_ZERO_SELF_SIGNED_CERT \(the certificate signs itself; trust it: add the CA with tls\.ca_file\); subject CN=localhost/);
    assert.equal(selfSigned.certificate!.chainValid, false);

    const unknownCa = expectFailed(await against(tlsServer(soon), (port) => check(port, {}, { caFile: null })));
    assert.equal(unknownCa.kind, 'tls');
    assert.match(unknownCa.error!, /^certificate chain is not trusted: UNABLE_TO_VERIFY_LEAF_SIGNATURE .*add the CA with tls\.ca_file/);
  });

  test('with skip_verify, an untrusted or expired certificate is ok and its facts still tell', async () => {
    const selfSigned = await against(tlsServer(certs.selfSigned), (port) => check(port, {}, { caFile: null, skipVerify: true }));
    assert.equal(selfSigned.ok, true, selfSigned.error ?? '');
    assert.equal(selfSigned.certificate!.chainValid, false);
    assert.equal(selfSigned.certificate!.chainError, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    const expired = await against(tlsServer(certs.expired), (port) => check(port, {}, { skipVerify: true }));
    assert.equal(expired.ok, true, expired.error ?? '');
    assert.ok(expired.certificate!.daysLeft < 0);
  });
});

describe('tls probe: client certificates', () => {
  const mtlsServer = () => tlsServer({ ...later, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true });

  test('a server that requires a client certificate accepts the check only with one it trusts', async () => {
    await against(mtlsServer(), async (port) => {
      const without = expectFailed(await check(port));
      assert.equal(without.kind, 'tls');
      assert.match(without.error!, /client certificate/);
      assert.ok(without.certificate, 'the server certificate is still reported');

      const withCert = await check(port, {}, client);
      assert.equal(withCert.ok, true, withCert.error ?? '');

      const stranger = expectFailed(await check(port, {}, strangerClient));
      assert.equal(stranger.kind, 'tls');
      assert.match(stranger.error!, /may not accept the client certificate in tls\.cert_file/);
    });
  });

  test('in TLS 1.2 too', async () => {
    await against(tlsServer({ ...later, ca: certs.ca.cert, requestCert: true, rejectUnauthorized: true, maxVersion: 'TLSv1.2' }), async (port) => {
      const without = expectFailed(await check(port));
      assert.equal(without.kind, 'tls');
      // Node's server sends its alert and closes at once: which of the two the client reads first varies.
      assert.match(without.error!, /^(TLS handshake failed: ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE|.* closed the connection during the TLS handshake: it refused this client)/);
      const withCert = await check(port, {}, client);
      assert.equal(withCert.ok, true, withCert.error ?? '');
      const stranger = expectFailed(await check(port, {}, strangerClient));
      assert.equal(stranger.kind, 'tls');
      assert.match(stranger.error!, /client certificate/);
    });
  });

  test('a key that does not match its certificate is a settings error, not the server being down', async () => {
    const result = expectFailed(await against(tlsServer(later), (port) => check(port, {}, { certFile: client.certFile, keyFile: strangerClient.keyFile })));
    assert.equal(result.kind, 'error');
    assert.match(result.error!, /^the client certificate or CA file cannot be used \(tls\.cert_file, tls\.key_file, tls\.ca_file\): ERR_OSSL_/);
    assert.ok(!result.error!.includes('PRIVATE KEY'));
  });

  test('a CA file gone since the config was loaded is named', async () => {
    const gone = join(dir, 'gone.pem');
    const result = expectFailed(await check(await freePort(), {}, { caFile: gone }));
    assert.equal(result.kind, 'error');
    assert.equal(result.error, `tls.ca_file: cannot read ${gone}: no such file`);
  });
});

describe('tls probe: the connection', () => {
  test('a closed port is connection_refused', async () => {
    const port = await freePort();
    const failed = expectFailed(await check(port, { host: '127.0.0.1' }));
    assert.equal(failed.kind, 'connection_refused');
    assert.equal(failed.error, `connection refused by 127.0.0.1:${port}`);
    assert.equal(failed.certificate, null);
  });

  test('a port that does not speak TLS is a tls failure that says so', async () => {
    const banner = net.createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
    const failed = expectFailed(await against(listen(banner), (port) => check(port, { host: '127.0.0.1' })));
    assert.equal(failed.kind, 'tls');
    assert.match(failed.error!, /^127\.0\.0\.1:\d+ does not answer in TLS \(ERR_SSL_\w+\); is it the right port\?$/);
  });

  test('a reset during the handshake is connection_reset', async () => {
    const resetting = net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    const failed = expectFailed(await against(listen(resetting), (port) => check(port, { host: '127.0.0.1' })));
    assert.equal(failed.kind, 'connection_reset');
    assert.match(failed.error!, /^connection reset by 127\.0\.0\.1:\d+ while doing the TLS handshake \(ECONNRESET\)$/);
  });

  test('a server that never answers the handshake times out within the monitor timeout', async () => {
    const silent = net.createServer(() => {});
    const failed = expectFailed(await against(listen(silent), (port) => check(port, { host: '127.0.0.1' }, {}, 300)));
    assert.equal(failed.kind, 'timeout');
    assert.equal(failed.error, 'no response within 300ms (doing the TLS handshake)');
  });

  test('an aborted check ends at once as an error', async () => {
    const silent = net.createServer(() => {});
    const failed = await against(listen(silent), async (port) => {
      const controller = new AbortController();
      const run = createTlsProbe().run(monitorSpec('tls', settings(port, { host: '127.0.0.1' }), { timeoutMs: 60_000 }), { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      return expectFailed(await run);
    });
    assert.equal(failed.kind, 'error');
    assert.equal(failed.error, 'check cancelled');
    assert.ok(failed.timings.total < 30_000);
  });
});

test('describe names the host, port and a different name to check', () => {
  const base = settings(443, { host: 'example.com' });
  assert.deepEqual(describeTls(base), { target: 'TLS example.com:443', url: 'tls://example.com:443', method: null });
  assert.deepEqual(describeTls({ ...base, host: '2001:db8::1', servername: 'example.com' }), {
    target: 'TLS [2001:db8::1]:443 (example.com)',
    url: 'tls://[2001:db8::1]:443',
    method: null,
  });
});
