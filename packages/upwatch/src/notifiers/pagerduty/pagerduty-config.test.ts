import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { PagerDutyConfigSchema, pagerdutyConfigFrom } from './pagerduty-config.js';

const KEY = 'e93facc04764012d7bfb002500d5d1a6';

describe('pagerduty config', () => {
  test('defaults: the public Events API v2 endpoint, 10s timeout', () => {
    assert.deepEqual(pagerdutyConfigFrom({ type: 'pagerduty', routing_key: KEY }, 'oncall'), {
      ok: true,
      config: { type: 'pagerduty', name: 'oncall', routingKey: KEY, url: 'https://events.pagerduty.com/v2/enqueue', timeoutMs: 10_000 },
    });
  });

  test('url overrides the endpoint as a whole', () => {
    const result = pagerdutyConfigFrom({ type: 'pagerduty', routing_key: ` ${KEY} `, url: 'https://events.eu.pagerduty.com/v2/enqueue', timeout: '20s' }, 'oncall');
    assert.ok(result.ok);
    assert.equal(result.config.url, 'https://events.eu.pagerduty.com/v2/enqueue');
    assert.equal(result.config.routingKey, KEY);
    assert.equal(result.config.timeoutMs, 20_000);
  });

  test('every problem is named by its key', () => {
    assert.deepEqual(pagerdutyConfigFrom({ type: 'pagerduty', routing_key: '', url: 'events.pagerduty.com', timeout: '0s' }, 'oncall'), {
      ok: false,
      errors: [
        { key: 'routing_key', message: "is empty: set it to the Integration Key of the service's Events API v2 integration (an unset ${VAR} reads as empty)" },
        { key: 'url', message: 'must be an http:// or https:// URL, such as https://events.pagerduty.com/v2/enqueue' },
        { key: 'timeout', message: 'must be longer than 0 and at most 5m' },
      ],
    });
  });

  test('a key of the wrong form is refused without repeating it', () => {
    const wrong = `${KEY}-secretsuffix`;
    const result = pagerdutyConfigFrom({ type: 'pagerduty', routing_key: wrong }, 'oncall');
    assert.deepEqual(result, {
      ok: false,
      errors: [{ key: 'routing_key', message: "must be 32 letters and digits: the Integration Key on the Events API v2 integration's page in PagerDuty" }],
    });
  });

  test('the schema describes valid input, each key with a description', () => {
    assert.ok(Value.Check(PagerDutyConfigSchema, { type: 'pagerduty', routing_key: KEY, url: 'http://127.0.0.1:1/v2/enqueue', timeout: '5s' }));
    assert.equal(Value.Check(PagerDutyConfigSchema, { type: 'pagerduty' }), false, 'routing_key is required');
    assert.equal(Value.Check(PagerDutyConfigSchema, { type: 'pagerduty', routing_key: KEY, service_key: KEY }), false);
    for (const [key, schema] of Object.entries(PagerDutyConfigSchema.properties)) {
      if (key !== 'type') assert.equal(typeof schema.description, 'string', key);
    }
  });
});
