import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { TelegramConfigSchema, telegramConfigFrom } from './telegram-config.js';

const TOKEN = '123456789:AAE-secret_Token';

describe('telegram config', () => {
  test('defaults: the public Bot API, 10s timeout; a numeric chat id becomes text', () => {
    assert.deepEqual(telegramConfigFrom({ type: 'telegram', bot_token: TOKEN, chat_id: -1001234567890 }, 'phone'), {
      ok: true,
      config: { type: 'telegram', name: 'phone', botToken: TOKEN, chatId: '-1001234567890', url: 'https://api.telegram.org', timeoutMs: 10_000 },
    });
  });

  test('a url override loses its trailing slash; a @channel is a chat id too', () => {
    const result = telegramConfigFrom({ type: 'telegram', bot_token: TOKEN, chat_id: '@ops_alerts', url: 'http://127.0.0.1:8081/', timeout: '5s' }, 'phone');
    assert.ok(result.ok);
    assert.equal(result.config.url, 'http://127.0.0.1:8081');
    assert.equal(result.config.chatId, '@ops_alerts');
    assert.equal(result.config.timeoutMs, 5_000);
  });

  test('every problem is named by its key', () => {
    assert.deepEqual(telegramConfigFrom({ type: 'telegram', bot_token: '', chat_id: ' ', url: 'ftp://x', timeout: 'soon' }, 'phone'), {
      ok: false,
      errors: [
        { key: 'bot_token', message: 'is empty: set it to the token @BotFather gave the bot (an unset ${VAR} reads as empty)' },
        { key: 'chat_id', message: 'is empty: set it to the chat id, such as 12345 (an unset ${VAR} reads as empty)' },
        { key: 'url', message: 'must be an http:// or https:// URL, such as https://api.telegram.org' },
        { key: 'timeout', message: 'must be a duration such as 10s, 30s or 1m' },
      ],
    });
  });

  test('a malformed token or chat id is rejected without repeating the token', () => {
    const badToken = '123456789:AAE secret/Token';
    const result = telegramConfigFrom({ type: 'telegram', bot_token: badToken, chat_id: 'ops alerts' }, 'phone');
    assert.ok(!result.ok);
    assert.deepEqual(
      result.errors.map((e) => e.key),
      ['bot_token', 'chat_id'],
    );
    for (const error of result.errors) {
      assert.ok(!error.message.includes(badToken) && !error.message.includes('secret'), `no token in: ${error.message}`);
    }
  });

  test('the schema describes valid input, each key with a description', () => {
    assert.ok(Value.Check(TelegramConfigSchema, { type: 'telegram', bot_token: TOKEN, chat_id: '12345', url: 'https://api.telegram.org', timeout: '10s' }));
    assert.ok(Value.Check(TelegramConfigSchema, { type: 'telegram', bot_token: TOKEN, chat_id: 12345 }));
    assert.equal(Value.Check(TelegramConfigSchema, { type: 'telegram', bot_token: TOKEN }), false, 'chat_id is required');
    assert.equal(Value.Check(TelegramConfigSchema, { type: 'telegram', bot_token: TOKEN, chat_id: '1', token: 'x' }), false, 'unknown keys are refused');
    for (const [key, schema] of Object.entries(TelegramConfigSchema.properties)) {
      if (key !== 'type') assert.equal(typeof schema.description, 'string', key);
    }
  });
});
