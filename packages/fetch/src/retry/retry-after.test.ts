import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryAfterMs } from './retry-after.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('reads delay-seconds', () => {
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs(' 0 ', now), 0);
  });

  it('reads an HTTP date relative to now, and a past date as no wait', () => {
    assert.equal(retryAfterMs('Wed, 25 Nov 2026 12:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Wed, 25 Nov 2026 11:59:00 GMT', now), 0);
  });

  it('ignores an absent or unreadable header so the backoff applies', () => {
    assert.equal(retryAfterMs(null, now), undefined);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs('-5', now), undefined);
    assert.equal(retryAfterMs('1.5', now), undefined);
    assert.equal(retryAfterMs('', now), undefined);
    assert.equal(retryAfterMs('2026-11-25', now), undefined);
  });

  it('reads the obsolete date forms recipients must still accept (RFC 9110 §5.6.7)', () => {
    assert.equal(retryAfterMs('Wednesday, 25-Nov-26 12:01:00 GMT', now), 60_000);
    assert.equal(retryAfterMs('Wed Nov 25 12:02:00 2026', now) !== undefined, true);
  });

  it('reads an absurdly long number as an endless wait, which the client refuses to sit through', () => {
    assert.equal(retryAfterMs('9'.repeat(400), now), Infinity);
  });
});
