import { Type, type Static, type TObject } from '@sinclair/typebox';

/**
 * The JSON Schema of a monitor as a person writes it, in the config file (YAML) and in the API
 * (JSON): snake_case keys, durations as text. The API publishes these in its docs; the checks with
 * plain messages and the defaults live in monitor-input.ts, which takes its list of keys from here
 * so the two cannot drift.
 */

export const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+$';
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const MONITOR_LIMITS = {
  nameMaxLength: 100,
  maxIntervalMs: 24 * 3_600_000,
  maxTimeoutMs: 5 * 60_000,
  confirm: { min: 0, max: 10 },
  recover: { min: 1, max: 10 },
} as const;

const duration = (description: string, examples: string[]) =>
  Type.String({ pattern: DURATION_PATTERN, description: `${description} A duration such as 500ms, 30s, 5m or 1h.`, examples });

const StatusRuleSchema = Type.Union([
  Type.Integer({ minimum: 100, maximum: 599, description: 'One status code.' }),
  Type.String({ pattern: '^\\s*(?:[1-5][xX][xX]|\\d{3}(?:\\s*-\\s*\\d{3})?)\\s*$', description: 'A class such as "2xx" or a range such as "200-299".' }),
]);

export const ExpectInputSchema = Type.Object(
  {
    status: Type.Optional(Type.Array(StatusRuleSchema, { description: 'Accepted statuses. Default: any 2xx or 3xx.', examples: [[200], ['2xx', 301]] })),
    body_contains: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Text the response body must contain.' })),
    max_response_time: Type.Optional(Type.Union([duration('Slower answers count as degraded (reported), not down.', ['2s']), Type.Null()])),
    body_not_contains: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Text the response body must not contain, such as a maintenance banner.' })),
    body_matches: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'A regular expression (JavaScript syntax) the body must match.', examples: ['"version":\\s*"2\\.'] })),
    headers: Type.Optional(
      Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()], { description: 'Response headers that must be present, each containing the given text (case ignored).', examples: [{ 'content-type': 'application/json' }] }),
    ),
    json: Type.Optional(
      Type.Union([Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])), Type.Null()], {
        description: 'Conditions on a JSON body: a path such as $.queue.depth, and a value it must equal, or an operator and a value ("< 100", ">= 1", "!= error").',
        examples: [{ '$.status': 'ok', '$.queue.depth': '< 100' }],
      }),
    ),
  },
  { additionalProperties: false, description: 'What a good answer looks like.' },
);

export const EscalationInputSchema = Type.Object(
  {
    after: duration('How long the outage must last first.', ['15m']),
    notify: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Names of notifiers to tell.' }),
  },
  { additionalProperties: false, description: 'One escalation step.' },
);

export const FlappingInputSchema = Type.Object(
  {
    changes: Type.Integer({ minimum: 2, maximum: 100, description: 'More state changes than this within the window is flapping.' }),
    window: duration('The window the changes are counted in.', ['1h']),
  },
  { additionalProperties: false, description: 'Flapping detection.' },
);

export const MonitorInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: MONITOR_LIMITS.nameMaxLength, pattern: '^[^/\\\\?#%]+$', description: 'Unique name.', examples: ['api'] }),
    type: Type.Optional(Type.Literal('http', { description: 'The kind of check. Only http so far.' })),
    url: Type.String({ pattern: '^[hH][tT][tT][pP][sS]?://', description: 'The http:// or https:// URL to check.', examples: ['https://example.com/health'] }),
    method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$', description: `${HTTP_METHODS.join(', ')} (any case). Default GET.` })),
    headers: Type.Optional(Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()], { description: 'Request headers.' })),
    body: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Request body.' })),
    interval: Type.Optional(duration('How often to check; at least 1s. Default 60s.', ['60s'])),
    timeout: Type.Optional(duration('Give up on a check after this long; at most 5m. Default 10s.', ['10s'])),
    confirm: Type.Optional(
      Type.Integer({ minimum: MONITOR_LIMITS.confirm.min, maximum: MONITOR_LIMITS.confirm.max, description: 'Re-checks (backoff 1s, 2s, 4s …) that must all fail before the monitor is down. Default 3.' }),
    ),
    recover: Type.Optional(
      Type.Integer({ minimum: MONITOR_LIMITS.recover.min, maximum: MONITOR_LIMITS.recover.max, description: 'Consecutive successes that bring a down monitor up. Default 1.' }),
    ),
    expect: Type.Optional(Type.Union([ExpectInputSchema, Type.Null()])),
    notify: Type.Optional(Type.Union([Type.Array(Type.String({ minLength: 1 }), { description: 'Names of notifiers to alert.' }), Type.Null()])),
    remind_every: Type.Optional(Type.Union([duration('Repeat the down alert this often while the outage lasts. Default: never.', ['30m']), Type.Null()])),
    escalate: Type.Optional(Type.Union([Type.Array(EscalationInputSchema, { description: 'Notifiers told once an outage has lasted a while, in order.' }), Type.Null()])),
    flapping: Type.Optional(
      Type.Union([FlappingInputSchema, Type.Literal(false, { description: 'false turns flapping detection off.' }), Type.Null()], {
        description: 'More than `changes` downs and ups within `window` sends one "flapping" alert and holds the rest until stable. Default: 5 changes in 1h.',
      }),
    ),
  },
  { additionalProperties: false, description: 'A monitor, as in the config file and in POST /api/monitors.' },
);

/** PATCH: any subset of the keys; `null` on an optional key puts it back to its default. */
export const MonitorPatchSchema: TObject = Type.Object(
  Object.fromEntries(
    Object.entries(MonitorInputSchema.properties).map(([key, schema]) => [key, Type.Optional(Type.Union([schema, Type.Null()]))]),
  ),
  { additionalProperties: false, description: 'A change to a monitor: only the keys to change.' },
);

/** A monitor as the API answers it: every key present, defaults filled in, so GET returns what POST accepts. */
export const MonitorOutputSchema = Type.Object({
  name: Type.String(),
  type: Type.Literal('http'),
  url: Type.String(),
  method: Type.String(),
  headers: Type.Record(Type.String(), Type.String()),
  body: Type.Union([Type.String(), Type.Null()]),
  interval: Type.String(),
  timeout: Type.String(),
  confirm: Type.Integer(),
  recover: Type.Integer(),
  expect: Type.Object({
    status: Type.Array(Type.Union([Type.Integer(), Type.String()])),
    body_contains: Type.Union([Type.String(), Type.Null()]),
    max_response_time: Type.Union([Type.String(), Type.Null()]),
    body_not_contains: Type.Union([Type.String(), Type.Null()]),
    body_matches: Type.Union([Type.String(), Type.Null()]),
    headers: Type.Record(Type.String(), Type.String()),
    json: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
  }),
  notify: Type.Array(Type.String()),
  remind_every: Type.Union([Type.String(), Type.Null()]),
  escalate: Type.Array(Type.Object({ after: Type.String(), notify: Type.Array(Type.String()) })),
  flapping: Type.Union([Type.Object({ changes: Type.Integer(), window: Type.String() }), Type.Literal(false)]),
});

export type MonitorInput = Static<typeof MonitorInputSchema>;
export type MonitorOutput = Static<typeof MonitorOutputSchema>;
