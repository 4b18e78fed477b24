import type { NotifierConfig, NotifierType } from './notifier-configs.js';
import type { Notifier, NotifierDeps } from './notifier.js';
import { createDiscordNotifier } from './discord/discord-notifier.js';
import { createEmailNotifier } from './email/email-notifier.js';
import { createNtfyNotifier } from './ntfy/ntfy-notifier.js';
import { createOpsgenieNotifier } from './opsgenie/opsgenie-notifier.js';
import { createPagerDutyNotifier } from './pagerduty/pagerduty-notifier.js';
import { createSlackNotifier } from './slack/slack-notifier.js';
import { createTeamsNotifier } from './teams/teams-notifier.js';
import { createTelegramNotifier } from './telegram/telegram-notifier.js';
import { createWebhookNotifier } from './webhook/webhook-notifier.js';

type FactoryFor<T extends NotifierType> = (name: string, config: Extract<NotifierConfig, { type: T }>, deps: NotifierDeps) => Notifier;

/** Every notifier type and how to build it; a type missing here fails to compile. */
const notifierFactories: { [T in NotifierType]: FactoryFor<T> } = {
  webhook: createWebhookNotifier,
  slack: createSlackNotifier,
  discord: createDiscordNotifier,
  teams: createTeamsNotifier,
  telegram: createTelegramNotifier,
  ntfy: createNtfyNotifier,
  pagerduty: createPagerDutyNotifier,
  opsgenie: createOpsgenieNotifier,
  email: createEmailNotifier,
};

/** Builds the notifiers of a config. */
export function createNotifiers(configs: ReadonlyMap<string, NotifierConfig>, deps: NotifierDeps): Map<string, Notifier> {
  const notifiers = new Map<string, Notifier>();
  for (const [name, config] of configs) {
    const factory = notifierFactories[config.type] as FactoryFor<typeof config.type>;
    notifiers.set(name, factory(name, config, deps));
  }
  return notifiers;
}
