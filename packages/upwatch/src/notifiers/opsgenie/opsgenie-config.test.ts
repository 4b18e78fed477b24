import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { OpsgenieConfigSchema, opsgenieConfigFrom } from './opsgenie-config.js';

const KEY = 'eb243592-faa2-4ba2-a551-1afdf565c889';

describe('opsgenie config', () => {
  test('defaults: the US API, 10s timeout', () => {
    assert.deepEqual(opsgenieConfigFrom({ type: 'opsgenie', api_key: KEY }, 'genie'), {
      ok: true,
      config: { type: 'opsgenie', name: 'genie', apiKey: KEY, url: 'https://api.opsgenie.com', timeoutMs: 10_000 },
    });
  });

  test('the EU API (or any override) loses its trailing slash', () => {
    const result = opsgenieConfigFrom({ type: 'opsgenie', api_key: KEY, url: 'https://api.eu.opsgenie.com/', timeout: '15s' }, 'genie');
    assert.ok(result.ok);
    assert.equal(result.config.url, 'https://api.eu.opsgenie.com');
    assert.equal(result.config.timeoutMs, 15_000);
  });

  test('every problem is named by its key', () => {
    assert.deepEqual(opsgenieConfigFrom({ type: 'opsgenie', api_key: '  ', url: 'api.opsgenie.com', timeout: '1h' }, 'genie'), {
      ok: false,
      errors: [
        { key: 'api_key', message: 'is empty: set it to the API key of an API integration in Opsgenie (an unset ${VAR} reads as empty)' },
        { key: 'url', message: 'must be an http:// or https:// URL, such as https://api.opsgenie.com' },
        { key: 'timeout', message: 'must be longer than 0 and at most 5m' },
      ],
    });
  });

  test('a key that would break the header is refused without repeating it', () => {
    assert.deepEqual(opsgenieConfigFrom({ type: 'opsgenie', api_key: `${KEY}\nX-Injected: yes` }, 'genie'), {
      ok: false,
      errors: [{ key: 'api_key', message: 'must not contain line breaks' }],
    });
  });

  test('the schema describes valid input, each key with a description; url mentions the EU API', () => {
    assert.ok(Value.Check(OpsgenieConfigSchema, { type: 'opsgenie', api_key: KEY, url: 'https://api.eu.opsgenie.com', timeout: '5s' }));
    assert.equal(Value.Check(OpsgenieConfigSchema, { type: 'opsgenie' }), false, 'api_key is required');
    assert.equal(Value.Check(OpsgenieConfigSchema, { type: 'opsgenie', api_key: KEY, region: 'eu' }), false);
    for (const [key, schema] of Object.entries(OpsgenieConfigSchema.properties)) {
      if (key !== 'type') assert.equal(typeof schema.description, 'string', key);
    }
    assert.match(OpsgenieConfigSchema.properties.url.description ?? '', /https:\/\/api\.eu\.opsgenie\.com/);
  });
});
