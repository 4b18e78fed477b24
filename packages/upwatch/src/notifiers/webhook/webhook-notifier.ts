import { request } from 'undici';
import type { Alert } from '../../core/alert.js';
import type { Notifier, SendContext, SendResult } from '../notifier.js';
import { sendResultForError, sendResultForStatus } from '../http-send-result.js';
import type { WebhookConfig } from './webhook-config.js';
import { webhookPayload } from './webhook-payload.js';

const RESPONSE_SNIPPET_BYTES = 512;

/**
 * POSTs the alert as JSON. The delivery id and attempt go in headers so a receiver can drop a
 * duplicate: delivery is at least once, and exactly once for any receiver that checks the id.
 */
export function createWebhookNotifier(name: string, config: WebhookConfig): Notifier {
  return {
    name,
    type: 'webhook',
    async send(alert: Alert, context: SendContext): Promise<SendResult> {
      const body = JSON.stringify(webhookPayload(alert));
      try {
        const response = await request(config.url, {
          method: 'POST',
          headers: {
            'user-agent': 'upwatch-webhook/0.1',
            ...config.headers,
            'content-type': 'application/json',
            'x-upwatch-event': alert.type,
            'x-upwatch-delivery': String(context.deliveryId),
            'x-upwatch-alert-id': alert.id,
            'x-upwatch-attempt': String(context.attempt),
          },
          body,
          signal: AbortSignal.any([context.signal, AbortSignal.timeout(config.timeoutMs)]),
          headersTimeout: config.timeoutMs,
          bodyTimeout: config.timeoutMs,
        });
        const snippet = await readSnippet(response.body);
        const retryAfter = response.headers['retry-after'];
        return sendResultForStatus(response.statusCode, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, snippet);
      } catch (err) {
        return sendResultForError(err);
      }
    },
  };
}

/** Reads a little of the receiver's answer for the delivery log, and drops the rest. */
async function readSnippet(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString('utf8');
    if (text.length >= RESPONSE_SNIPPET_BYTES) {
      body.destroy();
      break;
    }
  }
  return text.slice(0, RESPONSE_SNIPPET_BYTES).replace(/\s+/g, ' ').trim();
}
