import type { Alert } from '../core/alert.js';
import { VERSION } from '../version.js';
import { alertContent, type AlertContent } from './alert-content.js';
import { createDeliveryClient } from './delivery-client.js';
import type { Notifier, NotifierDeps, SendContext, SendResult } from './notifier.js';
import { postDelivery } from './post-delivery.js';
import { urlSecrets, withoutSecrets } from './redact-secrets.js';

/** A chat channel reached by posting JSON to a URL that is itself the credential. */
export interface WebhookUrlChannel {
  type: string;
  url: string;
  timeoutMs: number;
  /** The channel's own layout of the alert (Block Kit, an embed, an Adaptive Card). */
  render(content: AlertContent, alert: Alert): unknown;
}

/**
 * Posts each alert, laid out for its channel, to the channel's webhook URL: what Slack, Discord
 * and Teams share. The URL is masked in every error, since a receiver may echo the request line.
 * @example createWebhookUrlNotifier('team', { type: 'slack', url, timeoutMs: 10_000, render: slackPayload }, deps)
 */
export function createWebhookUrlNotifier(name: string, channel: WebhookUrlChannel, deps: NotifierDeps): Notifier {
  const client = deps.client ?? createDeliveryClient(channel.timeoutMs);
  const secrets = urlSecrets(channel.url);
  return {
    name,
    type: channel.type,
    async send(alert: Alert, context: SendContext): Promise<SendResult> {
      const result = await postDelivery(client, {
        url: channel.url,
        // The charset is stated: senders to Teams webhooks have seen a body without one counted as
        // UTF-16, which halves the room under its 28 KB cap.
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': `upwatch/${VERSION}` },
        body: JSON.stringify(channel.render(alertContent(alert, { publicUrl: deps.publicUrl }), alert)),
        // These services ignore the key; it is what lets the delivery client retry a blip of this POST.
        idempotencyKey: `${alert.id}:${name}`,
        signal: context.signal,
      });
      return withoutSecrets(result, secrets);
    },
  };
}
