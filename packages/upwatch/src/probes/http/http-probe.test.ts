import assert from 'node:assert/strict';
import { promises as dns } from 'node:dns';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { freePort, startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { VERSION } from '../../version.js';
import { createHttpProbe, MAX_BODY_BYTES } from './http-probe.js';
import { expectFailed, httpMonitorSpec } from '../../test-support/monitor-spec.js';


function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

describe('http probe against a local target', () => {
  let target: HttpTarget;
  const probe = createHttpProbe();

  before(async () => {
    target = await startHttpTarget();
  });
  after(async () => {
    await target.close();
  });

  test('a 200 is up, with the timing breakdown and the start time from deps.now', async () => {
    target.set('ok');
    const result = await createHttpProbe({ now: () => 1_700_000_000_000 }).run(httpMonitorSpec(`${target.url}/health`), {});
    assert.equal(result.ok, true);
    assert.equal(result.kind, null);
    assert.equal(result.status, 200);
    assert.equal(result.error, null);
    assert.equal(result.at, 1_700_000_000_000);
    const t = result.timings;
    assert.equal(t.dns, 0, 'an IP literal needs no lookup');
    assert.equal(t.tls, 0);
    assert.ok(t.connect > 0 && t.ttfb > 0, JSON.stringify(t));
    assert.ok(t.total >= t.connect + t.ttfb, JSON.stringify(t));
    assert.equal(target.requests.at(-1)?.url, '/health');
  });

  test('localhost is resolved by the probe and the lookup is timed', async () => {
    target.set('ok');
    const result = await probe.run(httpMonitorSpec(`http://localhost:${target.port}/`), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.ok(result.timings.dns > 0);
  });

  test('an IPv6 loopback target is reached', async (t) => {
    const v6 = await startHttpTarget('ok', { host: '::1' }).catch(() => null);
    if (v6 === null) return t.skip('no ::1 on this machine');
    try {
      const result = await probe.run(httpMonitorSpec(`${v6.url}/`), {});
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(v6.requests.length, 1);
    } finally {
      await v6.close();
    }
  });

  test('every check opens a fresh connection', async () => {
    const ports: number[] = [];
    target.set((req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      res.end('ok');
    });
    await probe.run(httpMonitorSpec(`${target.url}/`), {});
    await probe.run(httpMonitorSpec(`${target.url}/`), {});
    assert.equal(ports.length, 2);
    assert.notEqual(ports[0], ports[1]);
  });

  test('statuses get their kinds; 5xx and 4xx are down', async () => {
    const cases: Array<[number, string]> = [
      [500, 'http_500'],
      [502, 'http_502'],
      [503, 'http_503'],
      [504, 'http_504'],
      [507, 'http_5xx'],
      [404, 'http_4xx'],
      [429, 'http_4xx'],
    ];
    for (const [status, kind] of cases) {
      target.set(status);
      const result = expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`), {}));
      assert.equal(result.kind, kind, `status ${status}`);
      assert.equal(result.status, status);
      assert.match(result.error ?? '', new RegExp(`HTTP ${status}`));
      assert.equal(result.retryAfterMs, null);
    }
  });

  test('a 503 carries Retry-After, in seconds or as a date', async () => {
    target.set({ status: 503, retryAfter: 2 });
    assert.equal(expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`), {})).retryAfterMs, 2_000);

    const now = Date.parse('2030-01-01T00:00:00Z');
    target.set({ status: 503, retryAfter: new Date(now + 90_000).toUTCString() });
    const dated = expectFailed(await createHttpProbe({ now: () => now }).run(httpMonitorSpec(`${target.url}/`), {}));
    assert.equal(dated.kind, 'http_503');
    assert.equal(dated.retryAfterMs, 90_000);
  });

  test('a status outside expect.status is an assertion failure, even a 200', async () => {
    target.set('ok');
    const result = expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`, { expect: { status: [201] } }), {}));
    assert.equal(result.kind, 'assertion');
    assert.equal(result.error, 'got HTTP 200 OK, expected 201');

    target.set(204);
    assert.equal((await probe.run(httpMonitorSpec(`${target.url}/`, { expect: { status: ['2xx'] } }), {})).ok, true);
  });

  test('a hanging target is cut off by the timeout, which names the phase', async () => {
    target.set('hang');
    const started = performance.now();
    const result = expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`, { timeoutMs: 500 }), {}));
    const elapsed = performance.now() - started;
    assert.equal(result.kind, 'timeout');
    assert.equal(result.error, 'no response within 500ms (waiting for the first byte)');
    assert.ok(elapsed >= 490 && elapsed < 3_500, `took ${elapsed} ms`);
    assert.ok(result.timings.ttfb > 400, 'the time spent waiting is reported');
  });

  test('a body that stops coming is cut off by the same timeout', async () => {
    target.set((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
    });
    const result = expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`, { timeoutMs: 500 }), {}));
    assert.equal(result.kind, 'timeout');
    assert.equal(result.status, 200);
    assert.equal(result.error, 'response not complete within 500ms (reading the body)');
  });

  test('refused and reset connections are told apart', async () => {
    const refused = expectFailed(await probe.run(httpMonitorSpec(`http://127.0.0.1:${await freePort()}/`), {}));
    assert.equal(refused.kind, 'connection_refused');
    assert.match(refused.error ?? '', /^connection refused by 127\.0\.0\.1:\d+$/);

    target.set('reset');
    const reset = expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`), {}));
    assert.equal(reset.kind, 'connection_reset');
    assert.match(reset.error ?? '', /waiting for the first byte/);

    target.set((req) => req.socket.destroy()); // a clean close, no answer: undici's "other side closed"
    assert.equal(expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`), {})).kind, 'connection_reset');
  });

  test('a 50 MB body is read only up to the limit, then the connection is dropped', async () => {
    target.set('huge');
    const abandonedBefore = target.abandonedResponses;
    const started = performance.now();
    const result = await probe.run(httpMonitorSpec(`${target.url}/`), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.ok(performance.now() - started < 3_000);
    // The server's response ended unfinished: the probe stopped reading and closed the connection.
    await waitFor(() => target.abandonedResponses > abandonedBefore);

    const missing = expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`, { expect: { bodyContains: 'never there' } }), {}));
    assert.equal(missing.kind, 'assertion');
    assert.equal(missing.error, `the first ${MAX_BODY_BYTES / 1024} KiB of the body does not contain "never there"`);
  });

  test('body_contains passes on the text and fails without it', async () => {
    target.set({ status: 200, body: 'status: all good' });
    assert.equal((await probe.run(httpMonitorSpec(`${target.url}/`, { expect: { bodyContains: 'all good' } }), {})).ok, true);
    const result = expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`, { expect: { bodyContains: 'database: ok' } }), {}));
    assert.equal(result.kind, 'assertion');
    assert.equal(result.error, 'the body does not contain "database: ok"');
  });

  test('a correct answer slower than max_response_time is up but degraded', async () => {
    target.set('slow:300');
    const result = await probe.run(httpMonitorSpec(`${target.url}/`, { expect: { maxResponseTimeMs: 100 } }), {});
    assert.equal(result.ok, true);
    assert.equal(result.kind, 'degraded');
    assert.match(result.error ?? '', /^took \d+ms, more than max_response_time 100ms$/);
  });

  test('redirects are followed, each on a fresh connection; 303 turns a POST into a GET', async () => {
    const seen: Array<{ method: string; url: string; port: number; body: string }> = [];
    target.set(async (req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', port: req.socket.remotePort ?? 0, body: await readBody(req) });
      if (req.url === '/start') res.writeHead(303, { location: '/moved' }).end();
      else if (req.url === '/moved') res.writeHead(308, { location: `${target.url}/final` }).end();
      else res.end('arrived');
    });
    const result = await probe.run(httpMonitorSpec(`${target.url}/start`, { method: 'POST', body: 'x=1', expect: { bodyContains: 'arrived' } }), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(result.status, 200);
    assert.deepEqual(
      seen.map(({ method, url, body }) => [method, url, body]),
      [['POST', '/start', 'x=1'], ['GET', '/moved', ''], ['GET', '/final', '']],
    );
    assert.equal(new Set(seen.map((s) => s.port)).size, 3);
  });

  test('a monitor that expects the redirect status checks the redirect itself', async () => {
    target.set((_req, res) => res.writeHead(301, { location: '/elsewhere' }).end());
    const before = target.requests.length;
    const result = await probe.run(httpMonitorSpec(`${target.url}/`, { expect: { status: [301] } }), {});
    assert.equal(result.ok, true);
    assert.equal(result.status, 301);
    assert.equal(target.requests.length - before, 1);
  });

  test('a redirect loop stops after 5 redirects', async () => {
    target.set('redirect-loop');
    const before = target.requests.length;
    const result = expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`), {}));
    assert.equal(result.kind, 'redirect_loop');
    assert.equal(result.status, 302);
    assert.equal(target.requests.length - before, 6);
    assert.match(result.error ?? '', /^more than 5 redirects .*\/loop\/5 → .*\/loop\/6$/);
  });

  test('the request carries the request id, traceparent and sentry-trace', async () => {
    target.set('ok');
    const result = await probe.run(httpMonitorSpec(`${target.url}/`, { headers: { Accept: 'text/plain' } }), {});
    const headers = target.requests.at(-1)?.headers ?? {};
    assert.match(result.requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(headers['x-request-id'], result.requestId);
    const traceparent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-00$/.exec(String(headers['traceparent']));
    assert.ok(traceparent, String(headers['traceparent']));
    assert.equal(traceparent[1], result.traceId);
    assert.equal(headers['sentry-trace'], `${result.traceId}-${traceparent[2]}-0`);
    assert.equal(headers['user-agent'], `upwatch/${VERSION}`);
    assert.equal(headers['accept'], 'text/plain');

    const second = await probe.run(httpMonitorSpec(`${target.url}/`, { headers: { 'User-Agent': 'my-agent' } }), {});
    assert.equal(target.requests.at(-1)?.headers['user-agent'], 'my-agent');
    assert.notEqual(second.requestId, result.requestId);
    assert.notEqual(second.traceId, result.traceId);
  });

  test('the method and body come from the monitor', async () => {
    let received: [string, string] | null = null;
    target.set(async (req, res) => {
      received = [req.method ?? '', await readBody(req)];
      res.end('ok');
    });
    await probe.run(httpMonitorSpec(`${target.url}/`, { method: 'PUT', body: '{"ping":true}', headers: { 'content-type': 'application/json' } }), {});
    assert.deepEqual(received, ['PUT', '{"ping":true}']);
  });

  test("the server's request id is read from a header, else from a JSON error body", async () => {
    target.set({ status: 500, headers: { 'X-Request-Id': 'req-abc-123' } });
    assert.equal((await probe.run(httpMonitorSpec(`${target.url}/`), {})).responseRequestId, 'req-abc-123');

    target.set({ status: 502, headers: { 'cf-ray': '8a1b2c3d4e5f-AMS' } });
    assert.equal((await probe.run(httpMonitorSpec(`${target.url}/`), {})).responseRequestId, '8a1b2c3d4e5f-AMS');

    const json = { 'content-type': 'application/json' };
    target.set({ status: 500, headers: json, body: JSON.stringify({ error: { message: 'Internal error', request_id: 'body-42' } }) });
    assert.equal((await probe.run(httpMonitorSpec(`${target.url}/`), {})).responseRequestId, 'body-42');

    target.set({ status: 500, headers: json, body: JSON.stringify({ requestId: `evil\u001b[31m${'x'.repeat(500)}` }) });
    const capped = (await probe.run(httpMonitorSpec(`${target.url}/`), {})).responseRequestId ?? '';
    assert.equal(capped.length, 200);
    assert.ok(capped.startsWith('evil[31mxxx'), capped);

    target.set(500);
    assert.equal((await probe.run(httpMonitorSpec(`${target.url}/`), {})).responseRequestId, null);
  });

  test('cancelling the check ends it at once as an error, not a timeout', async () => {
    target.set('hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`, { timeoutMs: 10_000 }), { signal: controller.signal }));
    assert.equal(result.kind, 'error');
    assert.equal(result.error, 'check cancelled');
    assert.ok(result.timings.total < 5_000);

    const early = expectFailed(await probe.run(httpMonitorSpec(`${target.url}/`), { signal: AbortSignal.abort() }));
    assert.equal(early.error, 'check cancelled');
  });

  test('a name that does not exist is a dns failure', async (t) => {
    const name = 'upwatch-probe-test.invalid';
    // .invalid never resolves (RFC 6761); without a network the resolver may still take long to say so.
    const started = performance.now();
    const code = await dns.lookup(name).then(
      () => 'resolved',
      (err: { code?: string }) => err.code,
    );
    if (code !== 'ENOTFOUND' || performance.now() - started > 2_000) {
      return t.skip(`the resolver here does not fail ${name} fast (${code}); cannot test name-not-found`);
    }
    const result = expectFailed(await probe.run(httpMonitorSpec(`http://${name}/`), {}));
    assert.equal(result.kind, 'dns');
    assert.equal(result.error, `name not found: ${name}`);
    assert.equal(result.status, null);
  });

  test('a URL the probe cannot request is an error result, not a throw', async () => {
    const result = expectFailed(await probe.run(httpMonitorSpec('ftp://127.0.0.1/'), {}));
    assert.equal(result.kind, 'error');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > until) assert.fail('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('http probe: what fails is named for what it is', () => {
  test('a header the HTTP client refuses to send is a settings error, not DNS', async () => {
    const target = await startHttpTarget('ok');
    try {
      const result = expectFailed(await createHttpProbe().run(httpMonitorSpec(`${target.url}/`, { headers: { 'Transfer-Encoding': 'chunked', Expect: '100-continue' } }), {}));
      assert.equal(result.kind, 'error');
      assert.match(result.error ?? '', /could not be sent as configured/);
    } finally {
      await target.close();
    }
  });

  test('a failure after a redirect does not report the redirect\'s status or request id', async () => {
    const closedPort = await freePort();
    const target = await startHttpTarget({ status: 302, headers: { location: `http://127.0.0.1:${closedPort}/next?token=secret`, 'x-request-id': 'hop-1' } });
    try {
      const result = expectFailed(await createHttpProbe().run(httpMonitorSpec(`${target.url}/`), {}));
      assert.equal(result.kind, 'connection_refused');
      assert.equal(result.status, null);
      assert.equal(result.responseRequestId, null);
    } finally {
      await target.close();
    }
  });

  test('a redirect loop\'s error line leaves query strings out', async () => {
    const target = await startHttpTarget('redirect-loop');
    try {
      const result = expectFailed(await createHttpProbe().run(httpMonitorSpec(`${target.url}/start?token=secret`), {}));
      assert.equal(result.kind, 'redirect_loop');
      assert.doesNotMatch(result.error ?? '', /secret/);
    } finally {
      await target.close();
    }
  });
});

