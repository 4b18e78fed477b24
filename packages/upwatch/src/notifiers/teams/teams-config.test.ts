import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { TeamsConfigSchema, teamsConfigFrom } from './teams-config.js';

const SECRET_URL =
  'https://prod-12.westus.logic.azure.com:443/workflows/0123abcd/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SIGsecretSIGsecret0123';

describe('teams config', () => {
  test('defaults: 10s timeout; the URL is kept as given, trimmed', () => {
    assert.deepEqual(teamsConfigFrom({ type: 'teams', url: `\t${SECRET_URL} ` }, 'office'), {
      ok: true,
      config: { type: 'teams', name: 'office', url: SECRET_URL, timeoutMs: 10_000 },
    });
    const custom = teamsConfigFrom({ type: 'teams', url: SECRET_URL, timeout: '20s' }, 'office');
    assert.ok(custom.ok && custom.config.timeoutMs === 20_000);
  });

  test('every problem is named by its key', () => {
    assert.deepEqual(teamsConfigFrom({ type: 'teams', url: 'not a url', timeout: '10 seconds' }, 'office'), {
      ok: false,
      errors: [
        { key: 'url', message: 'must be an http:// or https:// URL, such as https://….powerplatform.com/powerautomate/automations/direct/workflows/…' },
        { key: 'timeout', message: 'must be a duration such as 10s, 30s or 1m' },
      ],
    });
  });

  test('an empty URL reads as an unset variable', () => {
    assert.deepEqual(teamsConfigFrom({ type: 'teams', url: '' }, 'office'), {
      ok: false,
      errors: [{ key: 'url', message: "is empty: set it to the Teams workflow's HTTP URL (an unset ${VAR} reads as empty)" }],
    });
  });

  test('no error repeats the URL or its signature', () => {
    const result = teamsConfigFrom({ type: 'teams', url: SECRET_URL.replace('https:', 'teams:'), timeout: '1h' }, 'office');
    assert.ok(!result.ok);
    assert.equal(result.errors.length, 2);
    for (const error of result.errors) assert.doesNotMatch(error.message, /SIGsecret|0123abcd/);
  });

  test("the schema takes the issue's keys, each described, and refuses others", () => {
    assert.ok(Value.Check(TeamsConfigSchema, { type: 'teams', url: '${TEAMS_WORKFLOW_URL}' }));
    assert.ok(Value.Check(TeamsConfigSchema, { type: 'teams', url: SECRET_URL, timeout: '5s' }));
    assert.equal(Value.Check(TeamsConfigSchema, { type: 'teams' }), false);
    assert.equal(Value.Check(TeamsConfigSchema, { type: 'teams', url: SECRET_URL, webhook: SECRET_URL }), false);
    for (const key of ['type', 'url', 'timeout'] as const) assert.ok(TeamsConfigSchema.properties[key].description, `${key} has a description`);
  });
});
