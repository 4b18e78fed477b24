import type { Alert } from '../../core/alert.js';
import { createDeliveryClient } from '../delivery-client.js';
import type { Notifier, NotifierDeps, SendContext, SendResult } from '../notifier.js';
import { postDelivery } from '../post-delivery.js';
import type { WebhookConfig } from './webhook-config.js';
import { webhookPayload } from './webhook-payload.js';
import { webhookSignature } from './webhook-signature.js';

/**
 * POSTs the alert as JSON. The delivery id and attempt go in headers so a receiver can drop a
 * duplicate: delivery is at least once, and exactly once for any receiver that checks the id.
 * With a `secret`, each request is signed so the receiver can check it came from us.
 */
export function createWebhookNotifier(name: string, config: WebhookConfig, deps: NotifierDeps): Notifier {
  const client = deps.client ?? createDeliveryClient(config.timeoutMs);
  return {
    name,
    type: 'webhook',
    send(alert: Alert, context: SendContext): Promise<SendResult> {
      const body = JSON.stringify(webhookPayload(alert, { publicUrl: deps.publicUrl }));
      const headers: Record<string, string> = {
        'user-agent': 'upwatch-webhook/0.1',
        ...config.headers,
        'content-type': 'application/json',
        'x-upwatch-event': alert.type,
        'x-upwatch-delivery': String(context.deliveryId),
        'x-upwatch-alert-id': alert.id,
        'x-upwatch-attempt': String(context.attempt),
      };
      if (config.secret !== null) {
        const timestamp = Math.floor(Date.now() / 1000);
        headers['x-upwatch-timestamp'] = String(timestamp);
        headers['x-upwatch-signature'] = webhookSignature(config.secret, timestamp, body);
      }
      return postDelivery(client, { url: config.url, headers, body, idempotencyKey: `${alert.id}:${name}`, signal: context.signal });
    },
  };
}
