import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { DiscordConfigSchema, discordConfigFrom } from './discord-config.js';

const SECRET_URL = 'https://discord.com/api/webhooks/112233445566778899/tokenTOKENsecret-abc';

describe('discord config', () => {
  test('defaults: 10s timeout; the URL is kept as given, trimmed, a thread_id included', () => {
    assert.deepEqual(discordConfigFrom({ type: 'discord', url: ` ${SECRET_URL}?thread_id=42 ` }, 'chat'), {
      ok: true,
      config: { type: 'discord', name: 'chat', url: `${SECRET_URL}?thread_id=42`, timeoutMs: 10_000 },
    });
    const custom = discordConfigFrom({ type: 'discord', url: SECRET_URL, timeout: '1m' }, 'chat');
    assert.ok(custom.ok && custom.config.timeoutMs === 60_000);
  });

  test('every problem is named by its key', () => {
    assert.deepEqual(discordConfigFrom({ type: 'discord', url: 'discord.com/api/webhooks/1/x', timeout: '0s' }, 'chat'), {
      ok: false,
      errors: [
        { key: 'url', message: 'must be an http:// or https:// URL, such as https://discord.com/api/webhooks/<id>/<token>' },
        { key: 'timeout', message: 'must be longer than 0 and at most 5m' },
      ],
    });
  });

  test('an empty URL reads as an unset variable', () => {
    assert.deepEqual(discordConfigFrom({ type: 'discord', url: '  ' }, 'chat'), {
      ok: false,
      errors: [{ key: 'url', message: "is empty: set it to the Discord channel's webhook URL (an unset ${VAR} reads as empty)" }],
    });
  });

  test("the Slack- and GitHub-compatible endpoints are refused: they would reject every embed", () => {
    for (const suffix of ['slack', 'github']) {
      const result = discordConfigFrom({ type: 'discord', url: `${SECRET_URL}/${suffix}` }, 'chat');
      assert.deepEqual(result, {
        ok: false,
        errors: [{ key: 'url', message: `ends in /${suffix}, Discord's ${suffix}-compatible endpoint: remove it, upwatch sends Discord's own embed format` }],
      });
    }
  });

  test('no error repeats the webhook URL or its token', () => {
    for (const url of [`${SECRET_URL}/slack`, SECRET_URL.replace('https:', 'wss:')]) {
      const result = discordConfigFrom({ type: 'discord', url }, 'chat');
      assert.ok(!result.ok);
      for (const error of result.errors) assert.doesNotMatch(error.message, /tokenTOKEN|112233445566778899/);
    }
  });

  test("the schema takes the issue's keys, each described, and refuses others", () => {
    assert.ok(Value.Check(DiscordConfigSchema, { type: 'discord', url: '${DISCORD_WEBHOOK_URL}' }));
    assert.ok(Value.Check(DiscordConfigSchema, { type: 'discord', url: SECRET_URL, timeout: '5s' }));
    assert.equal(Value.Check(DiscordConfigSchema, { type: 'discord' }), false);
    assert.equal(Value.Check(DiscordConfigSchema, { type: 'discord', url: SECRET_URL, username: 'bot' }), false);
    for (const key of ['type', 'url', 'timeout'] as const) assert.ok(DiscordConfigSchema.properties[key].description, `${key} has a description`);
  });
});
