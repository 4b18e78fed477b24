import assert from 'node:assert/strict';
import { NO_EXPECTATIONS, NO_REQUEST_OPTIONS } from '../probes/http/http-settings.js';
import { httpSettings } from '../test-support/monitor-spec.js';
import { describe, test } from 'node:test';
import { DEFAULT_ALERTING } from '../core/alert-policy.js';
import { Value } from '@sinclair/typebox/value';
import type { MonitorSpec } from '../core/monitor.js';
import { mergeMonitorPatch, MonitorInputSchema, MonitorOutputSchema, MonitorPatchSchema, monitorToOutput, parseMonitorInput } from './monitor-input.js';

const URL = 'http://127.0.0.1:8080/health';

function parsed(raw: unknown): MonitorSpec {
  const result = parseMonitorInput(raw);
  if (!result.ok) assert.fail(`expected valid input, got ${JSON.stringify(result.errors)}`);
  return result.spec;
}

/** The errors of invalid input, as `path: message` lines, so a test shows exactly what a person reads. */
function errors(raw: unknown): string[] {
  const result = parseMonitorInput(raw);
  if (result.ok) assert.fail('expected errors, the input was accepted');
  return result.errors.map((e) => `${e.path}: ${e.message}`);
}

const onlyPaths = (raw: unknown) => errors(raw).map((line) => line.slice(0, line.indexOf(': ')));

