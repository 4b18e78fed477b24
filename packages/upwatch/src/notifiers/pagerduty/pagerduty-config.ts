import { Type, type Static } from '@sinclair/typebox';
import type { NotifierConfigResult } from '../notifier-configs.js';
import { httpUrlFrom, requiredFrom, timeoutFrom, type NotifierConfigError } from '../notifier-config-checks.js';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

/** `type: pagerduty` in the config file: opens a PagerDuty incident on an outage and resolves it on recovery. */
export const PagerDutyConfigSchema = Type.Object(
  {
    type: Type.Literal('pagerduty'),
    routing_key: Type.String({
      description: 'the Integration Key of an Events API v2 integration on the PagerDuty service, 32 characters (a secret: set it from the environment)',
      examples: ['${PD_ROUTING_KEY}'],
    }),
    url: Type.Optional(
      Type.String({
        description: 'the Events API v2 endpoint, https://events.pagerduty.com/v2/enqueue by default (https://events.eu.pagerduty.com/v2/enqueue for an account in the EU region)',
        examples: [PAGERDUTY_EVENTS_URL],
      }),
    ),
    timeout: Type.Optional(Type.String({ description: 'a duration such as 10s (the default)', examples: ['10s'] })),
  },
  { additionalProperties: false },
);

export type PagerDutyConfigInput = Static<typeof PagerDutyConfigSchema>;

export interface PagerDutyConfig {
  type: 'pagerduty';
  name: string;
  /** Sent in the body; a secret all the same, kept out of every error. */
  routingKey: string;
  /** The full enqueue endpoint the events are POSTed to. */
  url: string;
  timeoutMs: number;
}

// PagerDuty answers any other length with 400 "Length of 'routing_key' is incorrect (should be 32
// characters)"; checking here makes a pasted key with a stray character fail at load time instead.
const ROUTING_KEY = /^[A-Za-z0-9]{32}$/;

/**
 * Checks what the schema cannot say (the key's form, a URL that parses) and applies defaults.
 * @example pagerdutyConfigFrom({ type: 'pagerduty', routing_key: 'e93facc04764012d7bfb002500d5d1a6' }, 'oncall').config.url // 'https://events.pagerduty.com/v2/enqueue'
 */
export function pagerdutyConfigFrom(input: PagerDutyConfigInput, name: string): NotifierConfigResult<PagerDutyConfig> {
  const errors: NotifierConfigError[] = [];
  const routingKey = requiredFrom('routing_key', input.routing_key, errors, "the Integration Key of the service's Events API v2 integration");
  if (routingKey !== '' && !ROUTING_KEY.test(routingKey)) {
    errors.push({ key: 'routing_key', message: "must be 32 letters and digits: the Integration Key on the Events API v2 integration's page in PagerDuty" });
  }
  const url = input.url === undefined ? PAGERDUTY_EVENTS_URL : httpUrlFrom('url', input.url, errors, PAGERDUTY_EVENTS_URL);
  const timeoutMs = timeoutFrom(input.timeout, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { type: 'pagerduty', name, routingKey, url, timeoutMs } };
}
