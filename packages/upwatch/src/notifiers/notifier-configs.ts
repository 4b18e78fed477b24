import type { TObject } from '@sinclair/typebox';
import { DiscordConfigSchema, discordConfigFrom, type DiscordConfig } from './discord/discord-config.js';
import { EmailConfigSchema, emailConfigFrom, type EmailConfig } from './email/email-config.js';
import { NtfyConfigSchema, ntfyConfigFrom, type NtfyConfig } from './ntfy/ntfy-config.js';
import { OpsgenieConfigSchema, opsgenieConfigFrom, type OpsgenieConfig } from './opsgenie/opsgenie-config.js';
import { PagerDutyConfigSchema, pagerdutyConfigFrom, type PagerDutyConfig } from './pagerduty/pagerduty-config.js';
import { SlackConfigSchema, slackConfigFrom, type SlackConfig } from './slack/slack-config.js';
import { TeamsConfigSchema, teamsConfigFrom, type TeamsConfig } from './teams/teams-config.js';
import { TelegramConfigSchema, telegramConfigFrom, type TelegramConfig } from './telegram/telegram-config.js';
import { WebhookConfigSchema, webhookConfigFrom, type WebhookConfig } from './webhook/webhook-config.js';

/**
 * How each notifier type reads its entry under `notifiers:` in the config file. Adding a provider
 * is a folder with its schema and parsed type, plus one line here and one in notifier-registry.ts;
 * the compiler rejects a type missing from either.
 */
export type NotifierType = 'webhook' | 'slack' | 'discord' | 'teams' | 'telegram' | 'ntfy' | 'pagerduty' | 'opsgenie' | 'email';

/** The parsed config of any notifier; `name` is its key under `notifiers:`. */
export type NotifierConfig = WebhookConfig | SlackConfig | DiscordConfig | TeamsConfig | TelegramConfig | NtfyConfig | PagerDutyConfig | OpsgenieConfig | EmailConfig;

/** Problems name a key of the notifier's entry (`url`, `timeout`), so the loader can point at its line. */
export type NotifierConfigResult<C> = { ok: true; config: C } | { ok: false; errors: Array<{ key: string; message: string }> };

/**
 * How a secret key is hidden when the API shows a notifier: `value` whole; `url` all but its
 * scheme and host (webhook URLs carry their token in the path or query); `map` every value of a
 * map (header values), its keys kept.
 */
export type SecretShape = 'value' | 'url' | 'map';

export interface NotifierConfigDefinition<C extends NotifierConfig = NotifierConfig> {
  /** The shape of the entry, `type` included; published in the docs and checked by the loader. */
  schema: TObject;
  /** Input that passed the schema to the parsed config: defaults and the checks a schema cannot express. */
  toConfig(input: never, name: string): NotifierConfigResult<C>;
  /** The entry's keys that hold secrets (`smtp.pass` for a nested one), which the API never shows. */
  secrets: Readonly<Record<string, SecretShape>>;
}

// A new key that holds a secret must be listed in its type's `secrets`, or the API shows it.
// The ntfy topic is not listed: it names where alerts go and is shown to pick it on a phone.
export const notifierConfigSchemas = {
  webhook: { schema: WebhookConfigSchema, toConfig: webhookConfigFrom, secrets: { url: 'url', headers: 'map', secret: 'value' } },
  slack: { schema: SlackConfigSchema, toConfig: slackConfigFrom, secrets: { url: 'url' } },
  discord: { schema: DiscordConfigSchema, toConfig: discordConfigFrom, secrets: { url: 'url' } },
  teams: { schema: TeamsConfigSchema, toConfig: teamsConfigFrom, secrets: { url: 'url' } },
  telegram: { schema: TelegramConfigSchema, toConfig: telegramConfigFrom, secrets: { bot_token: 'value' } },
  ntfy: { schema: NtfyConfigSchema, toConfig: ntfyConfigFrom, secrets: { token: 'value' } },
  pagerduty: { schema: PagerDutyConfigSchema, toConfig: pagerdutyConfigFrom, secrets: { routing_key: 'value' } },
  opsgenie: { schema: OpsgenieConfigSchema, toConfig: opsgenieConfigFrom, secrets: { api_key: 'value' } },
  email: { schema: EmailConfigSchema, toConfig: emailConfigFrom, secrets: { 'smtp.pass': 'value' } },
} satisfies { [T in NotifierType]: NotifierConfigDefinition<Extract<NotifierConfig, { type: T }>> };

export const NOTIFIER_TYPES = Object.keys(notifierConfigSchemas) as NotifierType[];
