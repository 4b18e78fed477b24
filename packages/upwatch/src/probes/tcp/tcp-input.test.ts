import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Segment } from '../../config/field-path.js';
import { monitorToOutput, parseMonitorInput } from '../../config/monitor-input.js';
import { parseTcpInput, tcpOutput } from './tcp-input.js';

/** What parseTcpInput reports, as `path: message` lines. */
function problems(raw: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const settings = parseTcpInput(raw, (at: Segment[], message) => lines.push(`${at.join('.')}: ${message}`));
  if (lines.length === 0) assert.fail(`expected problems, got ${JSON.stringify(settings)}`);
  assert.equal(settings, undefined);
  return lines;
}

describe('tcp monitor input', () => {
  test('the YAML form parses, and GET returns what POST accepts', () => {
    const parsed = parseMonitorInput({ name: 'db', type: 'tcp', host: '127.0.0.1', port: 5432, interval: '30s' });
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.equal(parsed.spec.type, 'tcp');
    assert.deepEqual(parsed.spec.settings, { host: '127.0.0.1', port: 5432 });
    assert.equal(parsed.spec.intervalMs, 30_000);
    const output = monitorToOutput(parsed.spec);
    assert.equal(output.host, '127.0.0.1');
    assert.equal(output.port, 5432);
    assert.deepEqual(parseMonitorInput(output), parsed);
  });

  test('an IPv6 host is kept bare, with or without brackets', () => {
    const settings = { host: '::1', port: 6379 };
    assert.deepEqual(parseTcpInput({ host: '[::1]', port: 6379 }, assert.fail), settings);
    assert.deepEqual(parseTcpInput(tcpOutput(settings), assert.fail), settings);
  });

  test('host and port are required', () => {
    const parsed = parseMonitorInput({ name: 'db', type: 'tcp' });
    assert.equal(parsed.ok, false);
    assert.deepEqual(!parsed.ok && parsed.errors.map((e) => e.path), ['host', 'port']);
    assert.deepEqual(problems({ host: 'db.internal' }), ['port: is required: the port number, such as 443']);
  });

  test('a port must be 1 to 65535', () => {
    assert.deepEqual(problems({ host: 'db.internal', port: 70_000 }), ['port: must be a port number from 1 to 65535']);
    assert.deepEqual(problems({ host: 'db.internal', port: '5432' }), ['port: must be a port number from 1 to 65535, without quotes']);
  });

  test('a host is bare: no scheme, no port, no path', () => {
    assert.deepEqual(problems({ host: 'tcp://db.internal', port: 5432 }), ['host: must be a bare host name, without a scheme such as https://']);
    assert.deepEqual(problems({ host: 'db.internal:5432', port: 5432 }), ['host: must not carry the port: put it in port']);
    assert.deepEqual(problems({ host: '[::1]:5432', port: 5432 }), ['host: must not carry the port: put it in port']);
    assert.deepEqual(problems({ host: 'db:internal', port: 5432 }), ['host: must be a host name or IP address; an IPv6 address is written bare or in brackets, such as ::1']);
    assert.match(problems({ host: 'db.internal/x', port: 5432 })[0]!, /^host: must be a bare host name or IP address, without a path/);
  });

  test('an http key on a tcp monitor is named as unknown', () => {
    const parsed = parseMonitorInput({ name: 'db', type: 'tcp', host: 'db.internal', port: 5432, url: 'http://db.internal/' });
    assert.equal(parsed.ok, false);
    assert.deepEqual(!parsed.ok && parsed.errors.map((e) => e.path), ['url']);
  });
});
