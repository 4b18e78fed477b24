import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { notifierConfigSchemas } from '../notifier-configs.js';
import { WebhookConfigSchema, webhookConfigFrom } from './webhook-config.js';

describe('webhook config', () => {
  test('defaults: no headers, 10s timeout', () => {
    assert.deepEqual(webhookConfigFrom({ type: 'webhook', url: 'http://127.0.0.1:9000/hook' }, 'ops'), {
      ok: true,
      config: { type: 'webhook', name: 'ops', url: 'http://127.0.0.1:9000/hook', headers: {}, timeoutMs: 10_000, secret: null },
    });
  });

  test('every problem is named by its key', () => {
    assert.deepEqual(webhookConfigFrom({ type: 'webhook', url: 'mailto:ops@example.com', headers: { A: 'x\ny' }, timeout: '0s' }, 'ops'), {
      ok: false,
      errors: [
        { key: 'url', message: 'must be an http:// or https:// URL, such as https://hooks.example.com/upwatch' },
        { key: 'headers', message: 'header "A" must not contain line breaks' },
        { key: 'timeout', message: 'must be longer than 0 and at most 5m' },
      ],
    });
  });

  test('the schema is the one registered for type webhook, and describes valid input', () => {
    assert.equal(notifierConfigSchemas.webhook.schema, WebhookConfigSchema);
    assert.ok(Value.Check(WebhookConfigSchema, { type: 'webhook', url: 'http://127.0.0.1/', headers: { A: 'b' }, timeout: '5s' }));
    assert.equal(Value.Check(WebhookConfigSchema, { type: 'webhook', url: 'http://127.0.0.1/', extra: 1 }), false);
  });
});
