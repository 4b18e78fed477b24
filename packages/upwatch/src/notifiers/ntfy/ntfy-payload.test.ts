import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../core/alert.js';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { alertContent } from '../alert-content.js';
import { NTFY_MESSAGE_BYTES, ntfyPayload } from './ntfy-payload.js';

// Checked against https://docs.ntfy.sh/publish/#publish-as-json and #limitations.

const PUBLIC_URL = 'https://upwatch.example.com';
const monitor = aMonitor('m1', { name: 'api' });
const down = aDelivery('alert-1', 'push', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
const up = aDelivery('alert-2', 'push', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;
const as = (type: Alert['type'], incident: Alert['incident'] = null): Alert => ({ ...down, type, incident });

describe('ntfy payload', () => {
  test('a down alert: topic, title, message, priority 5, an emoji tag and the click URL', () => {
    const content = alertContent(down, { publicUrl: PUBLIC_URL });
    const payload = ntfyPayload(content, 'ops-alerts');
    assert.deepEqual(Object.keys(payload).sort(), ['click', 'message', 'priority', 'tags', 'title', 'topic']);
    assert.equal(payload.topic, 'ops-alerts');
    assert.equal(payload.title, content.title);
    assert.equal(payload.priority, 5);
    assert.deepEqual(payload.tags, ['rotating_light']);
    assert.equal(payload.click, `${PUBLIC_URL}/monitors/m1`);
    assert.equal(
      payload.message,
      [content.summary, `Next step: ${content.nextStep}`, content.facts.map((f) => `${f.label}: ${f.value}`).join('\n')].join('\n\n'),
    );
    assert.match(payload.message, /\nError: HTTP 503 Service Unavailable\n/);
  });

  test('an up alert: priority 3, a check mark, no next step; no click without public_url', () => {
    const content = alertContent(up, { publicUrl: null });
    const payload = ntfyPayload(content, 'ops-alerts');
    assert.equal(payload.title, 'api is UP again after 10m');
    assert.equal(payload.priority, 3);
    assert.deepEqual(payload.tags, ['white_check_mark']);
    assert.equal('click' in payload, false);
    assert.doesNotMatch(payload.message, /Next step/);
    assert.ok(payload.message.startsWith(`${content.summary}\n\nMonitor: GET http://127.0.0.1:8080/m1\n`));
  });

  test('each event has a priority from 1 to 5 and emoji tags', () => {
    const expected: Record<Alert['type'], [number, string[]]> = {
      down: [5, ['rotating_light']],
      escalation: [5, ['rotating_light', 'sos']],
      reminder: [4, ['hourglass_flowing_sand']],
      flapping: [4, ['arrows_counterclockwise']],
      degraded: [3, ['turtle']],
      cert_expiring: [4, ['lock', 'hourglass_flowing_sand']],
      up: [3, ['white_check_mark']],
      test: [3, ['test_tube']],
    };
    for (const [type, [priority, tags]] of Object.entries(expected) as Array<[Alert['type'], [number, string[]]]>) {
      const alert = type === 'up' ? up : type === 'reminder' || type === 'escalation' ? as(type, down.incident) : as(type);
      const payload = ntfyPayload(alertContent(alert, { publicUrl: null }), 't');
      assert.equal(payload.priority, priority, type);
      assert.deepEqual(payload.tags, tags, type);
    }
  });

  test('a huge multi-byte error keeps the message within 4,096 bytes, so ntfy never turns it into an attachment', () => {
    const huge: Alert = { ...down, monitor: { ...down.monitor, name: 'ä'.repeat(400) }, check: { ...down.check, error: '€😀'.repeat(10_000) } };
    const content = alertContent(huge, { publicUrl: null });
    const payload = ntfyPayload(content, 't');
    assert.ok(Buffer.byteLength(payload.message) <= NTFY_MESSAGE_BYTES, `${Buffer.byteLength(payload.message)} bytes`);
    assert.ok(payload.message.startsWith(`${content.summary}\n\nNext step: ${content.nextStep}\n\n`));
    assert.match(payload.message, /\nError: (€😀)+€?…\n/, 'the error is cut on a character, with an ellipsis');
    assert.ok(payload.message.includes('Trace id: trace-'), 'the facts after the error still fit');
    assert.equal(payload.title.length, 256);
    assert.ok(payload.title.endsWith('…'));
    assert.doesNotMatch(payload.message + payload.title, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});
