import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { DEFAULT_KIND, PROBE_KINDS } from '../probes/probe-kinds.js';

/**
 * The JSON Schema of a monitor as a person writes it, in the config file (YAML) and in the API
 * (JSON): snake_case keys, durations as text. The API publishes these in its docs; the checks with
 * plain messages and the defaults live in monitor-input.ts, which takes its list of keys from here
 * so the two cannot drift.
 */

export const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+$';
export const MONITOR_LIMITS = {
  nameMaxLength: 100,
  maxIntervalMs: 24 * 3_600_000,
  maxTimeoutMs: 5 * 60_000,
  confirm: { min: 0, max: 10 },
  recover: { min: 1, max: 10 },
  tags: { max: 20, maxLength: 32 },
} as const;

const duration = (description: string, examples: string[]) =>
  Type.String({ pattern: DURATION_PATTERN, description: `${description} A duration such as 500ms, 30s, 5m or 1h.`, examples });

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

/** The keys every kind of monitor shares. */
export const COMMON_MONITOR_KEYS = {
  name: Type.String({ minLength: 1, maxLength: MONITOR_LIMITS.nameMaxLength, pattern: '^[^/\\\\?#%]+$', description: 'Unique name.', examples: ['api'] }),
  type: Type.Optional(Type.Union([...PROBE_KINDS.keys()].map((type) => Type.Literal(type)), { description: `The kind of check: ${[...PROBE_KINDS.keys()].join(', ')}. Default ${DEFAULT_KIND}.` })),
  interval: Type.Optional(duration('How often to check; at least 1s. Default 60s.', ['60s'])),
  timeout: Type.Optional(duration('Give up on a check after this long; at most 5m. Default 10s.', ['10s'])),
  confirm: Type.Optional(
    Type.Integer({ minimum: MONITOR_LIMITS.confirm.min, maximum: MONITOR_LIMITS.confirm.max, description: 'Re-checks (backoff 1s, 2s, 4s …) that must all fail before the monitor is down. Default 3.' }),
  ),
  recover: Type.Optional(
    Type.Integer({ minimum: MONITOR_LIMITS.recover.min, maximum: MONITOR_LIMITS.recover.max, description: 'Consecutive successes that bring a down monitor up. Default 1.' }),
  ),
  notify: Type.Optional(Type.Union([Type.Array(Type.String({ minLength: 1 }), { description: 'Names of notifiers to alert.' }), Type.Null()])),
  tags: Type.Optional(
    Type.Union([
      Type.Array(Type.String({ minLength: 1, maxLength: MONITOR_LIMITS.tags.maxLength, description: 'Letters, digits, -, _, . and :.' }), {
        description: 'Labels to find and filter monitors by, such as [prod, team:payments]; at most 20, duplicates dropped. Default [].',
      }),
      Type.Null(),
    ]),
  ),
  remind_every: Type.Optional(Type.Union([duration('Repeat the down alert this often while the outage lasts. Default: never.', ['30m']), Type.Null()])),
  escalate: Type.Optional(Type.Union([Type.Array(EscalationInputSchema, { description: 'Notifiers told once an outage has lasted a while, in order.' }), Type.Null()])),
  flapping: Type.Optional(
    Type.Union([FlappingInputSchema, Type.Literal(false, { description: 'false turns flapping detection off.' }), Type.Null()], {
      description: 'More than `changes` downs and ups within `window` sends one "flapping" alert and holds the rest until stable. Default: 5 changes in 1h.',
    }),
  ),
};

/** Every kind's keys in one map; a key two kinds share with different shapes takes either. */
function kindKeys(): Record<string, TSchema> {
  const keys: Record<string, TSchema[]> = {};
  for (const kind of PROBE_KINDS.values()) {
    for (const [key, schema] of Object.entries(kind.keys)) (keys[key] ??= []).push(Type.Optional(schema));
  }
  return Object.fromEntries(Object.entries(keys).map(([key, schemas]) => [key, schemas.length === 1 ? schemas[0]! : Type.Optional(Type.Union(schemas))]));
}

export const MonitorInputSchema = Type.Object(
  { ...COMMON_MONITOR_KEYS, ...kindKeys() },
  { additionalProperties: false, description: 'A monitor, as in the config file and in POST /api/monitors. Which keys apply depends on type.' },
);

/** PATCH: any subset of the keys; `null` on an optional key puts it back to its default. */
export const MonitorPatchSchema: TObject = Type.Object(
  Object.fromEntries(
    Object.entries(MonitorInputSchema.properties).map(([key, schema]) => [key, Type.Optional(Type.Union([schema, Type.Null()]))]),
  ),
  { additionalProperties: false, description: 'A change to a monitor: only the keys to change.' },
);

/** A monitor as the API answers it: every key present, defaults filled in, so GET returns what POST accepts. */
export const MonitorOutputSchema = Type.Object(
  {
    name: Type.String(),
    type: Type.String(),
    interval: Type.String(),
    timeout: Type.String(),
    confirm: Type.Integer(),
    recover: Type.Integer(),
    notify: Type.Array(Type.String()),
    tags: Type.Array(Type.String()),
    remind_every: Type.Union([Type.String(), Type.Null()]),
    escalate: Type.Array(Type.Object({ after: Type.String(), notify: Type.Array(Type.String()) })),
    flapping: Type.Union([Type.Object({ changes: Type.Integer(), window: Type.String() }), Type.Literal(false)]),
  },
  { additionalProperties: true, description: 'The common keys, and the keys of the monitor\'s kind.' },
);

export type MonitorInput = Static<typeof MonitorInputSchema>;
/** The common keys, typed; the kind's keys beside them. */
export type MonitorOutput = Static<typeof MonitorOutputSchema> & Record<string, unknown>;
