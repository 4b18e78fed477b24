import { Type, type Static } from '@sinclair/typebox';
import { formatDuration, parseDuration } from '../../core/duration.js';
import type { NotifierConfigResult } from '../notifier-configs.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 5 * 60_000;

/** `type: webhook` in the config file: POSTs each alert as JSON to `url`. */
export const WebhookConfigSchema = Type.Object(
  {
    type: Type.Literal('webhook'),
    url: Type.String({ description: 'an http:// or https:// URL to POST alerts to', examples: ['https://hooks.example.com/upwatch'] }),
    headers: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'a map of extra request headers, such as Authorization' })),
    timeout: Type.Optional(Type.String({ description: 'a duration such as 10s (the default)', examples: ['10s'] })),
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
}

/**
 * Checks what the schema cannot say (a URL that parses, a duration in range) and applies defaults.
 * @example webhookConfigFrom({ type: 'webhook', url: 'http://127.0.0.1:9000/hook' }, 'ops').config.timeoutMs // 10000
 */
export function webhookConfigFrom(input: WebhookConfigInput, name: string): NotifierConfigResult<WebhookConfig> {
  const errors: Array<{ key: string; message: string }> = [];
  if (!isHttpUrl(input.url)) errors.push({ key: 'url', message: 'must be an http:// or https:// URL, such as https://hooks.example.com/upwatch' });
  for (const [header, value] of Object.entries(input.headers ?? {})) {
    if (/[\r\n\0]/.test(value)) errors.push({ key: 'headers', message: `header "${header}" must not contain line breaks` });
  }
  const timeoutMs = input.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(input.timeout);
  if (timeoutMs === undefined) errors.push({ key: 'timeout', message: 'must be a duration such as 10s, 30s or 1m' });
  else if (timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) errors.push({ key: 'timeout', message: `must be longer than 0 and at most ${formatDuration(MAX_TIMEOUT_MS)}` });
  if (errors.length > 0 || timeoutMs === undefined) return { ok: false, errors };
  return { ok: true, config: { type: 'webhook', name, url: input.url.trim(), headers: { ...input.headers }, timeoutMs } };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
