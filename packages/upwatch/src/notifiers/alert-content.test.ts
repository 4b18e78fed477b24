import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../core/alert.js';
import { aDelivery, aFailedCheck, aMonitor, anIncident, T0 } from '../store/store-fixtures.js';
import { alertContent } from './alert-content.js';

const MIN = 60_000;
const monitor = aMonitor('m1', { name: 'checkout-api', url: 'https://shop.example.com/health' });

function alertOf(type: Alert['type'], overrides: Partial<Alert> = {}): Alert {
  const { check: _drop, ...base } = aDelivery('a-1', 'team', T0, monitor, anIncident('inc-1', 'm1', T0 - 5 * MIN)).alert;
  const { monitorId: _m, phase: _p, transient: _t, ...check } = aFailedCheck('m1', T0, { kind: 'http_500', status: 500, error: 'HTTP 500 Internal Server Error' });
  return { ...base, check, type, ...overrides } as Alert;
}

const facts = (content: ReturnType<typeof alertContent>) => Object.fromEntries(content.facts.map((f) => [f.label, f.value]));

describe('alert content', () => {
  test('a down alert says what broke in plain words, where to look, and links to the monitor', () => {
    const content = alertContent(alertOf('down'), { publicUrl: 'https://upwatch.example.com/' });
    assert.equal(content.severity, 'critical');
    assert.equal(content.title, 'checkout-api is DOWN: HTTP 500: the application hit an error it did not handle');
    assert.match(content.summary, /unhandled exception/);
    assert.match(content.nextStep ?? '', /Search the server logs for the request id/);
    assert.equal(content.link, 'https://upwatch.example.com/monitors/m1');
    assert.deepEqual(facts(content), {
      Monitor: 'GET https://shop.example.com/health',
      Failure: 'HTTP 500: the application hit an error it did not handle',
      Status: 'HTTP 500',
      Error: 'HTTP 500 Internal Server Error',
      'Request id we sent': `req-${T0}`,
      "Server's request id": `srv-${T0}`,
      Timings: content.facts.find((f) => f.label === 'Timings')!.value,
      Started: '2025-12-31 23:55:00 UTC',
      'Trace id': `trace-${T0}`,
    });
    assert.match(facts(content).Timings!, /^dns [\d.]+ ms · connect [\d.]+ ms · tls [\d.]+ ms · first byte [\d.]+ ms · total [\d.]+ ms$/);
  });

  test('a recovery gives the downtime and what it was, and no next step', () => {
    const resolved = { ...anIncident('inc-1', 'm1', T0 - 5 * MIN), resolvedAt: T0 + 27 * MIN };
    const content = alertContent(alertOf('up', { incident: resolved, at: T0 + 27 * MIN }), { publicUrl: null });
    assert.equal(content.severity, 'resolved');
    assert.equal(content.title, 'checkout-api is UP again after 32m');
    assert.equal(content.nextStep, null);
    assert.equal(content.link, null);
    assert.equal(facts(content).Downtime, '32m');
    assert.equal(facts(content).Was, 'HTTP 500: the application hit an error it did not handle');
  });

  test('a reminder and an escalation say how long it has been down', () => {
    for (const type of ['reminder', 'escalation'] as const) {
      const content = alertContent(alertOf(type, { at: T0 + 40 * MIN }), { publicUrl: null });
      assert.equal(content.severity, 'critical');
      assert.match(content.title, /^checkout-api is STILL DOWN/);
      assert.equal(facts(content)['Down for'], '45m');
    }
  });

  test('each failure kind reads as its own explanation: a 502 names the proxy', () => {
    const { monitorId: _m, phase: _p, transient: _t, ...check } = aFailedCheck('m1', T0, { kind: 'http_502', status: 502 });
    const content = alertContent(alertOf('down', { check }), { publicUrl: null });
    assert.match(content.title, /502: the proxy got a bad answer from the upstream/);
  });

  test('flapping and test alerts are told as such', () => {
    assert.equal(alertContent(alertOf('flapping', { incident: null }), { publicUrl: null }).severity, 'warning');
    assert.match(alertContent(alertOf('flapping', { incident: null }), { publicUrl: null }).summary, /held until it has been stable/);
    const test = alertContent(alertOf('test', { incident: null }), { publicUrl: null });
    assert.equal(test.title, 'upwatch test alert for checkout-api');
    assert.deepEqual(test.facts.map((f) => f.label), ['Monitor']);
  });
});
