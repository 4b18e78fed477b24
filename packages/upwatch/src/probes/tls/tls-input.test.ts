import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { formatPath, type Issue } from '../../config/field-path.js';
import { monitorNotes, monitorToOutput, parseMonitorInput } from '../../config/monitor-input.js';
import type { MonitorSpec } from '../../core/monitor.js';
import { generateTestCerts } from '../../test-support/certs.js';
import { NO_TLS_CLIENT_SETTINGS } from '../certificate/tls-client-options.js';
import { parseTlsInput, tlsOutput } from './tls-input.js';
import type { TlsSettings } from './tls-settings.js';

let dir: string;
let caFile: string;
let certFile: string;
let keyFile: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'upwatch-tls-input-'));
  const certs = await generateTestCerts();
  caFile = join(dir, 'ca.pem');
  certFile = join(dir, 'client.pem');
  keyFile = join(dir, 'client-key.pem');
  writeFileSync(caFile, certs.ca.cert);
  writeFileSync(certFile, certs.localhost.cert);
  writeFileSync(keyFile, certs.localhost.key);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function parsed(raw: Record<string, unknown>): MonitorSpec<TlsSettings> {
  const result = parseMonitorInput({ name: 'cert', type: 'tls', ...raw });
  if (!result.ok) assert.fail(`expected valid input, got ${JSON.stringify(result.errors)}`);
  return result.spec as MonitorSpec<TlsSettings>;
}

/** The errors as a person reads them, `path: message`. */
function errors(raw: Record<string, unknown>): string[] {
  const result = parseMonitorInput({ name: 'cert', type: 'tls', ...raw });
  if (result.ok) assert.fail('expected errors, the input was accepted');
  return result.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('tls monitor input', () => {
  test('applies the defaults', () => {
    const spec = parsed({ host: 'example.com' });
    assert.deepEqual(spec.settings, { host: 'example.com', port: 443, servername: null, warnDays: [30, 14, 7, 1], tls: NO_TLS_CLIENT_SETTINGS });
    assert.equal(spec.intervalMs, 60_000);
  });

  test('reads every key; warn_days comes out largest first, each once', () => {
    const spec = parsed({
      host: '10.0.0.5',
      port: 8443,
      servername: 'internal.example',
      warn_days: [7, 60, 7, 0],
      interval: '6h',
      tls: { ca_file: caFile, cert_file: certFile, key_file: keyFile },
    });
    assert.deepEqual(spec.settings, {
      host: '10.0.0.5',
      port: 8443,
      servername: 'internal.example',
      warnDays: [60, 7, 0],
      tls: { caFile, certFile, keyFile, skipVerify: false },
    });
    assert.equal(spec.intervalMs, 6 * 3_600_000);
  });

  test('GET gives back what POST accepts: output parses to the same spec', () => {
    for (const raw of [
      { host: 'example.com' },
      { host: 'example.com', port: 8443, servername: 'www.example.com', warn_days: [], tls: { ca_file: caFile, skip_verify: true } },
      { host: '::1', tls: { cert_file: certFile, key_file: keyFile } },
    ]) {
      const spec = parsed(raw);
      const output = monitorToOutput(spec) as Record<string, unknown>;
      assert.deepEqual(Object.keys(output).slice(0, 7), ['name', 'type', 'host', 'port', 'servername', 'warn_days', 'tls']);
      assert.deepEqual(parsed(output), spec);
    }
    assert.deepEqual(tlsOutput(parsed({ host: 'example.com', warn_days: [1, 30] }).settings), {
      host: 'example.com',
      port: 443,
      servername: null,
      warn_days: [30, 1],
      tls: { ca_file: null, cert_file: null, key_file: null, skip_verify: false },
    });
  });

  test('describes the target and warns when verification is off', () => {
    assert.deepEqual(monitorNotes(parsed({ host: 'example.com' })), { target: 'TLS example.com:443', warnings: [] });
    assert.deepEqual(monitorNotes(parsed({ host: 'example.com', tls: { skip_verify: true } })).warnings, [
      'TLS verification is off (tls.skip_verify): an expired, self-signed or wrong-name certificate is not reported',
    ]);
  });

  test('a missing host is named', () => {
    assert.deepEqual(errors({}), ['host: is required: the host name or IP address, such as db.internal or 127.0.0.1']);
    assert.deepEqual(errors({ host: 'https://example.com' }), ['host: must be a bare host name, without a scheme such as https://']);
  });

  test('warn_days must be a list of whole days', () => {
    assert.deepEqual(errors({ host: 'example.com', warn_days: 30 }), ['warn_days: must be a list of whole days, such as [30, 14, 7, 1]; [] turns the warnings off']);
    assert.deepEqual(errors({ host: 'example.com', warn_days: [30, 1.5, -1, 4000] }), [
      'warn_days[1]: must be a whole number of days from 0 to 3650',
      'warn_days[2]: must be a whole number of days from 0 to 3650',
      'warn_days[3]: must be a whole number of days from 0 to 3650',
    ]);
    assert.deepEqual(errors({ host: 'example.com', warn_days: ['30d'] }), ['warn_days[0]: must be a whole number of days from 0 to 3650; write 30, without quotes or unit']);
  });

  test('the tls block: key_file without cert_file, an unreadable ca_file, unknown keys', () => {
    assert.deepEqual(errors({ host: 'example.com', tls: { key_file: keyFile } }), ['tls.cert_file: is required with key_file: the client certificate the key belongs to']);
    const missing = join(dir, 'missing-ca.pem');
    assert.deepEqual(errors({ host: 'example.com', tls: { ca_file: missing } }), [`tls.ca_file: cannot read ${missing}: no such file`]);
    assert.deepEqual(errors({ host: 'example.com', tls: { verify: false } }), ['tls.verify: "verify" is not a tls key (allowed: ca_file, cert_file, key_file, skip_verify)']);
  });

  test('other keys: port, servername, and keys of other kinds', () => {
    assert.deepEqual(errors({ host: 'example.com', port: '443', servername: 'a b' }), [
      'port: must be a port number from 1 to 65535, without quotes',
      'servername: must be a bare host name or IP address, without a path, spaces or user name',
    ]);
    assert.match(errors({ host: 'example.com', url: 'https://example.com' })[0]!, /^url: "url" is a key of http monitors, not of a tls monitor/);
  });

  test('parse reports each problem at its key and gives nothing', () => {
    const issues: Issue[] = [];
    const settings = parseTlsInput({ port: 0, warn_days: 'soon' }, (at, message) => void issues.push({ at, message }));
    assert.equal(settings, undefined);
    assert.deepEqual(issues.map((i) => formatPath(i.at)), ['host', 'port', 'warn_days']);
  });
});
