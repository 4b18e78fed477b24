import { Type, type Static } from '@sinclair/typebox';
import type { NotifierConfigResult } from '../notifier-configs.js';
import { httpUrlFrom, requiredFrom, timeoutFrom, type NotifierConfigError } from '../notifier-config-checks.js';

/** `type: teams` in the config file: posts each alert as an Adaptive Card to a Teams Workflows webhook. */
export const TeamsConfigSchema = Type.Object(
  {
    type: Type.Literal('teams', { description: 'posts alerts to a Microsoft Teams channel through a Workflows (Power Automate) webhook, as Adaptive Cards' }),
    url: Type.String({
      description:
        'the HTTP URL of a Teams workflow started by "When a Teams webhook request is received" (the "Send webhook alerts to a channel" template), with "Who can trigger the flow" set to Anyone. Its sig= parameter is a secret, so pass it as ${VAR}',
      examples: ['${TEAMS_WORKFLOW_URL}'],
    }),
    timeout: Type.Optional(Type.String({ description: 'a duration such as 10s (the default)', examples: ['10s'] })),
  },
  { additionalProperties: false },
);

export type TeamsConfigInput = Static<typeof TeamsConfigSchema>;

export interface TeamsConfig {
  type: 'teams';
  name: string;
  /** Holds the flow's signature (`sig=`) in its query: never put it in a message or a log line. */
  url: string;
  timeoutMs: number;
}

/**
 * Checks what the schema cannot say (a URL that is set and parses, a duration in range) and applies defaults.
 * @example teamsConfigFrom({ type: 'teams', url: 'https://prod-00.westus.logic.azure.com/workflows/…' }, 'office').config.timeoutMs // 10000
 */
export function teamsConfigFrom(input: TeamsConfigInput, name: string): NotifierConfigResult<TeamsConfig> {
  const errors: NotifierConfigError[] = [];
  const url = urlFrom(input.url, errors);
  const timeoutMs = timeoutFrom(input.timeout, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: { type: 'teams', name, url, timeoutMs } };
}

// Neither message repeats the value: its query holds the secret.
function urlFrom(value: string, errors: NotifierConfigError[]): string {
  if (value.trim() === '') return requiredFrom('url', value, errors, "the Teams workflow's HTTP URL");
  return httpUrlFrom('url', value, errors, 'https://….powerplatform.com/powerautomate/automations/direct/workflows/…');
}
