import { Type, type Static } from '@sinclair/typebox';
import type { NotifierConfigResult } from '../notifier-configs.js';
import { httpUrlFrom, requiredFrom, timeoutFrom, type NotifierConfigError } from '../notifier-config-checks.js';

export const TELEGRAM_API_URL = 'https://api.telegram.org';

/** `type: telegram` in the config file: a bot posts each alert to one chat. */
export const TelegramConfigSchema = Type.Object(
  {
    type: Type.Literal('telegram'),
    bot_token: Type.String({
      description: 'the token @BotFather gave the bot, such as 123456789:AAE… (a secret: set it from the environment)',
      examples: ['${TG_TOKEN}'],
    }),
    chat_id: Type.Union([Type.String(), Type.Integer()], {
      description: 'the chat to post in: a numeric id such as 12345 (a group is negative, e.g. -1001234567890) or a public @channelname',
      examples: ['12345', '@ops_alerts'],
    }),
    url: Type.Optional(
      Type.String({ description: 'the Bot API server, https://api.telegram.org by default (or a self-hosted Bot API server)', examples: ['https://api.telegram.org'] }),
    ),
    timeout: Type.Optional(Type.String({ description: 'a duration such as 10s (the default)', examples: ['10s'] })),
  },
  { additionalProperties: false },
);

export type TelegramConfigInput = Static<typeof TelegramConfigSchema>;

export interface TelegramConfig {
  type: 'telegram';
  name: string;
  /** Part of the request path, so it must never reach an error message or a log line. */
  botToken: string;
  /** Always text: Telegram takes either, and a group id does not fit every JSON reader as a number. */
  chatId: string;
  /** The Bot API base, without a trailing slash. */
  url: string;
  timeoutMs: number;
}

// The form @BotFather hands out. Checked here so a pasted token with a stray character fails at
// load time, not as a 404 at the first outage; the message never repeats the token.
const BOT_TOKEN = /^\d+:[A-Za-z0-9_-]+$/;
const CHAT_ID = /^(-?\d+|@[A-Za-z0-9_]+)$/;

/**
 * Checks what the schema cannot say (the token's form, the chat id's form, the URL) and applies defaults.
 * @example telegramConfigFrom({ type: 'telegram', bot_token: '123:abc', chat_id: 12345 }, 'phone').config.chatId // '12345'
 */
export function telegramConfigFrom(input: TelegramConfigInput, name: string): NotifierConfigResult<TelegramConfig> {
  const errors: NotifierConfigError[] = [];
  const botToken = requiredFrom('bot_token', input.bot_token, errors, 'the token @BotFather gave the bot');
  if (botToken !== '' && !BOT_TOKEN.test(botToken)) {
    errors.push({ key: 'bot_token', message: 'must look like 123456789:AAE… (digits, a colon, then letters, digits, - and _), as @BotFather gives it' });
  }
  const chatId = String(input.chat_id).trim();
  if (chatId === '') errors.push({ key: 'chat_id', message: 'is empty: set it to the chat id, such as 12345 (an unset ${VAR} reads as empty)' });
  else if (!CHAT_ID.test(chatId)) errors.push({ key: 'chat_id', message: 'must be a numeric chat id such as 12345 or -1001234567890, or a public @channelname' });
  const url = input.url === undefined ? TELEGRAM_API_URL : httpUrlFrom('url', input.url, errors, TELEGRAM_API_URL).replace(/\/+$/, '');
  const timeoutMs = timeoutFrom(input.timeout, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { type: 'telegram', name, botToken, chatId, url, timeoutMs } };
}
