import assert from 'node:assert/strict';
import { promises as dns } from 'node:dns';
import { after, before, describe, test } from 'node:test';
import { parseMonitorInput } from '../../config/monitor-input.js';
import type { MonitorSpec } from '../../core/monitor.js';
import { expectFailed } from '../../test-support/monitor-spec.js';
import { startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { createHttpProbe } from './http-probe.js';

/** A monitor as a person writes it, parsed the way config and the API parse it. */
function monitor(input: Record<string, unknown>): MonitorSpec {
  const parsed = parseMonitorInput({ name: 'test', confirm: 0, timeout: '5s', ...input });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.spec;
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('http probe request options', () => {
  const probe = createHttpProbe();
  let target: HttpTarget;
  let elsewhere: HttpTarget;

  before(async () => {
    [target, elsewhere] = await Promise.all([startHttpTarget(), startHttpTarget()]);
  });
  after(async () => {
    await Promise.all([target.close(), elsewhere.close()]);
  });

  test('basic_auth and bearer_token reach the server as Authorization', async () => {
    target.set('ok');
    const withBasic = await probe.run(monitor({ url: `${target.url}/a`, basic_auth: { username: 'probe', password: 'pä:ss' } }), {});
    assert.equal(withBasic.ok, true, JSON.stringify(withBasic));
    assert.equal(target.requests.at(-1)?.headers.authorization, basic('probe', 'pä:ss'));

    const withBearer = await probe.run(monitor({ url: `${target.url}/b`, bearer_token: 's3cret-t0ken' }), {});
    assert.equal(withBearer.ok, true, JSON.stringify(withBearer));
    assert.equal(target.requests.at(-1)?.headers.authorization, 'Bearer s3cret-t0ken');
  });

  test('credentials follow a redirect on the same origin and are dropped on one to another origin', async () => {
    target.set((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/same' }).end();
      else res.writeHead(302, { location: `${elsewhere.url}/other` }).end();
    });
    elsewhere.set(401);
    const before = target.requests.length;
    const result = expectFailed(await probe.run(monitor({ url: `${target.url}/start`, bearer_token: 's3cret-t0ken' }), {}));
    const seen = target.requests.slice(before);
    assert.deepEqual(seen.map((r) => [r.url, r.headers.authorization]), [['/start', 'Bearer s3cret-t0ken'], ['/same', 'Bearer s3cret-t0ken']]);
    assert.equal(elsewhere.requests.at(-1)?.url, '/other');
    assert.equal(elsewhere.requests.at(-1)?.headers.authorization, undefined);
    assert.equal(result.status, 401);
    assert.ok(!JSON.stringify(result).includes('s3cret'), 'the token is in no part of the result');
  });

  test('user_agent replaces the default User-Agent', async () => {
    target.set('ok');
    await probe.run(monitor({ url: `${target.url}/`, user_agent: 'acme-uptime/1.0 (ops@example.com)' }), {});
    assert.equal(target.requests.at(-1)?.headers['user-agent'], 'acme-uptime/1.0 (ops@example.com)');
  });

  test('max_redirects 0 makes a redirect a failure that names where it led', async () => {
    target.set((_req, res) => res.writeHead(302, { location: '/login?next=%2Fadmin' }).end());
    const before = target.requests.length;
    const result = expectFailed(await probe.run(monitor({ url: `${target.url}/admin`, max_redirects: 0 }), {}));
    assert.equal(result.kind, 'assertion');
    assert.equal(result.status, 302);
    assert.equal(result.error, `redirected (302 Found) to ${target.url}/login?…; max_redirects is 0`);
    assert.equal(target.requests.length - before, 1);

    const expected = await probe.run(monitor({ url: `${target.url}/admin`, max_redirects: 0, expect: { status: [302] } }), {});
    assert.equal(expected.ok, true, 'a redirect the monitor lists in expect.status is still the answer it wants');
  });

  test('max_redirects 1 follows one redirect and counts a second as too many', async () => {
    target.set((req, res) => {
      if (req.url === '/one') res.writeHead(301, { location: '/done' }).end();
      else if (req.url === '/two') res.writeHead(302, { location: '/one' }).end();
      else res.end('arrived');
    });
    const one = await probe.run(monitor({ url: `${target.url}/one`, max_redirects: 1, expect: { body_contains: 'arrived' } }), {});
    assert.equal(one.ok, true, JSON.stringify(one));

    const before = target.requests.length;
    const two = expectFailed(await probe.run(monitor({ url: `${target.url}/two`, max_redirects: 1 }), {}));
    assert.equal(two.kind, 'redirect_loop');
    assert.equal(two.error, `more than 1 redirect (HTTP 301 Moved Permanently): ${target.url}/two → ${target.url}/one → ${target.url}/done`);
    assert.equal(target.requests.length - before, 2);
  });

  test('ip_family 4 reaches a server listening on 127.0.0.1 only, by name', async () => {
    target.set('ok');
    const result = await probe.run(monitor({ url: `http://localhost:${target.port}/`, ip_family: 4 }), {});
    assert.equal(result.ok, true, JSON.stringify(result));
  });

  test('ip_family 6 for a name with IPv4 addresses only is a dns failure that says so', async (t) => {
    const addresses = await dns.lookup('localhost', { all: true });
    if (addresses.some((a) => a.family === 6)) return t.skip('localhost has an IPv6 address on this machine; no IPv4-only name to test with');
    const result = expectFailed(await probe.run(monitor({ url: `http://localhost:${target.port}/`, ip_family: 6 }), {}));
    assert.equal(result.kind, 'dns');
    assert.equal(result.error, 'localhost has no IPv6 address (ip_family is 6)');
  });

  test('ip_family 6 for an IPv4 literal is a dns failure, and an IPv6 literal is reached', async (t) => {
    const literal = expectFailed(await probe.run(monitor({ url: `${target.url}/`, ip_family: 6 }), {}));
    assert.equal(literal.kind, 'dns');
    assert.equal(literal.error, '127.0.0.1 is not an IPv6 address, and ip_family is 6');

    const v6 = await startHttpTarget('ok', { host: '::1' }).catch(() => null);
    if (v6 === null) return t.skip('no ::1 on this machine');
    try {
      const result = await probe.run(monitor({ url: `${v6.url}/`, ip_family: 6 }), {});
      assert.equal(result.ok, true, JSON.stringify(result));
    } finally {
      await v6.close();
    }
  });
});
