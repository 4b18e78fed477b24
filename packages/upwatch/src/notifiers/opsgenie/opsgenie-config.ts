import { Type, type Static } from '@sinclair/typebox';
import type { NotifierConfigResult } from '../notifier-configs.js';
import { httpUrlFrom, requiredFrom, singleLineFrom, timeoutFrom, type NotifierConfigError } from '../notifier-config-checks.js';

export const OPSGENIE_API_URL = 'https://api.opsgenie.com';

/** `type: opsgenie` in the config file: opens an Opsgenie alert on an outage and closes it on recovery. */
export const OpsgenieConfigSchema = Type.Object(
  {
    type: Type.Literal('opsgenie'),
    api_key: Type.String({
      description: 'the API key of an API integration in Opsgenie, sent as Authorization: GenieKey (a secret: set it from the environment)',
      examples: ['${OPSGENIE_KEY}'],
    }),
    url: Type.Optional(
      Type.String({
        description: 'the Opsgenie API, https://api.opsgenie.com by default; an account in the EU region needs https://api.eu.opsgenie.com',
        examples: [OPSGENIE_API_URL, 'https://api.eu.opsgenie.com'],
      }),
    ),
    timeout: Type.Optional(Type.String({ description: 'a duration such as 10s (the default)', examples: ['10s'] })),
  },
  { additionalProperties: false },
);

export type OpsgenieConfigInput = Static<typeof OpsgenieConfigSchema>;

export interface OpsgenieConfig {
  type: 'opsgenie';
  name: string;
  /** Sent in a header; kept out of every error. */
  apiKey: string;
  /** The API base, without a trailing slash: `/v2/alerts` is appended. */
  url: string;
  timeoutMs: number;
}

/**
 * Checks what the schema cannot say (a usable key, a URL that parses) and applies defaults.
 * @example opsgenieConfigFrom({ type: 'opsgenie', api_key: 'eb243592-…' }, 'genie').config.url // 'https://api.opsgenie.com'
 */
export function opsgenieConfigFrom(input: OpsgenieConfigInput, name: string): NotifierConfigResult<OpsgenieConfig> {
  const errors: NotifierConfigError[] = [];
  const apiKey = singleLineFrom('api_key', requiredFrom('api_key', input.api_key, errors, 'the API key of an API integration in Opsgenie'), errors);
  const url = input.url === undefined ? OPSGENIE_API_URL : httpUrlFrom('url', input.url, errors, OPSGENIE_API_URL).replace(/\/+$/, '');
  const timeoutMs = timeoutFrom(input.timeout, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { type: 'opsgenie', name, apiKey, url, timeoutMs } };
}
