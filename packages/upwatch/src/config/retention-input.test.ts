import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConfigText } from './load-config.js';
import { DEFAULT_RETENTION } from './retention-input.js';

const DAY = 86_400_000;
const parse = (...lines: string[]) => parseConfigText(`${lines.join('\n')}\n`, { env: {}, fileName: 'upwatch.yml' });
const errors = (...lines: string[]) => {
  const result = parse(...lines);
  if (result.ok) assert.fail('expected errors, the config was accepted');
  return result.errors.map((e) => `${e.line}: ${e.path}: ${e.message}`);
};

describe('retention in the config file', () => {
  test('defaults to 30 days of checks; `retention: { checks: … }` sets it, from 1d to 3650d', () => {
    const of = (...lines: string[]) => {
      const result = parse(...lines);
      assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
      return result.config.retention;
    };
    assert.deepEqual(of('monitors: []'), { checksMs: 30 * DAY });
    assert.deepEqual(DEFAULT_RETENTION, { checksMs: 30 * DAY });
    assert.deepEqual(of('retention:', '  checks: 90d'), { checksMs: 90 * DAY });
    assert.deepEqual(of('retention: { checks: 1d }'), { checksMs: DAY });
    assert.deepEqual(of('retention: { checks: 3650d }'), { checksMs: 3650 * DAY });
    assert.deepEqual(of('retention:'), { checksMs: 30 * DAY });
  });

  test('a wrong value or key is an error that names the field and its line', () => {
    assert.deepEqual(errors('monitors: []', 'retention:', '  checks: 12h'), ['3: retention.checks: must be at least 1d']);
    assert.deepEqual(errors('retention:', '  checks: 3651d'), ['2: retention.checks: must be at most 3650d']);
    assert.deepEqual(errors('retention:', '  checks: 30'), ['2: retention.checks: must be a duration such as 30s, 5m or 1h; a bare number has no unit: write 30s for 30 seconds or 30ms for milliseconds']);
    assert.deepEqual(errors('retention:', '  check: 30d'), ['2: retention.check: "check" is not a retention key; did you mean "checks"?']);
    assert.deepEqual(errors('retention: 30d'), ['1: retention: must be a map such as "retention: { checks: 30d }"']);
    assert.deepEqual(errors('retentoin: { checks: 30d }'), ['1: retentoin: "retentoin" is not a top-level key; did you mean "retention"?']);
  });
});
