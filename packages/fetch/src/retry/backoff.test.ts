import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETRY } from '../options.js';
import { seededRandom } from '../test-support/scripted-server.js';
import { backoffDelay } from './backoff.js';

const SEEDS = 2000;

describe('backoffDelay', () => {
  it('stays within ±20 % of 1 s, 2 s, 4 s … and under the cap, for every seed', () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = seededRandom(seed);
      for (let retry = 1; retry <= 10; retry++) {
        const nominal = Math.min(DEFAULT_RETRY.maxDelayMs, 1000 * 2 ** (retry - 1));
        const delay = backoffDelay(retry, DEFAULT_RETRY, random);
        assert.ok(delay >= Math.floor(nominal * 0.8), `seed ${seed} retry ${retry}: ${delay} < ${nominal * 0.8}`);
        assert.ok(delay <= Math.min(DEFAULT_RETRY.maxDelayMs, Math.ceil(nominal * 1.2)), `seed ${seed} retry ${retry}: ${delay} too long`);
      }
    }
  });

  it('keeps the order 1 s < 2 s < 4 s whatever the jitter draws', () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = seededRandom(seed);
      const waits = [1, 2, 3].map((retry) => backoffDelay(retry, DEFAULT_RETRY, random));
      assert.ok(waits[0]! < waits[1]! && waits[1]! < waits[2]!, `seed ${seed}: ${waits.join(', ')}`);
    }
  });

  it('spreads the waits rather than repeating one value', () => {
    const random = seededRandom(7);
    const waits = new Set(Array.from({ length: 200 }, () => backoffDelay(1, DEFAULT_RETRY, random)));
    assert.ok(waits.size > 100, `only ${waits.size} distinct waits`);
    const values = [...waits];
    assert.ok(Math.min(...values) < 850 && Math.max(...values) > 1150, 'the spread should reach near both ends of ±20 %');
  });

  it('full jitter draws between 0 and the capped exponential wait', () => {
    const options = { ...DEFAULT_RETRY, jitter: 'full' as const, maxDelayMs: 5000 };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = seededRandom(seed);
      for (let retry = 1; retry <= 8; retry++) {
        const delay = backoffDelay(retry, options, random);
        assert.ok(delay >= 0 && delay <= Math.min(5000, 1000 * 2 ** (retry - 1)), `seed ${seed} retry ${retry}: ${delay}`);
      }
    }
  });

  it('never waits past the cap, even where the jitter would push it over', () => {
    const options = { ...DEFAULT_RETRY, maxDelayMs: 3000 };
    for (let seed = 1; seed <= SEEDS; seed++) {
      assert.ok(backoffDelay(2, options, seededRandom(seed)) <= 2400);
      assert.ok(backoffDelay(3, options, seededRandom(seed)) <= 3000);
      assert.ok(backoffDelay(3, options, seededRandom(seed)) >= 2400, 'the cap is spread downward only');
    }
  });

  it('follows the factor and base it is given, with no jitter', () => {
    const options = { baseDelayMs: 250, factor: 3, maxDelayMs: 10_000, jitter: 0 };
    assert.deepEqual([1, 2, 3, 4, 5].map((r) => backoffDelay(r, options, Math.random)), [250, 750, 2250, 6750, 10_000]);
  });
});
