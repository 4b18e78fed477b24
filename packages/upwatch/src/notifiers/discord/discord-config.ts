import { Type, type Static } from '@sinclair/typebox';
import type { NotifierConfigResult } from '../notifier-configs.js';
import { httpUrlFrom, requiredFrom, timeoutFrom, type NotifierConfigError } from '../notifier-config-checks.js';

/** `type: discord` in the config file: executes a Discord webhook with one embed per alert. */
export const DiscordConfigSchema = Type.Object(
  {
    type: Type.Literal('discord', { description: 'posts alerts to a Discord channel through a webhook, as an embed' }),
    url: Type.String({
      description:
        "the webhook URL from the channel's Integrations > Webhooks (https://discord.com/api/webhooks/<id>/<token>); it is a secret, so pass it as ${VAR}. A ?thread_id= in it is kept",
      examples: ['${DISCORD_WEBHOOK_URL}'],
    }),
    timeout: Type.Optional(Type.String({ description: 'a duration such as 10s (the default)', examples: ['10s'] })),
  },
  { additionalProperties: false },
);

export type DiscordConfigInput = Static<typeof DiscordConfigSchema>;

export interface DiscordConfig {
  type: 'discord';
  name: string;
  /** Holds the webhook's token in its path: never put it in a message or a log line. */
  url: string;
  timeoutMs: number;
}

/**
 * Checks what the schema cannot say (a URL that is set, parses and is the native endpoint) and applies defaults.
 * @example discordConfigFrom({ type: 'discord', url: 'https://discord.com/api/webhooks/1/abc' }, 'chat').config.timeoutMs // 10000
 */
export function discordConfigFrom(input: DiscordConfigInput, name: string): NotifierConfigResult<DiscordConfig> {
  const errors: NotifierConfigError[] = [];
  const url = urlFrom(input.url, errors);
  const timeoutMs = timeoutFrom(input.timeout, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { type: 'discord', name, url, timeoutMs } };
}

// No message repeats the value: it is the secret.
function urlFrom(value: string, errors: NotifierConfigError[]): string {
  if (value.trim() === '') return requiredFrom('url', value, errors, "the Discord channel's webhook URL");
  const before = errors.length;
  const url = httpUrlFrom('url', value, errors, 'https://discord.com/api/webhooks/<id>/<token>');
  if (errors.length > before) return url;
  // Discord's /slack and /github variants of a webhook take those services' formats, not an embed:
  // pointed there, every alert would be refused with a 400.
  const suffix = /\/(slack|github)\/?$/.exec(new URL(url).pathname)?.[1];
  if (suffix) errors.push({ key: 'url', message: `ends in /${suffix}, Discord's ${suffix}-compatible endpoint: remove it, upwatch sends Discord's own embed format` });
  return url;
}
