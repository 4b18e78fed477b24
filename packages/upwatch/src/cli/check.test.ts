import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FAILURE_EXPLANATIONS, explain } from '../core/failure-kinds.js';
import { freePort, startHttpTarget, type HttpTarget } from '../test-support/targets.js';
import { runCheck } from './check.js';

function capture(): { stdout: (s: string) => void; stderr: (s: string) => void; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: (s) => (out += s), stderr: (s) => (err += s), out: () => out, err: () => err };
}

describe('upwatch check', () => {
  let target: HttpTarget;
  before(async () => {
    target = await startHttpTarget();
  });
  after(async () => {
    await target.close();
  });

  test('an up endpoint prints UP with the timings and ids, exit 0', async () => {
    target.set({ status: 200, headers: { 'x-request-id': 'srv-77' }, body: 'ok' });
    const io = capture();
    const code = await runCheck(`${target.url}/health`, { timeoutMs: 5_000, json: false }, io);
    assert.equal(code, 0);
    const out = io.out();
    assert.match(out, new RegExp(`^UP  ${target.url}/health\n`));
    assert.match(out, /status {6}200 OK\n/);
    assert.match(out, /timings {5}dns [\d.]+m?s · connect [\d.]+m?s · tls [\d.]+m?s · ttfb [\d.]+m?s · total [\d.]+m?s\n/);
    const sent = target.requests.at(-1)?.headers['x-request-id'];
    assert.ok(typeof sent === 'string' && out.includes(`request id  ${sent} (sent as X-Request-Id; trace `));
    assert.match(out, /server id {3}srv-77\n/);
    assert.doesNotMatch(out, /Next step/);
  });

  test('a 500 prints DOWN with the kind, the error and what to do next, exit 1', async () => {
    target.set({ status: 500, headers: { 'content-type': 'application/json' }, body: '{"error":{"requestId":"req-9"}}' });
    const io = capture();
    const code = await runCheck(`${target.url}/`, { timeoutMs: 5_000, json: false }, io);
    assert.equal(code, 1);
    const out = io.out();
    assert.match(out, /^DOWN  /);
    assert.ok(out.includes(`kind        http_500 (${FAILURE_EXPLANATIONS.http_500.title})\n`), out);
    assert.ok(out.includes('server id   req-9\n'));
    assert.ok(out.includes('error       got HTTP 500 Internal Server Error, expected 2xx or 3xx\n'));
    assert.ok(out.includes(`Next step: ${FAILURE_EXPLANATIONS.http_500.nextStep}`));
  });

  test('a refused connection is down with no status', async () => {
    const io = capture();
    const code = await runCheck(`http://127.0.0.1:${await freePort()}/`, { timeoutMs: 5_000, json: false }, io);
    assert.equal(code, 1);
    assert.ok(io.out().includes('status      no response\n'), io.out());
    assert.ok(io.out().includes('kind        connection_refused (Connection refused)\n'));
  });

  test('--json prints the check result with verdict and explanation', async () => {
    target.set({ status: 503, retryAfter: 30 });
    const io = capture();
    const code = await runCheck(`${target.url}/`, { timeoutMs: 5_000, json: true }, io);
    assert.equal(code, 1);
    const parsed = JSON.parse(io.out()) as Record<string, unknown>;
    assert.equal(parsed['verdict'], 'down');
    assert.equal(parsed['ok'], false);
    assert.equal(parsed['kind'], 'http_503');
    assert.equal(parsed['status'], 503);
    assert.equal(parsed['retryAfterMs'], 30_000);
    assert.equal(parsed['explanation'], explain('http_503'));
    assert.deepEqual(Object.keys(parsed['timings'] as object), ['dns', 'connect', 'tls', 'ttfb', 'total']);

    target.set('ok');
    const up = capture();
    assert.equal(await runCheck(`${target.url}/`, { timeoutMs: 5_000, json: true }, up), 0);
    const upParsed = JSON.parse(up.out()) as Record<string, unknown>;
    assert.equal(upParsed['verdict'], 'up');
    assert.equal(upParsed['explanation'], null);
  });

  test('the timeout option bounds the check', async () => {
    target.set('hang');
    const io = capture();
    const code = await runCheck(`${target.url}/`, { timeoutMs: 300, json: false }, io);
    assert.equal(code, 1);
    assert.ok(io.out().includes('error       no response within 300ms (waiting for the first byte)\n'), io.out());
  });

  test('an invalid URL is a usage error, exit 2, and nothing is requested', async () => {
    for (const bad of ['not a url', 'ftp://127.0.0.1/file', 'file:///etc/passwd', '127.0.0.1:8080']) {
      const io = capture();
      assert.equal(await runCheck(bad, { timeoutMs: 1_000, json: false }, io), 2, bad);
      assert.match(io.err(), /^upwatch check: not an http\(s\) URL: /);
      assert.equal(io.out(), '');
    }
    const json = capture();
    assert.equal(await runCheck('nope', { timeoutMs: 1_000, json: true }, json), 2);
    assert.match((JSON.parse(json.out()) as { error: string }).error, /not an http\(s\) URL/);
  });
});
