import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { NtfyConfigSchema, ntfyConfigFrom } from './ntfy-config.js';

describe('ntfy config', () => {
  test('defaults: no token, 10s timeout', () => {
    assert.deepEqual(ntfyConfigFrom({ type: 'ntfy', url: 'https://ntfy.sh', topic: 'ops-alerts' }, 'push'), {
      ok: true,
      config: { type: 'ntfy', name: 'push', url: 'https://ntfy.sh', topic: 'ops-alerts', token: null, timeoutMs: 10_000 },
    });
  });

  test('a token and a timeout', () => {
    const result = ntfyConfigFrom({ type: 'ntfy', url: 'http://127.0.0.1:2586', topic: 'ops_alerts-2', token: ' tk_abc ', timeout: '30s' }, 'push');
    assert.ok(result.ok);
    assert.equal(result.config.token, 'tk_abc');
    assert.equal(result.config.timeoutMs, 30_000);
  });

  test('every problem is named by its key', () => {
    assert.deepEqual(ntfyConfigFrom({ type: 'ntfy', url: 'ntfy.sh', topic: 'ops alerts!', token: '', timeout: '10 minutes' }, 'push'), {
      ok: false,
      errors: [
        { key: 'url', message: 'must be an http:// or https:// URL, such as https://ntfy.sh' },
        { key: 'topic', message: 'must be 1 to 64 letters, digits, - and _, such as ops-alerts' },
        { key: 'token', message: 'is empty: set it, or remove the key to publish without one (an unset ${VAR} reads as empty)' },
        { key: 'timeout', message: 'must be a duration such as 10s, 30s or 1m' },
      ],
    });
    assert.deepEqual(ntfyConfigFrom({ type: 'ntfy', url: 'https://ntfy.sh', topic: '' }, 'push'), {
      ok: false,
      errors: [{ key: 'topic', message: 'is empty: set it to the topic to publish to, such as ops-alerts (an unset ${VAR} reads as empty)' }],
    });
  });

  test('a token with a line break is refused without repeating it', () => {
    const result = ntfyConfigFrom({ type: 'ntfy', url: 'https://ntfy.sh', topic: 'ops', token: 'tk_secret\r\nX-Evil: 1' }, 'push');
    assert.deepEqual(result, { ok: false, errors: [{ key: 'token', message: 'must not contain line breaks' }] });
  });

  test('the schema describes valid input, each key with a description', () => {
    assert.ok(Value.Check(NtfyConfigSchema, { type: 'ntfy', url: 'https://ntfy.sh', topic: 'ops', token: 'tk_1', timeout: '5s' }));
    assert.equal(Value.Check(NtfyConfigSchema, { type: 'ntfy', url: 'https://ntfy.sh' }), false, 'topic is required');
    assert.equal(Value.Check(NtfyConfigSchema, { type: 'ntfy', url: 'https://ntfy.sh', topic: 'ops', priority: 5 }), false);
    for (const [key, schema] of Object.entries(NtfyConfigSchema.properties)) {
      if (key !== 'type') assert.equal(typeof schema.description, 'string', key);
    }
  });
});
