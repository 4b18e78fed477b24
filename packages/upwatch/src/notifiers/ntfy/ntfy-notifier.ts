import type { Alert } from '../../core/alert.js';
import { alertContent } from '../alert-content.js';
import { createDeliveryClient } from '../delivery-client.js';
import type { Notifier, NotifierDeps, SendContext, SendResult } from '../notifier.js';
import { withoutSecrets } from '../redact-secrets.js';
import { postDelivery } from '../post-delivery.js';
import type { NtfyConfig } from './ntfy-config.js';
import { ntfyPayload } from './ntfy-payload.js';

/**
 * Publishes each alert as JSON to the ntfy server's root, with the topic in the body. ntfy has no
 * idempotency key of its own, so a retried publish after a lost answer can show twice: harmless
 * for a push notification, and better than none.
 */
export function createNtfyNotifier(name: string, config: NtfyConfig, deps: NotifierDeps): Notifier {
  const client = deps.client ?? createDeliveryClient(config.timeoutMs);
  return {
    name,
    type: 'ntfy',
    async send(alert: Alert, context: SendContext): Promise<SendResult> {
      const body = JSON.stringify(ntfyPayload(alertContent(alert, { publicUrl: deps.publicUrl }), config.topic));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'upwatch-ntfy/0.1' };
      if (config.token !== null) headers.authorization = `Bearer ${config.token}`;
      const result = await postDelivery(client, { url: config.url, headers, body, idempotencyKey: `${alert.id}:${name}`, signal: context.signal });
      return config.token === null ? result : withoutSecrets(result, [config.token], '<token>');
    },
  };
}
