import { Type, type Static } from '@sinclair/typebox';
import type { NotifierConfigResult } from '../notifier-configs.js';
import { httpUrlFrom, requiredFrom, singleLineFrom, timeoutFrom, type NotifierConfigError } from '../notifier-config-checks.js';

/** `type: ntfy` in the config file: publishes each alert as a push notification to a topic. */
export const NtfyConfigSchema = Type.Object(
  {
    type: Type.Literal('ntfy'),
    url: Type.String({
      description: 'the ntfy server, such as https://ntfy.sh or your own; alerts are published as JSON to its root, not to the topic URL',
      examples: ['https://ntfy.sh'],
    }),
    topic: Type.String({
      description: 'the topic to publish to: up to 64 letters, digits, - and _ (on a public server anyone who knows it can read it, so pick one hard to guess)',
      examples: ['ops-alerts'],
    }),
    token: Type.Optional(
      Type.String({ description: 'an access token (tk_…) for a protected topic, sent as Authorization: Bearer (a secret: set it from the environment)', examples: ['${NTFY_TOKEN}'] }),
    ),
    timeout: Type.Optional(Type.String({ description: 'a duration such as 10s (the default)', examples: ['10s'] })),
  },
  { additionalProperties: false },
);

export type NtfyConfigInput = Static<typeof NtfyConfigSchema>;

export interface NtfyConfig {
  type: 'ntfy';
  name: string;
  /** The server root the JSON is POSTed to. */
  url: string;
  topic: string;
  /** The bearer token; null publishes without one (an open topic). */
  token: string | null;
  timeoutMs: number;
}

// The topic names an ntfy server accepts; checked here so a typo fails at load time, not at 3 a.m.
const TOPIC = /^[-_A-Za-z0-9]{1,64}$/;

/**
 * Checks what the schema cannot say (a URL that parses, a valid topic, a usable token) and applies defaults.
 * @example ntfyConfigFrom({ type: 'ntfy', url: 'https://ntfy.sh', topic: 'ops-alerts' }, 'push').config.token // null
 */
export function ntfyConfigFrom(input: NtfyConfigInput, name: string): NotifierConfigResult<NtfyConfig> {
  const errors: NotifierConfigError[] = [];
  const url = httpUrlFrom('url', input.url, errors, 'https://ntfy.sh');
  const topic = requiredFrom('topic', input.topic, errors, 'the topic to publish to, such as ops-alerts');
  if (topic !== '' && !TOPIC.test(topic)) errors.push({ key: 'topic', message: 'must be 1 to 64 letters, digits, - and _, such as ops-alerts' });
  let token: string | null = null;
  if (input.token !== undefined) {
    token = singleLineFrom('token', input.token.trim(), errors);
    if (token === '') errors.push({ key: 'token', message: 'is empty: set it, or remove the key to publish without one (an unset ${VAR} reads as empty)' });
  }
  const timeoutMs = timeoutFrom(input.timeout, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { type: 'ntfy', name, url, topic, token, timeoutMs } };
}