describe('parseMonitorInput', () => {
  test('applies every default', () => {
    assert.deepEqual(parsed({ name: 'api', url: URL }), {
      name: 'api',
      type: 'http',
      settings: { ...NO_REQUEST_OPTIONS, url: URL, method: 'GET', headers: {}, body: null, expect: { ...NO_EXPECTATIONS, status: [], bodyContains: null, maxResponseTimeMs: null } },
      intervalMs: 60_000,
      timeoutMs: 10_000,
      confirm: 3,
      recover: 1,
      notify: [],
      tags: [],
      alerting: DEFAULT_ALERTING,
    });
  });

  test('reads every key', () => {
    const spec = parsed({
      name: 'api',
      type: 'http',
      url: URL,
      method: 'post',
      headers: { Authorization: 'Bearer x', 'X-Trace': '1' },
      body: '{"ping":true}',
      interval: '1m30s',
      timeout: '2500ms',
      confirm: 0,
      recover: 2,
      expect: { status: [200, '2XX', '201', '300 - 304'], body_contains: 'ok', max_response_time: '2s' },
      notify: ['ops', 'dev'],
      tags: ['prod', 'team:payments', 'prod', 'v2.1'],
      remind_every: '30m',
      escalate: [{ after: '15m', notify: ['oncall'] }, { after: '1h', notify: ['cto', 'oncall'] }],
      flapping: { changes: 8, window: '2h' },
    });
    assert.deepEqual(spec, {
      name: 'api',
      type: 'http',
      settings: { ...NO_REQUEST_OPTIONS, url: URL, method: 'POST', headers: { Authorization: 'Bearer x', 'X-Trace': '1' }, body: '{"ping":true}', expect: { ...NO_EXPECTATIONS, status: [200, '2xx', 201, '300-304'], bodyContains: 'ok', maxResponseTimeMs: 2_000 } },
      intervalMs: 90_000,
      timeoutMs: 2_500,
      confirm: 0,
      recover: 2,
      notify: ['ops', 'dev'],
      tags: ['prod', 'team:payments', 'v2.1'],
      alerting: {
        remindEveryMs: 30 * 60_000,
        escalations: [{ afterMs: 15 * 60_000, notify: ['oncall'] }, { afterMs: 3_600_000, notify: ['cto', 'oncall'] }],
        flapping: { changes: 8, windowMs: 2 * 3_600_000 },
      },
    });
  });

  test('null on an optional key means its default', () => {
    const spec = parsed({ name: 'api', url: URL, method: null, headers: null, interval: null, expect: null, notify: null, confirm: null });
    assert.equal(spec.intervalMs, 60_000);
    assert.equal(spec.confirm, 3);
    assert.deepEqual(httpSettings(spec).headers, {});
  });

  test('name and url are required', () => {
    assert.deepEqual(errors({}), [
      'name: is required: every monitor needs a unique name',
      'url: is required: the http:// or https:// address to check, such as https://example.com/health',
    ]);
  });

  test('input that is not a map', () => {
    assert.deepEqual(onlyPaths('api'), ['(monitor)']);
    assert.deepEqual(onlyPaths([{ name: 'api' }]), ['(monitor)']);
  });

  test('names must be non-empty, bounded and safe in a URL', () => {
    assert.deepEqual(errors({ name: '', url: URL }), ['name: must not be empty']);
    assert.deepEqual(errors({ name: 42, url: URL }), ['name: must be text; put it in quotes']);
    assert.deepEqual(errors({ name: ' api', url: URL }), ['name: must not start or end with spaces']);
    assert.deepEqual(errors({ name: 'x'.repeat(101), url: URL }), ['name: must be at most 100 characters long']);
    assert.deepEqual(errors({ name: 'a/b', url: URL }), ['name: must not contain / \\ ? # or % (names are used in URLs)']);
    assert.deepEqual(errors({ name: 'a\nb', url: URL }), ['name: must not contain line breaks or control characters']);
    assert.equal(parsed({ name: 'API (prod) – eu', url: URL }).name, 'API (prod) – eu');
  });

  test('url must be a full http(s) URL', () => {
    assert.deepEqual(errors({ name: 'a', url: 'ftp://127.0.0.1/' }), ['url: must start with http:// or https://']);
    assert.deepEqual(errors({ name: 'a', url: '127.0.0.1:8080/health' }), ['url: must start with http:// or https://, such as https://example.com/health']);
    assert.deepEqual(errors({ name: 'a', url: 'localhost:8080' }), ['url: must start with http:// or https://, such as https://example.com/health']);
    assert.deepEqual(errors({ name: 'a', url: 'http://exa mple.com/' }), ['url: is not a valid URL; write it in full, such as https://example.com/health']);
    assert.deepEqual(onlyPaths({ name: 'a', url: 8080 }), ['url']);
    assert.equal(httpSettings(parsed({ name: 'a', url: 'HTTPS://localhost/x' })).url, 'HTTPS://localhost/x');
  });

  test('method must be a standard HTTP method', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, method: 'FETCH' }), ['method: must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS']);
    assert.equal(httpSettings(parsed({ name: 'a', url: URL, method: 'head' })).method, 'HEAD');
  });

  test('durations need a unit, and a bare number says which to add', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, interval: 60 }), [
      'interval: must be a duration such as 30s, 5m or 1h; a bare number has no unit: write 60s for 60 seconds or 60ms for milliseconds',
    ]);
    assert.deepEqual(errors({ name: 'a', url: URL, timeout: 'soon' }), ['timeout: must be a duration such as 30s, 5m or 1h']);
    assert.deepEqual(errors({ name: 'a', url: URL, timeout: '10 seconds' }), ['timeout: must be a duration such as 30s, 5m or 1h']);
  });

  test('interval and timeout bounds', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, interval: '500ms' }), ['interval: must be at least 1s']);
    assert.equal(parsed({ name: 'a', url: URL, interval: '1s' }).intervalMs, 1_000);
    assert.deepEqual(errors({ name: 'a', url: URL, interval: '2d' }), ['interval: must be at most 1d']);
    assert.deepEqual(errors({ name: 'a', url: URL, timeout: '0s' }), ['timeout: must be longer than 0']);
    assert.deepEqual(errors({ name: 'a', url: URL, timeout: '6m' }), ['timeout: must be at most 5m']);
    assert.equal(parsed({ name: 'a', url: URL, timeout: '5m' }).timeoutMs, 300_000);
  });

  test('confirm and recover are small whole numbers', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, confirm: 11 }), ['confirm: must be a whole number from 0 to 10']);
    assert.deepEqual(errors({ name: 'a', url: URL, confirm: -1 }), ['confirm: must be a whole number from 0 to 10']);
    assert.deepEqual(errors({ name: 'a', url: URL, confirm: 1.5 }), ['confirm: must be a whole number from 0 to 10']);
    assert.deepEqual(errors({ name: 'a', url: URL, confirm: '3' }), ['confirm: must be a whole number from 0 to 10, without quotes']);
    assert.deepEqual(errors({ name: 'a', url: URL, recover: 0 }), ['recover: must be a whole number from 1 to 10']);
    assert.equal(parsed({ name: 'a', url: URL, confirm: 10, recover: 10 }).confirm, 10);
  });

  test('status rules are checked one by one, with the index in the path', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, expect: { status: [200, 99, '2xx', '6xx', 'ok', 200.5] } }), [
      'expect.status[1]: must be a status code such as 200, or a range such as "2xx" or "200-299"',
      'expect.status[3]: must be a status code such as 200, or a range such as "2xx" or "200-299"',
      'expect.status[4]: must be a status code such as 200, or a range such as "2xx" or "200-299"',
      'expect.status[5]: must be a status code such as 200, or a range such as "2xx" or "200-299"',
    ]);
    assert.deepEqual(errors({ name: 'a', url: URL, expect: { status: 200 } }), ['expect.status: must be a list, such as [200] or ["2xx", 301]']);
  });

  test('expect: body_contains and max_response_time', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, expect: { body_contains: 5 } }), ['expect.body_contains: must be the text the body must contain']);
    assert.deepEqual(errors({ name: 'a', url: URL, expect: { max_response_time: 2 } }), [
      'expect.max_response_time: must be a duration such as 30s, 5m or 1h; a bare number has no unit: write 2s for 2 seconds or 2ms for milliseconds',
    ]);
    assert.deepEqual(errors({ name: 'a', url: URL, timeout: '5s', expect: { max_response_time: '5s' } }), [
      'expect.max_response_time: must be shorter than timeout (5s), or a slow answer times out before it counts as degraded',
    ]);
    assert.deepEqual(errors({ name: 'a', url: URL, expect: 'ok' }), ['expect: must be a map with status, body_contains, max_response_time, body_not_contains, body_matches, headers, json']);
    assert.equal(httpSettings(parsed({ name: 'a', url: URL, expect: { body_contains: '' } })).expect.bodyContains, null);
  });

  test('unknown keys are named, with the likely intended key', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, intervall: '60s', expect: { staus: [200] } }), [
      'intervall: "intervall" is not a monitor key; did you mean "interval"?',
      'expect.staus: "staus" is not an expect key; did you mean "status"?',
    ]);
    assert.match(errors({ name: 'a', url: URL, colour: 'red' })[0]!, /^colour: "colour" is not a monitor key \(allowed: name, type, url, method,/);
  });

  test('headers are a map of valid names to text', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, headers: { 'X-Count': 5, 'Bad Name': 'x', 'X-Ok': 'a\r\nInjected: 1' } }), [
      'headers.X-Count: must be text; put the value in quotes',
      'headers["Bad Name"]: is not a valid header name (letters, digits and - only, no spaces or colons)',
      'headers.X-Ok: must not contain line breaks',
    ]);
    assert.deepEqual(errors({ name: 'a', url: URL, headers: { Accept: 'a', accept: 'b' } }), ['headers.accept: repeats header "Accept" (header names ignore case)']);
    assert.deepEqual(onlyPaths({ name: 'a', url: URL, headers: ['Accept: x'] }), ['headers']);
  });

  test('body is text or null', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, body: { ping: true } }), ['body: must be text or null; to send JSON, write it as a string']);
  });

  test('alerting keys: every problem named by its path', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, remind_every: '10s' }), ['remind_every: must be at least 1m']);
    assert.deepEqual(errors({ name: 'a', url: URL, escalate: { after: '5m' } }), ['escalate: must be a list of steps, such as [{ after: 15m, notify: [oncall] }]']);
    assert.deepEqual(errors({ name: 'a', url: URL, escalate: [{ after: '30m', notify: ['a'] }, { after: '10m', notify: [], wait: 1 }] }), [
      'escalate[1].wait: "wait" is not an escalation key (allowed: after, notify)',
      'escalate[1].notify: is required: the notifiers to tell, such as [oncall]',
      'escalate[1].after: must be longer than the step before it',
    ]);
    assert.deepEqual(errors({ name: 'a', url: URL, flapping: true }), ['flapping: must be false, or a map such as { changes: 5, window: 1h }']);
    assert.deepEqual(errors({ name: 'a', url: URL, flapping: { changes: 1, window: 5 } }), [
      'flapping.changes: must be a whole number from 2 to 100',
      'flapping.window: must be a duration such as 30s, 5m or 1h; a bare number has no unit: write 5s for 5 seconds or 5ms for milliseconds',
    ]);
  });

  test('assertions: every problem named by its path', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, expect: { body_matches: '(' } }), ['expect.body_matches: is not a valid regular expression: /(/: Unterminated group']);
    assert.deepEqual(errors({ name: 'a', url: URL, expect: { body_not_contains: '' } }), ['expect.body_not_contains: must not be empty: every body contains the empty text']);
    assert.deepEqual(errors({ name: 'a', url: URL, expect: { headers: { 'content type': 'json', 'x-ok': 1 } } }), [
      'expect.headers["content type"]: is not a valid header name',
      'expect.headers.x-ok: must be the text the header must contain; put it in quotes',
    ]);
    assert.deepEqual(errors({ name: 'a', url: URL, expect: { json: { status: 'ok', '$.depth': '< lots', '$.a': [1] } } }), [
      "expect.json.status: is not a supported JSON path: start with $ and use .name, [0] or ['name'] steps, such as $.queue.depth",
      'expect.json["$.depth"]: "<" compares numbers: write it as "< 100"',
      'expect.json["$.a"]: must be a value, or an operator and a value such as "< 100"',
    ]);
    assert.deepEqual(httpSettings(parsed({ name: 'a', url: URL, expect: { json: { '$.status': 'ok', '$.queue.depth': '< 100', '$.count': '!= 0', '$.ready': true } } })).expect.json, [
      { path: '$.status', op: '==', value: 'ok' },
      { path: '$.queue.depth', op: '<', value: 100 },
      { path: '$.count', op: '!=', value: 0 },
      { path: '$.ready', op: '==', value: true },
    ]);
  });

  test('notify is a list of distinct names', () => {
    assert.deepEqual(errors({ name: 'a', url: URL, notify: 'ops' }), ['notify: must be a list of notifier names, such as [ops]']);
    assert.deepEqual(errors({ name: 'a', url: URL, notify: ['ops', '', 'ops'] }), ['notify[1]: must be the name of a notifier', 'notify[2]: "ops" is listed twice']);
  });

  test('type must be a known kind', () => {
    assert.match(errors({ name: 'a', url: URL, type: 'smtp' }).join('\n'), /^type: must be one of http/);
  });

  test('reports every problem at once', () => {
    assert.deepEqual(onlyPaths({ url: 'x', interval: 5, confirm: 99, expect: { status: ['x'] } }), ['name', 'url', 'expect.status[0]', 'interval', 'confirm']);
  });
});

