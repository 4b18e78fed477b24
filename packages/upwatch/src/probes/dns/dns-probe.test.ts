import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { expectFailed, monitorSpec } from '../../test-support/monitor-spec.js';
import { createDnsProbe, describeDns } from './dns-probe.js';
import type { DnsRecordType, DnsSettings } from './dns-settings.js';
import { startDnsServer, type TestDnsServer } from './test-support/dns-server.js';

const probe = createDnsProbe();

describe('dns probe against a local DNS server', () => {
  let server: TestDnsServer;
  const ask = (query: string, record: DnsRecordType, expect: string[] = [], timeoutMs = 5_000) =>
    monitorSpec<DnsSettings>('dns', { query, record, expect, resolver: { host: '127.0.0.1', port: server.port } }, { timeoutMs });

  before(async () => {
    server = await startDnsServer({
      'example.com': [
        { type: 'A', address: '93.184.216.34' },
        { type: 'AAAA', address: '2001:db8::1' },
        { type: 'MX', priority: 10, exchange: 'mail.example.com' },
        { type: 'MX', priority: 20, exchange: 'backup.example.com' },
        { type: 'TXT', texts: ['v=spf1 ', 'include:_spf.example.com -all'] },
      ],
      'moved.example.com': [
        { type: 'A', address: '10.0.0.1' },
        { type: 'A', address: '10.0.0.2' },
      ],
      '_sip._tcp.example.com': [{ type: 'SRV', priority: 10, weight: 5, port: 5060, target: 'sip.example.com' }],
      'broken.example.com': 'servfail',
      'private.example.com': 'refused',
      'slow.example.com': 'silent',
    });
  });
  after(async () => {
    await server.close();
  });

  test('the right answer passes, timed as the lookup', async () => {
    const result = await createDnsProbe({ now: () => 1_700_000_000_000 }).run(ask('example.com', 'A', ['93.184.216.34']), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.kind, null);
    assert.equal(result.error, null);
    assert.equal(result.at, 1_700_000_000_000);
    assert.ok(result.timings.dns > 0);
    assert.equal(result.timings.total, result.timings.dns);
    assert.deepEqual(server.queries.at(-1), { name: 'example.com', type: 'A' });
  });

  test('without expect, any answer passes', async () => {
    assert.equal((await probe.run(ask('moved.example.com', 'A'), {})).ok, true);
  });

  test('a wrong answer is a mismatch that shows what came back', async () => {
    const result = expectFailed(await probe.run(ask('moved.example.com', 'A', ['93.184.216.34']), {}));
    assert.equal(result.kind, 'dns_mismatch');
    assert.equal(result.error, 'expected 93.184.216.34, got 10.0.0.1, 10.0.0.2');
  });

  test('NXDOMAIN, SERVFAIL, no records of the type and REFUSED are told apart', async () => {
    const via = server.address;
    const nx = expectFailed(await probe.run(ask('gone.example.com', 'A'), {}));
    assert.deepEqual([nx.kind, nx.error], ['dns_nxdomain', `gone.example.com does not exist (NXDOMAIN from ${via})`]);
    const servfail = expectFailed(await probe.run(ask('broken.example.com', 'A'), {}));
    assert.deepEqual([servfail.kind, servfail.error], ['dns_servfail', `${via} could not answer for broken.example.com A (SERVFAIL)`]);
    const nodata = expectFailed(await probe.run(ask('moved.example.com', 'AAAA'), {}));
    assert.deepEqual([nodata.kind, nodata.error], ['dns_mismatch', `moved.example.com exists but has no AAAA records (asked ${via})`]);
    const refused = expectFailed(await probe.run(ask('private.example.com', 'A'), {}));
    assert.deepEqual([refused.kind, refused.error], ['error', `${via} refused to answer for private.example.com A (REFUSED)`]);
  });

  test('a silent server times out within the monitor timeout', async () => {
    const started = performance.now();
    const result = expectFailed(await probe.run(ask('slow.example.com', 'A', [], 500), {}));
    assert.equal(result.kind, 'timeout');
    assert.equal(result.error, `no answer from ${server.address} for slow.example.com A within 500ms`);
    // Generous: the point is that the check does not wait for the resolver's own retries.
    assert.ok(performance.now() - started < 5_000);
  });

  test('aborting the signal cancels the query at once', async () => {
    const controller = new AbortController();
    const running = probe.run(ask('slow.example.com', 'A', [], 60_000), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const result = expectFailed(await running);
    assert.equal(result.kind, 'error');
    assert.equal(result.error, 'check cancelled');
  });

  test('MX expectations are "priority name", names ignoring case and a trailing dot', async () => {
    assert.equal((await probe.run(ask('example.com', 'MX', ['10 mail.example.com']), {})).ok, true);
    assert.equal((await probe.run(ask('example.com', 'MX', ['10 MAIL.Example.com.', '20 backup.example.com']), {})).ok, true);
    const wrong = expectFailed(await probe.run(ask('example.com', 'MX', ['5 mail.example.com']), {}));
    assert.equal(wrong.kind, 'dns_mismatch');
    assert.equal(wrong.error, 'expected 5 mail.example.com, got 10 mail.example.com, 20 backup.example.com');
  });

  test('AAAA, TXT and SRV answers compare in their presentation form', async () => {
    assert.equal((await probe.run(ask('example.com', 'AAAA', ['2001:DB8:0:0::1']), {})).ok, true);
    assert.equal((await probe.run(ask('example.com', 'TXT', ['v=spf1 include:_spf.example.com -all']), {})).ok, true);
    assert.equal((await probe.run(ask('_sip._tcp.example.com', 'SRV', ['10 5 5060 sip.example.com']), {})).ok, true);
    assert.equal((await probe.run(ask('example.com', 'TXT', ['v=spf1 -all']), {})).ok, false);
  });

  test('a long list of answers is cut in the error line', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ type: 'A' as const, address: `100.100.100.${100 + i}` }));
    server.set('many.example.com', many);
    const result = expectFailed(await probe.run(ask('many.example.com', 'A', ['93.184.216.34']), {}));
    assert.equal(result.kind, 'dns_mismatch');
    assert.ok((result.error ?? '').length < 360, result.error ?? '');
    assert.match(result.error ?? '', /^expected 93\.184\.216\.34, got 100\.100\.100\.100, .*, … \(\d+ more\)$/);
  });
});

test('a resolver port nobody listens on refuses', async () => {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  socket.close();
  const spec = monitorSpec<DnsSettings>('dns', { query: 'example.com', record: 'A', expect: [], resolver: { host: '127.0.0.1', port } }, { timeoutMs: 2_000 });
  const result = expectFailed(await probe.run(spec, {}));
  assert.equal(result.kind, 'connection_refused');
  assert.equal(result.error, `connection refused by the DNS server 127.0.0.1:${port}`);
});

describe('describeDns', () => {
  test('names the question and the server', () => {
    const settings: DnsSettings = { query: 'example.com', record: 'A', expect: [], resolver: { host: '127.0.0.1', port: 53 } };
    assert.deepEqual(describeDns(settings), { target: 'DNS A example.com via 127.0.0.1:53', url: 'dns://127.0.0.1:53/example.com?type=A', method: null });
    assert.deepEqual(describeDns({ ...settings, record: 'MX', resolver: null }), { target: 'DNS MX example.com via system resolver', url: 'dns:///example.com?type=MX', method: null });
    assert.equal(describeDns({ ...settings, resolver: { host: '::1', port: 5353 } }).url, 'dns://[::1]:5353/example.com?type=A');
  });
});
