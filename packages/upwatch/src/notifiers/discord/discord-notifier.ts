import type { Notifier, NotifierDeps } from '../notifier.js';
import { createWebhookUrlNotifier } from '../webhook-url-notifier.js';
import type { DiscordConfig } from './discord-config.js';
import { discordPayload } from './discord-payload.js';

/**
 * Executes the Discord webhook with `?wait=true`. Without it Discord answers 204 before the message
 * is saved, and "a message that is not saved does not return an error": an alert could be lost while
 * the delivery log says delivered. With it, a 200 means the message is in the channel, and a refusal
 * comes back as a status (400 Invalid Form Body, 404 Unknown Webhook, 429 with Retry-After).
 * @example createDiscordNotifier('chat', config, { publicUrl: 'https://upwatch.example.com' })
 */
export function createDiscordNotifier(name: string, config: DiscordConfig, deps: NotifierDeps): Notifier {
  const url = new URL(config.url);
  url.searchParams.set('wait', 'true');
  const target = url.toString();
  return createWebhookUrlNotifier(name, { type: 'discord', url: target, timeoutMs: config.timeoutMs, render: discordPayload }, deps);
}