describe('monitorToOutput', () => {
  const full = {
    name: 'api',
    url: URL,
    method: 'POST',
    headers: { Authorization: 'Bearer x' },
    body: 'ping',
    interval: '90s',
    timeout: '1500ms',
    confirm: 2,
    recover: 3,
    expect: { status: [200, '3xx'], body_contains: 'ok', max_response_time: '1s', body_not_contains: 'maintenance', body_matches: '"version":\\s*"2\\.', headers: { 'content-type': 'json' }, json: { '$.status': 'ok', '$.queue.depth': '< 100', '$.ready': true } },
    notify: ['ops'],
    tags: ['prod', 'edge:eu-1'],
    remind_every: '1h',
    escalate: [{ after: '10m', notify: ['oncall'] }],
    flapping: false,
  };

  test('renders the input form, durations as text', () => {
    assert.deepEqual(monitorToOutput(parsed(full)), {
      name: 'api',
      type: 'http',
      url: URL,
      method: 'POST',
      headers: { Authorization: 'Bearer x' },
      body: 'ping',
      interval: '1m30s',
      timeout: '1500ms',
      confirm: 2,
      recover: 3,
      expect: { status: [200, '3xx'], body_contains: 'ok', max_response_time: '1s', body_not_contains: 'maintenance', body_matches: '"version":\\s*"2\\.', headers: { 'content-type': 'json' }, json: { '$.status': 'ok', '$.queue.depth': '< 100', '$.ready': true } },
      basic_auth: null,
      bearer_token: null,
      max_redirects: 5,
      proxy: null,
      ip_family: null,
      user_agent: null,
      tls: { ca_file: null, cert_file: null, key_file: null, skip_verify: false },
      certificate: null,
      notify: ['ops'],
      tags: ['prod', 'edge:eu-1'],
      remind_every: '1h',
      escalate: [{ after: '10m', notify: ['oncall'] }],
      flapping: false,
    });
  });

  test('what GET returns, POST accepts unchanged', () => {
    for (const input of [full, { name: 'b', url: URL }, { name: 'c', url: URL, interval: '1h1s', timeout: '250ms' }]) {
      const spec = parsed(input);
      const output = monitorToOutput(spec);
      assert.deepEqual(parsed(output), spec);
      assert.ok(Value.Check(MonitorOutputSchema, output));
      assert.ok(Value.Check(MonitorInputSchema, output), `schema rejects ${JSON.stringify(output)}`);
    }
  });
});

