import type { Alert } from '../../core/alert.js';
import { VERSION } from '../../version.js';
import { alertContent } from '../alert-content.js';
import { createDeliveryClient } from '../delivery-client.js';
import type { Notifier, NotifierDeps, SendContext, SendResult } from '../notifier.js';
import { urlSecrets, withoutSecrets } from '../redact-secrets.js';
import { postDelivery } from '../post-delivery.js';
import type { TeamsConfig } from './teams-config.js';
import { teamsPayload } from './teams-payload.js';

/**
 * Posts each alert to a Teams Workflows webhook. The flow answers 202 Accepted once it has the
 * request, and posts the card to the channel afterwards: a card the flow fails to post shows in the
 * flow's run history, not here. A refusal before that comes back as a status (400 when the body does
 * not match the trigger, 401/403 when the flow is not open to anyone, 404 when it was deleted or
 * turned off, 429 with Retry-After past about four requests a second).
 * @example createTeamsNotifier('office', config, { publicUrl: 'https://upwatch.example.com' })
 */
export function createTeamsNotifier(name: string, config: TeamsConfig, deps: NotifierDeps): Notifier {
  const client = deps.client ?? createDeliveryClient(config.timeoutMs);
  return {
    name,
    type: 'teams',
    async send(alert: Alert, context: SendContext): Promise<SendResult> {
      const body = JSON.stringify(teamsPayload(alertContent(alert, { publicUrl: deps.publicUrl }), alert));
      const result = await postDelivery(client, {
        url: config.url,
        // The charset is stated: senders to Teams webhooks have seen a body without one counted as
        // UTF-16, which halves the room under the 28 KB cap.
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': `upwatch/${VERSION}` },
        body,
        // The flow ignores the key; it is what lets the delivery client retry a blip of this POST.
        idempotencyKey: `${alert.id}:${name}`,
        signal: context.signal,
      });
      return withoutSecrets(result, urlSecrets(config.url));
    },
  };
}
