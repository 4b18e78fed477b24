import { Type, type Static } from '@sinclair/typebox';
import type { NotifierConfigResult } from '../notifier-configs.js';
import { httpUrlFrom, requiredFrom, timeoutFrom, type NotifierConfigError } from '../notifier-config-checks.js';

/** `type: slack` in the config file: posts each alert to a Slack incoming webhook as Block Kit. */
export const SlackConfigSchema = Type.Object(
  {
    type: Type.Literal('slack', { description: 'posts alerts to a Slack channel through an incoming webhook, as Block Kit messages' }),
    url: Type.String({
      description: "the incoming webhook URL from the Slack app's Incoming Webhooks page; it is a secret, so pass it as ${VAR}",
      examples: ['${SLACK_WEBHOOK_URL}'],
    }),
    timeout: Type.Optional(Type.String({ description: 'a duration such as 10s (the default)', examples: ['10s'] })),
  },
  { additionalProperties: false },
);

export type SlackConfigInput = Static<typeof SlackConfigSchema>;

export interface SlackConfig {
  type: 'slack';
  name: string;
  /** Holds the webhook's token in its path: never put it in a message or a log line. */
  url: string;
  timeoutMs: number;
}

/**
 * Checks what the schema cannot say (a URL that is set and parses, a duration in range) and applies defaults.
 * @example slackConfigFrom({ type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/x' }, 'team').config.timeoutMs // 10000
 */
export function slackConfigFrom(input: SlackConfigInput, name: string): NotifierConfigResult<SlackConfig> {
  const errors: NotifierConfigError[] = [];
  const url = urlFrom(input.url, errors);
  const timeoutMs = timeoutFrom(input.timeout, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { type: 'slack', name, url, timeoutMs } };
}

// An empty URL is nearly always an unset ${SLACK_WEBHOOK_URL}: say that rather than "not a URL".
// Neither message repeats the value, as it is the secret.
function urlFrom(value: string, errors: NotifierConfigError[]): string {
  if (value.trim() === '') return requiredFrom('url', value, errors, "the Slack app's incoming webhook URL");
  return httpUrlFrom('url', value, errors, 'https://hooks.slack.com/services/T…/B…/…');
}
