import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectFailed, httpMonitorSpec } from '../../test-support/monitor-spec.js';
import { startHttpTarget, type HttpTarget } from '../../test-support/targets.js';
import { createHttpProbe } from './http-probe.js';

/** Assertions beyond status and body_contains, against a real local server. */
describe('http probe assertions', () => {
  let target: HttpTarget;
  const probe = createHttpProbe();
  const health = { status: 'ok', version: '2.4.1', queue: { depth: 250, workers: [{ name: 'mail', up: true }, { name: 'pdf', up: false }] } };

  before(async () => {
    target = await startHttpTarget({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'x-region': 'eu-west' }, body: JSON.stringify(health) });
  });
  after(async () => {
    await target.close();
  });

  const check = (expect: Parameters<typeof httpMonitorSpec>[1] extends infer O ? (O extends { expect?: infer E } ? E : never) : never) =>
    probe.run(httpMonitorSpec(`${target.url}/health`, { expect }), {});

  test('JSON conditions on nested fields: each failure says which path, what was expected and what was seen', async () => {
    assert.equal((await check({ json: [{ path: '$.status', op: '==', value: 'ok' }, { path: "$.queue.workers[0]['name']", op: '==', value: 'mail' }] })).ok, true);
    const depth = expectFailed(await check({ json: [{ path: '$.queue.depth', op: '<', value: 100 }] }));
    assert.equal(depth.kind, 'assertion');
    assert.equal(depth.error, 'json $.queue.depth: expected < 100, got 250');
    const worker = expectFailed(await check({ json: [{ path: '$.queue.workers[1].up', op: '==', value: true }] }));
    assert.equal(worker.error, 'json $.queue.workers[1].up: expected true, got false');
    const status = expectFailed(await check({ json: [{ path: '$.status', op: '==', value: 'healthy' }] }));
    assert.equal(status.error, 'json $.status: expected "healthy", got "ok"');
    const missing = expectFailed(await check({ json: [{ path: '$.database.ok', op: '==', value: true }] }));
    assert.equal(missing.error, 'json $.database.ok: not found in the body');
  });

  test('a body that is not JSON is said so, quoted safely', async () => {
    const page = await startHttpTarget({ status: 200, body: `<html>${'x'.repeat(500)}</html>` });
    try {
      const result = expectFailed(await probe.run(httpMonitorSpec(`${page.url}/`, { expect: { json: [{ path: '$.status', op: '==', value: 'ok' }] } }), {}));
      assert.equal(result.error, `json: the body is not JSON (it starts "<html>${'x'.repeat(114)}…")`);
    } finally {
      await page.close();
    }
  });

  test('body_not_contains, body_matches and header conditions', async () => {
    assert.equal((await check({ bodyNotContains: 'maintenance', bodyMatches: '"version":"2\\.', headers: { 'Content-Type': 'application/json', 'x-region': 'EU' } })).ok, true);
    assert.equal(expectFailed(await check({ bodyNotContains: '"status":"ok"' })).error, 'body_not_contains: the body contains "\\"status\\":\\"ok\\""');
    assert.match(expectFailed(await check({ bodyMatches: '"version":"3\\.' })).error!, /^body_matches: the body does not match \/"version":"3\\.\/ \(it starts "\{/);
    assert.equal(expectFailed(await check({ headers: { 'content-type': 'text/html' } })).error, 'headers.content-type: expected it to contain "text/html", got "application/json; charset=utf-8"');
    assert.equal(expectFailed(await check({ headers: { 'x-version': '2' } })).error, 'headers.x-version: the answer has no x-version header');
  });
});
