import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestIsRetryable } from './request-is-retryable.js';

describe('requestIsRetryable', () => {
  const url = 'http://127.0.0.1/';

  it('allows the idempotent methods', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']) {
      assert.equal(requestIsRetryable(new Request(url, { method })), true, method);
    }
  });

  it('refuses POST and PATCH unless they carry an Idempotency-Key', () => {
    assert.equal(requestIsRetryable(new Request(url, { method: 'POST' })), false);
    assert.equal(requestIsRetryable(new Request(url, { method: 'PATCH' })), false);
    assert.equal(requestIsRetryable(new Request(url, { method: 'POST', headers: { 'Idempotency-Key': 'a1' } })), true);
  });
});
