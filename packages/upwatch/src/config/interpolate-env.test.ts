import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { interpolateEnv } from './interpolate-env.js';

const env = { HOST: '127.0.0.1', PORT: '8080', EMPTY: '', TOKEN: 's3cr3t-value' };
const value = (text: string) => {
  const r = interpolateEnv(text, env);
  if (!r.ok) assert.fail(r.message);
  return r.value;
};

describe('interpolateEnv', () => {
  test('replaces ${VAR}, anywhere in the text, and lists the variables used', () => {
    assert.deepEqual(interpolateEnv('http://${HOST}:${PORT}/health', env), { ok: true, value: 'http://127.0.0.1:8080/health', variables: ['HOST', 'PORT'] });
  });

  test('${VAR:-default} uses the default when the variable is unset or empty', () => {
    assert.equal(value('${NOPE:-fallback}'), 'fallback');
    assert.equal(value('${EMPTY:-fallback}'), 'fallback');
    assert.equal(value('${PORT:-9}'), '8080');
    assert.equal(value('${NOPE:-}'), '');
    assert.equal(value('${NOPE:-http://x:1/a}'), 'http://x:1/a');
  });

  test('$${ is a literal ${, and a lone $ stays', () => {
    assert.equal(value('$${HOST}'), '${HOST}');
    assert.equal(value('price: $5, $$ and $'), 'price: $5, $$ and $');
    assert.deepEqual(interpolateEnv('plain', env), { ok: true, value: 'plain', variables: [] });
  });

  test('a value is inserted as it is, never expanded again', () => {
    assert.deepEqual(interpolateEnv('${A}', { A: '${TOKEN}' }), { ok: true, value: '${TOKEN}', variables: ['A'] });
  });

  test('a missing variable names the variable and how to give a default', () => {
    assert.deepEqual(interpolateEnv('Bearer ${TOKEN} ${API_KEY}', env), {
      ok: false,
      message: 'environment variable API_KEY is not set (set it, or write ${API_KEY:-default} to give a default)',
    });
  });

  test('a malformed reference is an error, not silently kept', () => {
    for (const bad of ['${', '${HOST', '${1X}', '${}', '${A B}']) {
      const r = interpolateEnv(bad, env);
      assert.equal(r.ok, false, bad);
      assert.match(!r.ok ? r.message : '', /is not a variable reference; write \$\{NAME\} or \$\{NAME:-default\}, or \$\$\{ for a literal \$\{/);
    }
  });
});