describe('the published schemas agree with the parser', () => {
  test('valid input passes the schema', () => {
    assert.ok(Value.Check(MonitorInputSchema, { name: 'api', url: URL, method: 'get', interval: '30s', expect: { status: ['2xx', 301] } }));
  });

  test('input the parser rejects for its shape, the schema rejects too', () => {
    for (const bad of [{ name: 'a', url: URL, intervall: '1s' }, { name: 'a', url: URL, interval: 60 }, { name: 'a', url: 'ftp://x' }, { url: URL }, { name: 'a/b', url: URL }]) {
      assert.equal(parseMonitorInput(bad).ok, false);
      assert.equal(Value.Check(MonitorInputSchema, bad), false, JSON.stringify(bad));
    }
  });

  test('the patch schema takes any subset, with null', () => {
    assert.ok(Value.Check(MonitorPatchSchema, { interval: '30s', body: null }));
    assert.ok(Value.Check(MonitorPatchSchema, {}));
    assert.equal(Value.Check(MonitorPatchSchema, { intervall: '30s' }), false);
  });
});

describe('mergeMonitorPatch', () => {
  const current = parsed({
    name: 'api',
    url: URL,
    interval: '30s',
    headers: { A: '1' },
    body: 'x',
    expect: { status: [200], body_contains: 'ok', max_response_time: '2s' },
    notify: ['ops'],
  });

  const merged = (patch: unknown): MonitorSpec => {
    const result = mergeMonitorPatch(current, patch);
    if (!result.ok) assert.fail(JSON.stringify(result.errors));
    return result.spec;
  };

  test('keys not in the patch stay as they are', () => {
    assert.deepEqual(merged({}), current);
    assert.deepEqual(merged({ timeout: '5s' }), { ...current, timeoutMs: 5_000 });
  });

  test('expect merges key by key', () => {
    assert.deepEqual(httpSettings(merged({ expect: { body_contains: 'healthy' } })).expect, { ...NO_EXPECTATIONS, status: [200], bodyContains: 'healthy', maxResponseTimeMs: 2_000 });
  });

  test('null puts an optional key back to its default', () => {
    const spec = merged({ interval: null, headers: null, body: null, notify: null, expect: { max_response_time: null } });
    assert.equal(spec.intervalMs, 60_000);
    assert.deepEqual(httpSettings(spec).headers, {});
    assert.equal(httpSettings(spec).body, null);
    assert.deepEqual(spec.notify, []);
    assert.deepEqual(httpSettings(spec).expect, { ...NO_EXPECTATIONS, status: [200], bodyContains: 'ok', maxResponseTimeMs: null });
    assert.deepEqual(httpSettings(merged({ expect: null })).expect, { ...NO_EXPECTATIONS, status: [], bodyContains: null, maxResponseTimeMs: null });
  });

  test('a patch is checked like a new monitor', () => {
    const result = mergeMonitorPatch(current, { interval: '10ms', intervall: '1s', name: null });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.errors.map((e) => e.path), ['intervall', 'name', 'interval']);
    assert.deepEqual(mergeMonitorPatch(current, [1]), { ok: false, errors: [{ path: '(monitor)', message: 'must be a map of the monitor keys to change' }] });
  });
});
