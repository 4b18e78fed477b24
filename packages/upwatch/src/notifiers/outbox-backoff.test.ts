import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { outboxBackoffMs } from './outbox-backoff.js';

/** mulberry32, so a failing case can be replayed from its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('outbox backoff', () => {
  const cap = 5 * 60_000;

  test('full jitter: between half a second and 1 s, 2 s, 4 s … capped, for every seed', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const random = seeded(seed);
      for (let attempt = 1; attempt <= 20; attempt++) {
        const wait = outboxBackoffMs(attempt, undefined, random, cap);
        assert.ok(wait >= 500 && wait <= Math.max(500, Math.min(cap, 1000 * 2 ** (attempt - 1))), `seed ${seed} attempt ${attempt}: ${wait}`);
      }
    }
  });

  test('spreads the waits over the whole range', () => {
    const random = seeded(3);
    const waits = Array.from({ length: 500 }, () => outboxBackoffMs(8, undefined, random, cap));
    assert.ok(Math.min(...waits) < 20_000 && Math.max(...waits) > 110_000, `${Math.min(...waits)}..${Math.max(...waits)}`);
  });

  test("never sooner than the receiver's Retry-After, and never past the cap", () => {
    assert.equal(outboxBackoffMs(1, 30_000, () => 0.5, cap), 30_000);
    assert.equal(outboxBackoffMs(1, 86_400_000, () => 0.5, cap), cap);
    assert.equal(outboxBackoffMs(30, undefined, () => 0.999, cap), Math.round(0.999 * cap));
  });
});
