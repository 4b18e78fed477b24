import type { Alert } from '../../core/alert.js';
import { alertContent } from '../alert-content.js';
import { createDeliveryClient } from '../delivery-client.js';
import type { Notifier, NotifierDeps, SendContext, SendResult } from '../notifier.js';
import { withoutSecrets } from '../redact-secrets.js';
import { postDelivery } from '../post-delivery.js';
import type { OpsgenieConfig } from './opsgenie-config.js';
import { opsgenieRequest } from './opsgenie-payload.js';

/**
 * Sends each alert to the Opsgenie Alert API: an outage creates an alert whose alias is the
 * incident's id, its recovery closes that alert by alias. Opsgenie answers 202 and processes the
 * request later, so a 202 means accepted, not yet shown.
 */
export function createOpsgenieNotifier(name: string, config: OpsgenieConfig, deps: NotifierDeps): Notifier {
  const client = deps.client ?? createDeliveryClient(config.timeoutMs);
  return {
    name,
    type: 'opsgenie',
    async send(alert: Alert, context: SendContext): Promise<SendResult> {
      const request = opsgenieRequest(alertContent(alert, { publicUrl: deps.publicUrl }), alert);
      const result = await postDelivery(client, {
        url: `${config.url}${request.path}`,
        headers: { authorization: `GenieKey ${config.apiKey}`, 'content-type': 'application/json', 'user-agent': 'upwatch-opsgenie/0.1' },
        body: JSON.stringify(request.body),
        idempotencyKey: `${alert.id}:${name}`,
        signal: context.signal,
      });
      return withoutSecrets(result, [config.apiKey], '<api_key>');
    },
  };
}
