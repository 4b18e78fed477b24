import { Type, type Static } from '@sinclair/typebox';
import type { NotifierConfigResult } from '../notifier-configs.js';
import { httpUrlFrom, timeoutFrom, type NotifierConfigError } from '../notifier-config-checks.js';

/** `type: webhook` in the config file: POSTs each alert as JSON to `url`. */
export const WebhookConfigSchema = Type.Object(
  {
    type: Type.Literal('webhook'),
    url: Type.String({ description: 'an http:// or https:// URL to POST alerts to', examples: ['https://hooks.example.com/upwatch'] }),
    headers: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'a map of extra request headers, such as Authorization' })),
    timeout: Type.Optional(Type.String({ description: 'a duration such as 10s (the default)', examples: ['10s'] })),
    secret: Type.Optional(
      Type.String({ description: 'signs each body with HMAC-SHA256 in X-Upwatch-Signature, so the receiver can verify it came from this upwatch', examples: ['${HOOK_SECRET}'] }),
    ),
  },
  { additionalProperties: false },
);

export type WebhookConfigInput = Static<typeof WebhookConfigSchema>;

export interface WebhookConfig {
  type: 'webhook';
  name: string;
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** The HMAC key; null sends unsigned. */
  secret: string | null;
}

/**
 * Checks what the schema cannot say (a URL that parses, a duration in range) and applies defaults.
 * @example webhookConfigFrom({ type: 'webhook', url: 'http://127.0.0.1:9000/hook' }, 'ops').config.timeoutMs // 10000
 */
export function webhookConfigFrom(input: WebhookConfigInput, name: string): NotifierConfigResult<WebhookConfig> {
  const errors: NotifierConfigError[] = [];
  const url = httpUrlFrom('url', input.url, errors);
  for (const [header, value] of Object.entries(input.headers ?? {})) {
    if (/[\r\n\0]/.test(value)) errors.push({ key: 'headers', message: `header "${header}" must not contain line breaks` });
  }
  const timeoutMs = timeoutFrom(input.timeout, errors);
  const secret = input.secret === undefined ? null : input.secret;
  if (secret === '') errors.push({ key: 'secret', message: 'is empty: set it, or remove the key to send unsigned (an unset ${VAR} reads as empty)' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { type: 'webhook', name, url, headers: { ...input.headers }, timeoutMs, secret } };
}
