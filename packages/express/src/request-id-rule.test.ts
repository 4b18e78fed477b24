import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWellFormedRequestId, pickRequestId } from './request-id-rule.js';

test('well formed: 1 to 128 of letters, digits, . _ : -', () => {
  for (const good of ['a', 'caller-123', '3f1c9a2e-5d4b-4e8a-9c7f-1b2d3e4f5a6b', 'lb:1.2_3', 'x'.repeat(128)]) {
    assert.equal(isWellFormedRequestId(good), true, good);
  }
  for (const bad of ['', 'x'.repeat(129), '<script>', 'a b', 'a\nb', 'a"b', 'caf\u00e9', 'a/b', 42, undefined, ['a']]) {
    assert.equal(isWellFormedRequestId(bad), false, String(bad));
  }
});

test('pickRequestId keeps a well-formed id, else generates; a repeated header is never trusted', () => {
  const generate = (): string => 'generated';
  assert.equal(pickRequestId('caller-1', generate), 'caller-1');
  assert.equal(pickRequestId('<script>', generate), 'generated');
  assert.equal(pickRequestId(undefined, generate), 'generated');
  assert.equal(pickRequestId(['a', 'b'], generate), 'generated');
  assert.match(pickRequestId(undefined), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(pickRequestId(undefined), pickRequestId(undefined));
});
