import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSetupToken } from './setup-token.js';

test('the setup token matches only itself, is claimed once at a time, comes back when a setup fails, and dies when retired', () => {
  const setup = createSetupToken();
  const value = setup.value!;
  assert.match(value, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(createSetupToken().value === value, false);
  assert.equal(setup.matches(value), true);
  assert.equal(setup.matches(`${value}x`), false);
  assert.equal(setup.matches(undefined), false);
  assert.equal(setup.claim(value), true);
  assert.equal(setup.claim(value), false, 'a second setup at the same moment');
  assert.equal(setup.matches(value), false);
  setup.release();
  assert.equal(setup.claim(value), true);
  setup.retire();
  setup.release();
  assert.equal(setup.value, null);
  assert.equal(setup.matches(value), false);
  assert.equal(setup.claim(value), false);
});
