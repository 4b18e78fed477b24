import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { SlackConfigSchema, slackConfigFrom } from './slack-config.js';

const SECRET_URL = 'https://hooks.slack.com/services/T0SECRET1/B0SECRET2/tokenTOKENtoken';

describe('slack config', () => {
  test('defaults: 10s timeout; the URL is kept as given, trimmed', () => {
    assert.deepEqual(slackConfigFrom({ type: 'slack', url: ` ${SECRET_URL} ` }, 'team'), {
      ok: true,
      config: { type: 'slack', name: 'team', url: SECRET_URL, timeoutMs: 10_000 },
    });
    const custom = slackConfigFrom({ type: 'slack', url: SECRET_URL, timeout: '30s' }, 'team');
    assert.ok(custom.ok && custom.config.timeoutMs === 30_000);
  });

  test('every problem is named by its key', () => {
    assert.deepEqual(slackConfigFrom({ type: 'slack', url: 'hooks.slack.com/services/T0SECRET1/B0SECRET2/tokenTOKENtoken', timeout: 'soon' }, 'team'), {
      ok: false,
      errors: [
        { key: 'url', message: 'must be an http:// or https:// URL, such as https://hooks.slack.com/services/T…/B…/…' },
        { key: 'timeout', message: 'must be a duration such as 10s, 30s or 1m' },
      ],
    });
  });

  test('an empty URL reads as an unset variable, not as a malformed URL', () => {
    assert.deepEqual(slackConfigFrom({ type: 'slack', url: '' }, 'team'), {
      ok: false,
      errors: [{ key: 'url', message: "is empty: set it to the Slack app's incoming webhook URL (an unset ${VAR} reads as empty)" }],
    });
  });

  test('no error repeats the webhook URL or its token', () => {
    const result = slackConfigFrom({ type: 'slack', url: 'ftp://hooks.slack.com/services/T0SECRET1/B0SECRET2/tokenTOKENtoken', timeout: '9m' }, 'team');
    assert.ok(!result.ok);
    assert.equal(result.errors.length, 2);
    for (const error of result.errors) assert.doesNotMatch(error.message, /SECRET|tokenTOKEN/);
  });

  test('the schema takes the issue\'s keys and refuses others', () => {
    assert.ok(Value.Check(SlackConfigSchema, { type: 'slack', url: '${SLACK_WEBHOOK_URL}' }));
    assert.ok(Value.Check(SlackConfigSchema, { type: 'slack', url: SECRET_URL, timeout: '5s' }));
    assert.equal(Value.Check(SlackConfigSchema, { type: 'slack' }), false);
    assert.equal(Value.Check(SlackConfigSchema, { type: 'slack', url: SECRET_URL, channel: '#ops' }), false);
    for (const key of ['type', 'url', 'timeout'] as const) assert.ok(SlackConfigSchema.properties[key].description, `${key} has a description`);
  });
});
