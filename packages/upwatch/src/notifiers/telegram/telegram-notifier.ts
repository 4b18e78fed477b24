import type { ResilientFetch } from '@upwatch/fetch';
import type { Alert } from '../../core/alert.js';
import { alertContent } from '../alert-content.js';
import { createDeliveryClient } from '../delivery-client.js';
import type { Notifier, NotifierDeps, SendContext, SendResult } from '../notifier.js';
import { withoutSecrets } from '../redact-secrets.js';
import { postDelivery } from '../post-delivery.js';
import type { TelegramConfig } from './telegram-config.js';
import { telegramPayload } from './telegram-payload.js';

/**
 * Sends each alert as a Bot API sendMessage to one chat. The bot token is part of the URL path, so
 * every error is scrubbed of it before it reaches the delivery log.
 */
export function createTelegramNotifier(name: string, config: TelegramConfig, deps: NotifierDeps): Notifier {
  const client = withTelegramRetryAfter(deps.client ?? createDeliveryClient(config.timeoutMs));
  const url = `${config.url}/bot${config.botToken}/sendMessage`;
  return {
    name,
    type: 'telegram',
    async send(alert: Alert, context: SendContext): Promise<SendResult> {
      const body = JSON.stringify(telegramPayload(alertContent(alert, { publicUrl: deps.publicUrl }), config.chatId));
      const result = await postDelivery(client, {
        url,
        headers: { 'content-type': 'application/json', 'user-agent': 'upwatch-telegram/0.1' },
        body,
        idempotencyKey: `${alert.id}:${name}`,
        signal: context.signal,
      });
      return withoutSecrets(result, [config.botToken], '<bot_token>');
    },
  };
}

/**
 * Telegram says how long to back off in the JSON body of a 429 (`parameters.retry_after`, seconds),
 * not always in a Retry-After header. This moves it into the header, where postDelivery and the
 * outbox already look, so the next attempt waits as long as Telegram asked.
 * https://core.telegram.org/bots/api#responseparameters
 */
function withTelegramRetryAfter(client: ResilientFetch): ResilientFetch {
  const wrapped = (async (input: string | URL | Request, init?: RequestInit) => {
    const response = await client(input, init);
    if (response.status !== 429 || response.headers.has('retry-after')) return response;
    const text = await response.text();
    const headers = new Headers(response.headers);
    // The body is re-made from decoded text: the original length and encoding no longer apply.
    headers.delete('content-length');
    headers.delete('content-encoding');
    const seconds = retryAfterSeconds(text);
    if (seconds !== undefined) headers.set('retry-after', String(seconds));
    return new Response(text, { status: response.status, statusText: response.statusText, headers });
  }) as ResilientFetch;
  wrapped.breakerState = (target) => client.breakerState(target);
  return wrapped;
}

function retryAfterSeconds(body: string): number | undefined {
  try {
    const seconds: unknown = (JSON.parse(body) as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
    return typeof seconds === 'number' && Number.isInteger(seconds) && seconds >= 0 ? seconds : undefined;
  } catch {
    return undefined;
  }
}
