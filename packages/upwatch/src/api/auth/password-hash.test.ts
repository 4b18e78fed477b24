import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { test } from 'node:test';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './password-hash.js';

test('a password hash is self-describing scrypt with a random salt, and verifies only its own password', async () => {
  const hash = await hashPassword('correct horse battery staple');
  const [scheme, n, r, p, salt, key] = hash.split('$');
  assert.deepEqual([scheme, n, r, p], ['scrypt', '32768', '8', '1']);
  assert.equal(Buffer.from(salt!, 'base64').length, 16);
  assert.equal(Buffer.from(key!, 'base64').length, 32);
  assert.notEqual(await hashPassword('correct horse battery staple'), hash, 'a new salt each time');
  assert.equal(await verifyPassword('correct horse battery staple', hash), true);
  assert.equal(await verifyPassword('correct horse battery stapler', hash), false);
  assert.equal(await verifyPassword('', hash), false);
});

test('a hash of another cost still verifies; a malformed or absurd one is false, never a throw', async () => {
  const salt = Buffer.from('0123456789abcdef');
  const cheap = `scrypt$1024$8$1$${salt.toString('base64')}$${scryptSync('pw-of-old', salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64')}`;
  assert.equal(await verifyPassword('pw-of-old', cheap), true);
  for (const bad of ['', 'plain text', 'scrypt$1000$8$1$c2FsdA==$aGFzaA==', `scrypt$${2 ** 30}$8$1$c2FsdA==$${'A'.repeat(44)}`, 'bcrypt$1$2$3$4$5']) {
    assert.equal(await verifyPassword('x', bad), false, bad);
  }
});

test('checking a password against no user takes scrypt work too, and fails', async () => {
  assert.equal(await verifyAgainstNothing('anything'), false);
  const started = performance.now();
  await verifyAgainstNothing('anything');
  const real = await hashPassword('x');
  const startedReal = performance.now();
  await verifyPassword('y', real);
  const realMs = performance.now() - startedReal;
  assert.ok(startedReal - started > realMs / 4, 'in the order of a real verification');
});
