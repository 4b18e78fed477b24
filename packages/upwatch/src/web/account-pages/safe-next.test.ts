import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeNext } from './safe-next.js';

test('next after a login: a path of this site, or else /', () => {
  assert.equal(safeNext('/monitors/abc?tab=checks#top'), '/monitors/abc?tab=checks#top');
  assert.equal(safeNext('/status/main'), '/status/main');
  for (const bad of [undefined, 42, '', 'monitors', '//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/\t/evil.example', '/login?next=/x', '/logout', '/setup', '/a/../login', '/.//evil.example/', '/..//evil.example', '/%2e//evil.example', '/a/..//evil.example']) {
    assert.equal(safeNext(bad), '/', String(bad));
  }
});
