import type { ResilientFetch } from '@upwatch/fetch';
import type { Alert } from '../../core/alert.js';
import { createDeliveryClient } from '../delivery-client.js';
import type { Notifier, SendContext, SendResult } from '../notifier.js';
import { postDelivery } from '../post-delivery.js';
import type { WebhookConfig } from './webhook-config.js';
import { webhookPayload } from './webhook-payload.js';

/**
 * POSTs the alert as JSON. The delivery id and attempt go in headers so a receiver can drop a
 * duplicate: delivery is at least once, and exactly once for any receiver that checks the id.
 */
export function createWebhookNotifier(name: string, config: WebhookConfig, client: ResilientFetch = createDeliveryClient(config.timeoutMs)): Notifier {
  return {
    name,
    type: 'webhook',
    send(alert: Alert, context: SendContext): Promise<SendResult> {
      return postDelivery(client, {
        url: config.url,
        headers: {
          'user-agent': 'upwatch-webhook/0.1',
          ...config.headers,
          'content-type': 'application/json',
          'x-upwatch-event': alert.type,
          'x-upwatch-delivery': String(context.deliveryId),
          'x-upwatch-alert-id': alert.id,
          'x-upwatch-attempt': String(context.attempt),
        },
        body: JSON.stringify(webhookPayload(alert)),
        idempotencyKey: `${alert.id}:${name}`,
        signal: context.signal,
      });
    },
  };
}
