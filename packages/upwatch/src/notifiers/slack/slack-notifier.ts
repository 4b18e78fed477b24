import type { Alert } from '../../core/alert.js';
import { VERSION } from '../../version.js';
import { alertContent } from '../alert-content.js';
import { createDeliveryClient } from '../delivery-client.js';
import type { Notifier, NotifierDeps, SendContext, SendResult } from '../notifier.js';
import { urlSecrets, withoutSecrets } from '../redact-secrets.js';
import { postDelivery } from '../post-delivery.js';
import type { SlackConfig } from './slack-config.js';
import { slackPayload } from './slack-payload.js';

/**
 * Posts each alert to a Slack incoming webhook. Slack answers 200 `ok`, or a status with a short
 * reason (400 invalid_payload, 403 action_prohibited, 404 channel_not_found, 410 channel_is_archived,
 * 429 with Retry-After, 500 rollup_error); postDelivery maps those to retryable or not.
 * @example createSlackNotifier('team', config, { publicUrl: 'https://upwatch.example.com' })
 */
export function createSlackNotifier(name: string, config: SlackConfig, deps: NotifierDeps): Notifier {
  const client = deps.client ?? createDeliveryClient(config.timeoutMs);
  return {
    name,
    type: 'slack',
    async send(alert: Alert, context: SendContext): Promise<SendResult> {
      const body = JSON.stringify(slackPayload(alertContent(alert, { publicUrl: deps.publicUrl }), alert));
      const result = await postDelivery(client, {
        url: config.url,
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': `upwatch/${VERSION}` },
        body,
        // Slack ignores the key; it is what lets the delivery client retry a blip of this POST.
        idempotencyKey: `${alert.id}:${name}`,
        signal: context.signal,
      });
      return withoutSecrets(result, urlSecrets(config.url));
    },
  };
}
