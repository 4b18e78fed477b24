import type { Alert } from '../../core/alert.js';
import { alertContent } from '../alert-content.js';
import { createDeliveryClient } from '../delivery-client.js';
import type { Notifier, NotifierDeps, SendContext, SendResult } from '../notifier.js';
import { withoutSecrets } from '../redact-secrets.js';
import { postDelivery } from '../post-delivery.js';
import type { PagerDutyConfig } from './pagerduty-config.js';
import { pagerdutyEvent } from './pagerduty-payload.js';

/**
 * Sends each alert to the Events API v2: an outage triggers a PagerDuty alert keyed by the
 * incident, its recovery resolves it. PagerDuty deduplicates on that key, so an event repeated by
 * a retry only updates the alert it already made.
 */
export function createPagerDutyNotifier(name: string, config: PagerDutyConfig, deps: NotifierDeps): Notifier {
  const client = deps.client ?? createDeliveryClient(config.timeoutMs);
  return {
    name,
    type: 'pagerduty',
    async send(alert: Alert, context: SendContext): Promise<SendResult> {
      const event = pagerdutyEvent(alertContent(alert, { publicUrl: deps.publicUrl }), alert, { routingKey: config.routingKey, publicUrl: deps.publicUrl });
      const result = await postDelivery(client, {
        url: config.url,
        headers: { 'content-type': 'application/json', 'user-agent': 'upwatch-pagerduty/0.1' },
        body: JSON.stringify(event),
        idempotencyKey: `${alert.id}:${name}`,
        signal: context.signal,
      });
      return withoutSecrets(result, [config.routingKey], '<routing_key>');
    },
  };
}
