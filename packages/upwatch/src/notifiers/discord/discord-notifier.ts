import type { Alert } from '../../core/alert.js';
import { VERSION } from '../../version.js';
import { alertContent } from '../alert-content.js';
import { createDeliveryClient } from '../delivery-client.js';
import type { Notifier, NotifierDeps, SendContext, SendResult } from '../notifier.js';
import { urlSecrets, withoutSecrets } from '../redact-secrets.js';
import { postDelivery } from '../post-delivery.js';
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
  const client = deps.client ?? createDeliveryClient(config.timeoutMs);
  const url = new URL(config.url);
  url.searchParams.set('wait', 'true');
  const target = url.toString();
  return {
    name,
    type: 'discord',
    async send(alert: Alert, context: SendContext): Promise<SendResult> {
      const body = JSON.stringify(discordPayload(alertContent(alert, { publicUrl: deps.publicUrl }), alert));
      const result = await postDelivery(client, {
        url: target,
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': `upwatch/${VERSION}` },
        body,
        // Discord ignores the key; it is what lets the delivery client retry a blip of this POST.
        idempotencyKey: `${alert.id}:${name}`,
        signal: context.signal,
      });
      return withoutSecrets(result, urlSecrets(target));
    },
  };
}
