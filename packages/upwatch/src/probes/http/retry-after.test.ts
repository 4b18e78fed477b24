import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRetryAfter } from './retry-after.js';

const now = Date.parse('2030-01-01T00:00:00Z');

test('Retry-After in seconds', () => {
  assert.equal(parseRetryAfter('120', now), 120_000);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
});

test('Retry-After as an HTTP date, from now; a past date means now', () => {
  assert.equal(parseRetryAfter('Tue, 01 Jan 2030 00:01:30 GMT', now), 90_000);
  assert.equal(parseRetryAfter('Mon, 31 Dec 2029 23:00:00 GMT', now), 0);
});

test('absent or unreadable Retry-After is null', () => {
  assert.equal(parseRetryAfter(undefined, now), null);
  assert.equal(parseRetryAfter('', now), null);
  assert.equal(parseRetryAfter('-5', now), null);
  assert.equal(parseRetryAfter('1.5', now), null);
  assert.equal(parseRetryAfter('soon', now), null);
  assert.equal(parseRetryAfter('2030-01-01', now), null);
});

test('an absurd Retry-After is read as a day at most', () => {
  assert.equal(parseRetryAfter('99999999999999', now), 86_400_000);
  assert.equal(parseRetryAfter('9'.repeat(400), now), 86_400_000);
  assert.equal(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now), 86_400_000);
});
