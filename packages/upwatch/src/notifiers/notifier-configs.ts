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

export interface NotifierConfigDefinition<C extends NotifierConfig = NotifierConfig> {
  /** The shape of the entry, `type` included; published in the docs and checked by the loader. */
  schema: TObject;
  /** Input that passed the schema to the parsed config: defaults and the checks a schema cannot express. */
  toConfig(input: never, name: string): NotifierConfigResult<C>;
}

export const notifierConfigSchemas = {
  webhook: { schema: WebhookConfigSchema, toConfig: webhookConfigFrom },
  slack: { schema: SlackConfigSchema, toConfig: slackConfigFrom },
  discord: { schema: DiscordConfigSchema, toConfig: discordConfigFrom },
  teams: { schema: TeamsConfigSchema, toConfig: teamsConfigFrom },
  telegram: { schema: TelegramConfigSchema, toConfig: telegramConfigFrom },
  ntfy: { schema: NtfyConfigSchema, toConfig: ntfyConfigFrom },
  pagerduty: { schema: PagerDutyConfigSchema, toConfig: pagerdutyConfigFrom },
  opsgenie: { schema: OpsgenieConfigSchema, toConfig: opsgenieConfigFrom },
  email: { schema: EmailConfigSchema, toConfig: emailConfigFrom },
} satisfies { [T in NotifierType]: NotifierConfigDefinition<Extract<NotifierConfig, { type: T }>> };

export const NOTIFIER_TYPES = Object.keys(notifierConfigSchemas) as NotifierType[];
