import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { monitorToOutput, parseMonitorInput } from '../../config/monitor-input.js';
import type { FieldError } from '../../core/errors.js';
import { generateTestCerts } from '../../test-support/certs.js';
import { httpMonitorSpec } from '../../test-support/monitor-spec.js';
import { httpKind } from './http-kind.js';
import { httpSettingsOf, type HttpSettings } from './http-settings.js';

const URL_HTTPS = 'https://status.example.com/health';

function errorsOf(input: Record<string, unknown>): FieldError[] {
  const parsed = parseMonitorInput({ name: 'api', ...input });
  assert.equal(parsed.ok, false, `expected errors for ${JSON.stringify(input)}`);
  return parsed.ok ? [] : parsed.errors;
}

function settingsOf(input: Record<string, unknown>): HttpSettings {
  const parsed = parseMonitorInput({ name: 'api', ...input });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.spec.settings as HttpSettings;
}

describe('http request options as people write them', () => {
  let dir: string;
  let pem: { ca: string; cert: string; key: string };

  before(async () => {
    const certs = await generateTestCerts();
    dir = await mkdtemp(join(tmpdir(), 'upwatch-http-input-'));
    pem = { ca: join(dir, 'ca.pem'), cert: join(dir, 'client.pem'), key: join(dir, 'client.key') };
    await Promise.all([writeFile(pem.ca, certs.ca.cert), writeFile(pem.cert, certs.localhost.cert), writeFile(pem.key, certs.localhost.key)]);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('every key survives parse → output → parse, with warn_days sorted and without repeats', () => {
    const options = {
      basic_auth: { username: 'probe', password: 'hunter2' },
      max_redirects: 0,
      proxy: 'http://u:p@proxy.internal:3128',
      ip_family: 6,
      user_agent: 'acme-uptime/1.0',
      tls: { ca_file: pem.ca, cert_file: pem.cert, key_file: pem.key, skip_verify: false },
      certificate: { warn_days: [7, 30, 0, 7] },
    };
    const parsed = parseMonitorInput({ name: 'api', url: URL_HTTPS, ...options });
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const settings = parsed.spec.settings as HttpSettings;
    assert.deepEqual(settings.basicAuth, { username: 'probe', password: 'hunter2' });
    assert.equal(settings.maxRedirects, 0);
    assert.equal(settings.ipFamily, 6);
    assert.deepEqual(settings.certificate, { warnDays: [30, 7, 0] });

    const output = monitorToOutput(parsed.spec) as Record<string, unknown>;
    assert.deepEqual(
      {
        basic_auth: output.basic_auth,
        bearer_token: output.bearer_token,
        max_redirects: output.max_redirects,
        proxy: output.proxy,
        ip_family: output.ip_family,
        user_agent: output.user_agent,
        tls: output.tls,
        certificate: output.certificate,
      },
      { ...options, bearer_token: null, certificate: { warn_days: [30, 7, 0] } },
    );
    const again = parseMonitorInput(output);
    assert.ok(again.ok, JSON.stringify(again));
    assert.deepEqual(again.spec, parsed.spec);
  });

  test('absent keys take their defaults, and output lists every one of them', () => {
    const settings = settingsOf({ url: URL_HTTPS });
    assert.deepEqual(
      { ...settings, url: undefined, method: undefined, headers: undefined, body: undefined, expect: undefined },
      {
        url: undefined,
        method: undefined,
        headers: undefined,
        body: undefined,
        expect: undefined,
        basicAuth: null,
        bearerToken: null,
        maxRedirects: 5,
        proxy: null,
        ipFamily: null,
        userAgent: null,
        tls: { caFile: null, certFile: null, keyFile: null, skipVerify: false },
        certificate: null,
      },
    );
    const output = httpKind.output(settings);
    assert.deepEqual(Object.keys(output).slice(5), ['basic_auth', 'bearer_token', 'max_redirects', 'proxy', 'ip_family', 'user_agent', 'tls', 'certificate']);
    assert.deepEqual(settingsOf({ url: URL_HTTPS, certificate: {} }).certificate, { warnDays: [30, 14, 7, 1] });
  });

  test('a spec stored before these keys existed reads with their defaults', () => {
    const old = httpMonitorSpec(URL_HTTPS);
    const stored = { url: URL_HTTPS, method: 'GET', headers: {}, body: null, expect: old.settings.expect };
    const settings = httpSettingsOf(stored);
    assert.equal(settings.maxRedirects, 5);
    assert.equal(settings.basicAuth, null);
    assert.deepEqual(settings.tls, { caFile: null, certFile: null, keyFile: null, skipVerify: false });
    const output = monitorToOutput({ ...old, settings: stored }) as Record<string, unknown>;
    assert.equal(output.max_redirects, 5);
    assert.equal(output.certificate, null);
  });

  test('Authorization is set one way only, and the error says which two collide', () => {
    assert.deepEqual(errorsOf({ url: URL_HTTPS, basic_auth: { username: 'a', password: 'b' }, bearer_token: 'tok' }), [
      { path: 'bearer_token', message: 'cannot be used together with basic_auth: a request carries one Authorization; keep one of them' },
    ]);
    assert.deepEqual(errorsOf({ url: URL_HTTPS, bearer_token: 'tok', headers: { Authorization: 'Bearer other' } }), [
      { path: 'headers.Authorization', message: 'cannot be used together with bearer_token: both set Authorization; keep one of them' },
    ]);
    assert.deepEqual(errorsOf({ url: URL_HTTPS, user_agent: 'mine', headers: { 'user-agent': 'theirs' } }), [
      { path: 'user_agent', message: 'cannot be used together with headers.user-agent: both set the User-Agent; keep one of them' },
    ]);
  });

  test('bad values are reported at their key, never repeating a secret', () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ basic_auth: { username: 'a:b', password: 'hunter2' } }, 'basic_auth.username', /must not contain a colon/],
      [{ basic_auth: { username: 'a' } }, 'basic_auth.password', /is required/],
      [{ basic_auth: { username: 'a', password: 'hunter2', pasword: 'x' } }, 'basic_auth.pasword', /did you mean "password"/],
      [{ basic_auth: 'a:hunter2' }, 'basic_auth', /must be a map with username and password/],
      [{ bearer_token: 'Bearer hunter2' }, 'bearer_token', /without "Bearer " in front/],
      [{ bearer_token: 'hunter2 hunter2' }, 'bearer_token', /without spaces/],
      [{ max_redirects: 21 }, 'max_redirects', /^must be a whole number from 0 to 20$/],
      [{ max_redirects: '3' }, 'max_redirects', /without quotes/],
      [{ proxy: 'https://u:hunter2@proxy.internal:3128' }, 'proxy', /must be an http:\/\/ proxy/],
      [{ proxy: 'http://u:hunter2@proxy.internal:3128/path' }, 'proxy', /without a path/],
      [{ proxy: 'proxy.internal:3128' }, 'proxy', /must be a URL starting with http:\/\//],
      [{ ip_family: 5 }, 'ip_family', /^must be 4 \(IPv4 only\) or 6 \(IPv6 only\); leave it out for either$/],
      [{ ip_family: '6' }, 'ip_family', /without quotes/],
      [{ user_agent: 'a\r\nX-Evil: 1' }, 'user_agent', /no line breaks/],
      [{ tls: { ca_file: join('/nonexistent', 'ca.pem') } }, 'tls.ca_file', /no such file/],
      [{ tls: { skip_verfy: true } }, 'tls.skip_verfy', /did you mean "skip_verify"/],
      [{ certificate: { warn_days: [30, -1] } }, 'certificate.warn_days[1]', /^must be a whole number of days from 0 to 3650$/],
      [{ certificate: { warn_days: 30 } }, 'certificate.warn_days', /must be a list/],
      [{ certificate: { warn_day: [30] } }, 'certificate.warn_day', /did you mean "warn_days"/],
    ];
    for (const [input, path, message] of cases) {
      const errors = errorsOf({ url: URL_HTTPS, ...input });
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0]!.path, path, JSON.stringify(input));
      assert.match(errors[0]!.message, message);
      assert.ok(!errors[0]!.message.includes('hunter2'), errors[0]!.message);
    }
  });

  test('certificate needs an https:// url', () => {
    assert.deepEqual(errorsOf({ url: 'http://example.com/', certificate: { warn_days: [7] } }), [
      { path: 'certificate', message: 'needs an https:// url: a plain http:// check has no certificate to report' },
    ]);
  });

  test('describe never shows credentials in the URL, nor the proxy', () => {
    const settings = settingsOf({ url: 'https://user:hunter2@example.com/health?x=1', proxy: 'http://u:hunter2@proxy.internal:3128' });
    assert.deepEqual(httpKind.describe(settings), { target: 'GET https://example.com/health?x=1', url: 'https://example.com/health?x=1', method: 'GET' });
  });
});
