import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RollingWindowBreaker } from './rolling-window-breaker.js';

describe('RollingWindowBreaker', () => {
  function breakerAt(times: { now: number }): RollingWindowBreaker {
    return new RollingWindowBreaker(3, 1000, () => times.now);
  }

  it('opens on the threshold-th failure inside the window', () => {
    const times = { now: 0 };
    const breaker = breakerAt(times);
    assert.equal(breaker.failure(), false);
    times.now = 400;
    assert.equal(breaker.failure(), false);
    times.now = 900;
    assert.equal(breaker.failure(), true);
  });

  it('forgets failures older than the window', () => {
    const times = { now: 0 };
    const breaker = breakerAt(times);
    breaker.failure();
    breaker.failure();
    times.now = 1500;
    assert.equal(breaker.failure(), false, 'the first two fell out of the window');
    times.now = 1600;
    assert.equal(breaker.failure(), false);
    assert.equal(breaker.failure(), true);
  });

  it('does not let successes in between hide a failing origin', () => {
    const times = { now: 0 };
    const breaker = breakerAt(times);
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.success();
    assert.equal(breaker.failure(), true);
  });

  it('starts a fresh count after opening, and round-trips its state', () => {
    const times = { now: 0 };
    const breaker = breakerAt(times);
    breaker.failure();
    breaker.failure();
    assert.equal(breaker.failure(), true);
    assert.equal(breaker.failure(), false);
    const copy = breakerAt(times);
    copy.state = breaker.state;
    assert.equal(copy.failure(), false, 'one carried over plus this one: two');
    assert.equal(copy.failure(), true, 'three in the window');
  });
});
