import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../test-support/manual-clock.js';
import { createLoginLimiter } from './login-limiter.js';

const LIMITS = { perUsername: 3, perClient: 5, windowMs: 60_000, maxTracked: 100 };

test('a username is refused after its failures, whatever its case, until its window has passed', async () => {
  const clock = new ManualClock();
  const limiter = createLoginLimiter(clock, LIMITS);
  for (let i = 0; i < 3; i++) assert.deepEqual(limiter.attempt(`10.0.0.${i}`, i % 2 === 0 ? 'admin' : 'ADMIN'), { allowed: true });
  await clock.advance(20_000);
  assert.deepEqual(limiter.attempt('10.0.0.9', 'admin'), { allowed: false, retryAfterMs: 40_000 });
  assert.deepEqual(limiter.attempt('10.0.0.9', 'other'), { allowed: true });
  await clock.advance(40_000);
  assert.deepEqual(limiter.attempt('10.0.0.9', 'admin'), { allowed: true });
});

test('a client address is refused after its failures over any usernames; a success forgives the username only', async () => {
  const clock = new ManualClock();
  const limiter = createLoginLimiter(clock, LIMITS);
  for (let i = 0; i < 5; i++) limiter.attempt('10.0.0.1', `user${i}`);
  assert.equal(limiter.attempt('10.0.0.1', 'fresh').allowed, false);
  assert.equal(limiter.attempt('10.0.0.2', 'fresh').allowed, true);

  limiter.attempt('10.0.0.3', 'ops');
  limiter.attempt('10.0.0.3', 'ops');
  limiter.attempt('10.0.0.3', 'ops');
  limiter.succeeded('10.0.0.3', 'ops');
  limiter.attempt('10.0.0.3', 'ops');
  limiter.attempt('10.0.0.3', 'ops');
  assert.equal(limiter.attempt('10.0.0.4', 'ops').allowed, true, 'two failures since the success');
  // The address: four failed (the attempt that succeeded is not counted), so one more may go.
  assert.equal(limiter.attempt('10.0.0.3', 'other').allowed, true);
  assert.equal(limiter.attempt('10.0.0.3', 'other').allowed, false);
});

test('memory stays bounded under a spray of usernames: the oldest are forgotten first', () => {
  const clock = new ManualClock();
  const limiter = createLoginLimiter(clock, { ...LIMITS, perClient: 1_000_000, maxTracked: 10 });
  for (let i = 0; i < 3; i++) limiter.attempt('10.0.0.1', 'target');
  for (let i = 0; i < 9; i++) limiter.attempt('10.0.0.1', `spray${i}`);
  assert.equal(limiter.attempt('10.0.0.2', 'target').allowed, false, 'ten keys fit');
  limiter.attempt('10.0.0.1', 'one more');
  assert.equal(limiter.attempt('10.0.0.2', 'target').allowed, true, 'the oldest key made room');
});

test('attempts sent together count as they are allowed, before any has failed', () => {
  const limiter = createLoginLimiter(new ManualClock(), LIMITS);
  const verdicts = Array.from({ length: 10 }, (_, i) => limiter.attempt(`10.0.0.${i}`, 'admin').allowed);
  assert.deepEqual(verdicts, [true, true, true, false, false, false, false, false, false, false]);
});
