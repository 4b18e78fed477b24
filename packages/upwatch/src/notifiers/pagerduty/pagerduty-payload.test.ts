import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../core/alert.js';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { alertContent } from '../alert-content.js';
import { pagerdutyDedupKey, pagerdutyEvent } from './pagerduty-payload.js';

// Checked against https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ and the Events API v2
// OpenAPI document (PagerDuty/api-schema, reference/events-v2/openapiv3.json).

const KEY = 'e93facc04764012d7bfb002500d5d1a6';
const PUBLIC_URL = 'https://upwatch.example.com';
const options = { routingKey: KEY, publicUrl: PUBLIC_URL };
const monitor = aMonitor('m1', { name: 'api', url: 'https://api.example.com:8443/health' });
const down = aDelivery('alert-1', 'oncall', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
const up = aDelivery('alert-2', 'oncall', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;
const reminder: Alert = { ...down, id: 'alert-3', type: 'reminder', at: T0 + 3_600_000 };
const degraded: Alert = { ...down, id: 'alert-4', type: 'degraded', incident: null, check: { ...down.check, ok: true, kind: 'degraded', status: 200, error: 'took 3s' } };
const testAlert: Alert = { ...down, id: 'alert-5', type: 'test', incident: null };

describe('pagerduty payload', () => {
  test('a down alert is a trigger with the documented fields', () => {
    const content = alertContent(down, { publicUrl: PUBLIC_URL });
    const event = pagerdutyEvent(content, down, options);
    assert.ok(event?.event_action === 'trigger');
    assert.deepEqual(Object.keys(event).sort(), ['client', 'client_url', 'dedup_key', 'event_action', 'links', 'payload', 'routing_key']);
    assert.equal(event.routing_key, KEY);
    assert.equal(event.dedup_key, 'inc-1');
    assert.equal(event.client, 'upwatch');
    assert.equal(event.client_url, PUBLIC_URL);
    assert.deepEqual(event.links, [{ href: `${PUBLIC_URL}/monitors/m1`, text: 'Open in upwatch' }]);

    assert.deepEqual(Object.keys(event.payload).sort(), ['class', 'component', 'custom_details', 'severity', 'source', 'summary', 'timestamp']);
    assert.equal(event.payload.summary, content.title);
    assert.equal(event.payload.source, 'api.example.com:8443', 'the affected host');
    assert.equal(event.payload.severity, 'critical');
    assert.equal(event.payload.timestamp, '2026-01-01T00:01:00.000Z');
    assert.equal(event.payload.component, 'api');
    assert.equal(event.payload.class, 'http_503');
    const expected: Record<string, string> = { 'What it means': content.summary, 'Next step': content.nextStep ?? '' };
    for (const fact of content.facts) expected[fact.label] = fact.value;
    expected.Dashboard = `${PUBLIC_URL}/monitors/m1`;
    assert.deepEqual(event.payload.custom_details, expected);
    assert.equal(event.payload.custom_details.Error, 'HTTP 503 Service Unavailable');
  });

  test('an up alert resolves with the same dedup_key and nothing else', () => {
    assert.deepEqual(pagerdutyEvent(alertContent(up, { publicUrl: PUBLIC_URL }), up, options), { routing_key: KEY, event_action: 'resolve', dedup_key: 'inc-1' });
  });

  test('reminders and escalations trigger on the incident\'s key again, so PagerDuty adds to the one alert', () => {
    for (const alert of [reminder, { ...reminder, type: 'escalation' as const }]) {
      const event = pagerdutyEvent(alertContent(alert, { publicUrl: null }), alert, { routingKey: KEY, publicUrl: null });
      assert.ok(event?.event_action === 'trigger');
      assert.equal(event.dedup_key, 'inc-1');
      assert.equal(event.payload.severity, 'critical');
      assert.equal('client_url' in event || 'links' in event, false, 'no dashboard links without public_url');
    }
  });

  test('alerts without an incident: a warning per monitor for degraded, a fresh info alert per test', () => {
    const slow = pagerdutyEvent(alertContent(degraded, { publicUrl: null }), degraded, options);
    assert.ok(slow?.event_action === 'trigger');
    assert.equal(slow.dedup_key, 'm1:degraded');
    assert.equal(slow.payload.severity, 'warning');
    assert.equal(slow.payload.class, 'degraded');

    const test = pagerdutyEvent(alertContent(testAlert, { publicUrl: null }), testAlert, options);
    assert.ok(test?.event_action === 'trigger');
    assert.equal(test.dedup_key, 'upwatch-test:alert-5');
    assert.equal(test.payload.severity, 'info');

    assert.equal(pagerdutyDedupKey({ ...down, type: 'reminder', incident: null }), 'm1:down');
    const settled = pagerdutyEvent(alertContent(up, { publicUrl: null }), { ...up, incident: null }, options);
    assert.deepEqual(settled && { action: settled.event_action, key: settled.dedup_key }, { action: 'resolve', key: 'm1:flapping' }, 'an up without an incident ends a flapping spell');
  });

  test('limits: summary cut to 1024 characters, a dedup_key over 255 hashed, a huge detail cut', () => {
    const long: Alert = {
      ...down,
      monitor: { ...down.monitor, name: 'n'.repeat(2_000) },
      incident: down.incident && { ...down.incident, id: 'i'.repeat(300) },
      check: { ...down.check, error: 'e'.repeat(100_000) },
    };
    const event = pagerdutyEvent(alertContent(long, { publicUrl: null }), long, options);
    assert.ok(event?.event_action === 'trigger');
    assert.equal(event.payload.summary.length, 1024);
    assert.ok(event.payload.summary.endsWith('…'));
    assert.match(event.dedup_key, /^[0-9a-f]{64}$/);
    assert.equal(pagerdutyDedupKey({ ...up, incident: long.incident && { ...long.incident, resolvedAt: T0 + 1 } }), event.dedup_key, 'its resolve hashes to the same key');
    assert.ok((event.payload.custom_details.Error ?? '').length <= 8_192);
    assert.ok(JSON.stringify(event).length < 512 * 1024, 'far below the 512 KB event limit');
  });
});
