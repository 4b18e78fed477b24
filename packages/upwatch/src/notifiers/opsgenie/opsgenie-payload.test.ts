import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert } from '../../core/alert.js';
import { aDelivery, aMonitor, anIncident, T0 } from '../../store/store-fixtures.js';
import { alertContent } from '../alert-content.js';
import { OPSGENIE_LIMITS, opsgenieAlias, opsgenieRequest } from './opsgenie-payload.js';

// Checked against https://docs.opsgenie.com/docs/alert-api (Create Alert, Close Alert).

const PUBLIC_URL = 'https://upwatch.example.com';
const monitor = aMonitor('m1', { name: 'api' });
const down = aDelivery('alert-1', 'genie', T0 + 60_000, monitor, anIncident('inc-1', 'm1', T0)).alert;
const up = aDelivery('alert-2', 'genie', T0 + 600_000, monitor, anIncident('inc-1', 'm1', T0, T0 + 600_000)).alert;
const flapping: Alert = { ...down, id: 'alert-3', type: 'flapping', incident: null };
const testAlert: Alert = { ...down, id: 'alert-4', type: 'test', incident: null };

describe('opsgenie payload', () => {
  test('a down alert creates an alert with the documented fields', () => {
    const content = alertContent(down, { publicUrl: PUBLIC_URL });
    const request = opsgenieRequest(content, down);
    assert.ok(request?.action === 'create');
    assert.equal(request.path, '/v2/alerts');
    const body = request.body;
    assert.deepEqual(Object.keys(body).sort(), ['alias', 'description', 'details', 'entity', 'message', 'priority', 'source', 'tags', 'user']);
    assert.equal(body.message, content.title);
    assert.equal(body.alias, 'inc-1');
    assert.equal(body.priority, 'P1');
    assert.equal(body.entity, 'api');
    assert.equal(body.source, 'upwatch');
    assert.equal(body.user, 'upwatch');
    assert.deepEqual(body.tags, ['upwatch', 'down']);
    assert.equal(
      body.description,
      [content.summary, '', `Next step: ${content.nextStep}`, '', ...content.facts.map((f) => `${f.label}: ${f.value}`), '', `${PUBLIC_URL}/monitors/m1`].join('\n'),
    );
    const details: Record<string, string> = Object.fromEntries(content.facts.map((f) => [f.label, f.value]));
    details.Dashboard = `${PUBLIC_URL}/monitors/m1`;
    assert.deepEqual(body.details, details);
    assert.equal(body.details.Error, 'HTTP 503 Service Unavailable');
  });

  test('an up alert closes the same alias, with the recovery as the note', () => {
    const content = alertContent(up, { publicUrl: null });
    assert.deepEqual(opsgenieRequest(content, up), {
      action: 'close',
      path: '/v2/alerts/inc-1/close?identifierType=alias',
      body: { source: 'upwatch', user: 'upwatch', note: `api is UP again after 10m. ${content.summary}` },
    });
  });

  test('priorities and aliases of the other events; an up without an incident closes the flapping alert', () => {
    const reminder: Alert = { ...down, type: 'reminder' };
    assert.equal((opsgenieRequest(alertContent(reminder, { publicUrl: null }), reminder) as { body: { alias: string; priority: string } }).body.alias, 'inc-1');
    const flap = opsgenieRequest(alertContent(flapping, { publicUrl: null }), flapping);
    assert.ok(flap?.action === 'create');
    assert.equal(flap.body.priority, 'P3');
    assert.equal(flap.body.alias, 'm1:flapping');
    const test = opsgenieRequest(alertContent(testAlert, { publicUrl: null }), testAlert);
    assert.ok(test?.action === 'create');
    assert.equal(test.body.priority, 'P5');
    assert.equal(test.body.alias, 'upwatch-test:alert-4');
    const settled = opsgenieRequest(alertContent(up, { publicUrl: null }), { ...up, incident: null });
    assert.equal(settled?.action, 'close', 'an up without an incident ends a flapping spell');
    assert.equal(settled?.path, '/v2/alerts/m1%3Aflapping/close?identifierType=alias');
  });

  test('an alias with reserved characters is encoded in the close path', () => {
    const odd = { ...up, incident: up.incident && { ...up.incident, id: 'a/b?c' } };
    const request = opsgenieRequest(alertContent(odd, { publicUrl: null }), odd);
    assert.equal(request?.path, '/v2/alerts/a%2Fb%3Fc/close?identifierType=alias');
  });

  test('limits: a huge error stays within 15000 description and 8000 detail characters; a long alias is hashed', () => {
    const huge: Alert = {
      ...down,
      monitor: { ...down.monitor, name: 'n'.repeat(1_000) },
      incident: down.incident && { ...down.incident, id: 'i'.repeat(600) },
      check: { ...down.check, error: '😀'.repeat(20_000) },
    };
    const request = opsgenieRequest(alertContent(huge, { publicUrl: PUBLIC_URL }), huge);
    assert.ok(request?.action === 'create');
    const body = request.body;
    assert.equal(body.message.length, OPSGENIE_LIMITS.message);
    assert.equal(body.description.length <= OPSGENIE_LIMITS.description, true);
    assert.equal(body.entity.length, OPSGENIE_LIMITS.entity);
    const detailChars = Object.entries(body.details).reduce((n, [k, v]) => n + k.length + v.length, 0);
    assert.ok(detailChars <= OPSGENIE_LIMITS.details && detailChars > OPSGENIE_LIMITS.details - 20, `${detailChars}`);
    assert.equal(body.details.Dashboard, `${PUBLIC_URL}/monitors/m1`, 'short details are kept whole');
    assert.match(body.details.Error ?? '', /^(😀)+…$/);
    assert.match(body.alias, /^[0-9a-f]{64}$/);
    assert.equal(opsgenieAlias({ ...up, incident: huge.incident }), body.alias, 'its close finds it by the same alias');
    assert.doesNotMatch(JSON.stringify(body), /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i, 'no lone surrogate');
    for (const tag of body.tags) assert.ok(tag.length <= OPSGENIE_LIMITS.tag);
  });
});
