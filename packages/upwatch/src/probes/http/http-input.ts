import { Type } from '@sinclair/typebox';
import { formatDuration } from '../../core/duration.js';
import { parseJsonPath } from '../../core/json-path.js';
import { unknownKeyMessage } from '../../config/field-path.js';
import { durationText, HEADER_NAME, isPlainObject, readDuration, readHeaders, readText, tracking, type Fail } from '../../config/input-readers.js';
import type { KindParseContext } from '../probe-kind.js';
import { HTTP_OPTION_KEYS, readRequestOptions, requestOptionsOutput } from './http-options-input.js';
import { httpSettingsOf, NO_EXPECTATIONS, parseStatusRule, type HttpExpectations, type HttpSettings, type JsonCondition } from './http-settings.js';

/** The keys of an http monitor, as people write them in YAML and JSON. */

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+$';
const MAX_RESPONSE_TIME_MS = 5 * 60_000;
const STATUS_HINT = 'must be a status code such as 200, or a range such as "2xx" or "200-299"';

const StatusRuleSchema = Type.Union([
  Type.Integer({ minimum: 100, maximum: 599, description: 'One status code.' }),
  Type.String({ pattern: '^\\s*(?:[1-5][xX][xX]|\\d{3}(?:\\s*-\\s*\\d{3})?)\\s*$', description: 'A class such as "2xx" or a range such as "200-299".' }),
]);

export const ExpectInputSchema = Type.Object(
  {
    status: Type.Optional(Type.Array(StatusRuleSchema, { description: 'Accepted statuses. Default: any 2xx or 3xx.', examples: [[200], ['2xx', 301]] })),
    body_contains: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Text the response body must contain.' })),
    max_response_time: Type.Optional(
      Type.Union([Type.String({ pattern: DURATION_PATTERN, description: 'Slower answers count as degraded (reported), not down. A duration such as 2s.' }), Type.Null()]),
    ),
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

export const HTTP_KEYS = {
  url: Type.String({ pattern: '^[hH][tT][tT][pP][sS]?://', description: 'The http:// or https:// URL to check.', examples: ['https://example.com/health'] }),
  method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$', description: `${HTTP_METHODS.join(', ')} (any case). Default GET.` })),
  headers: Type.Optional(Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()], { description: 'Request headers.' })),
  body: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Request body.' })),
  expect: Type.Optional(Type.Union([ExpectInputSchema, Type.Null()])),
  ...HTTP_OPTION_KEYS,
};

const EXPECT_KEYS = Object.keys(ExpectInputSchema.properties);

/**
 * An http monitor's keys → its settings.
 * @example parseHttpInput({ url: 'https://example.com/health', expect: { status: [200] } }, fail, context)
 */
export function parseHttpInput(raw: Readonly<Record<string, unknown>>, fail: Fail, context: KindParseContext): HttpSettings | undefined {
  const t = tracking(fail);
  const url = readUrl(raw.url, t.fail);
  const method = readMethod(raw.method, t.fail);
  const headers = readHeaders(raw.headers, t.fail);
  const body = readText(raw.body, ['body'], t.fail, 'must be text or null; to send JSON, write it as a string');
  const expect = readExpect(raw.expect, t.fail, context.timeoutMs);
  const options = readRequestOptions(raw, t.fail, { url, headers });
  if (t.failed()) return undefined;
  return { url: url!, method: method!, headers: headers!, body: body ?? null, expect: expect!, ...options! };
}

/** Settings → the keys as people write them. */
export function httpOutput(settings: HttpSettings): Record<string, unknown> {
  const all = httpSettingsOf(settings);
  const { expect, ...request } = all;
  return {
    url: request.url,
    method: request.method,
    headers: { ...request.headers },
    body: request.body,
    expect: {
      status: [...expect.status],
      body_contains: expect.bodyContains,
      max_response_time: expect.maxResponseTimeMs === null ? null : durationText(expect.maxResponseTimeMs),
      body_not_contains: expect.bodyNotContains,
      body_matches: expect.bodyMatches,
      headers: { ...expect.headers },
      json: Object.fromEntries(expect.json.map((c) => [c.path, c.op === '==' ? c.value : `${c.op} ${c.value}`])),
    },
    ...requestOptionsOutput(all),
  };
}

function readUrl(value: unknown, fail: Fail): string | undefined {
  const at = ['url'];
  const example = 'such as https://example.com/health';
  if (value === undefined || value === null) return void fail(at, `is required: the http:// or https:// address to check, ${example}`);
  if (typeof value !== 'string') return void fail(at, `must be a URL ${example}`);
  const text = value.trim();
  // `example.com/health` or `127.0.0.1:8080` are the usual slips; say what is missing rather than "invalid".
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return void fail(at, `must start with http:// or https://, ${example}`);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return void fail(at, `is not a valid URL; write it in full, ${example}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return void fail(at, `must start with http:// or https://`);
  if (parsed.hostname === '') return void fail(at, `must name a host, ${example}`);
  return text;
}

function readMethod(value: unknown, fail: Fail): string | undefined {
  if (value === undefined || value === null) return 'GET';
  const method = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
  if (method === undefined || !(HTTP_METHODS as readonly string[]).includes(method)) {
    return void fail(['method'], `must be one of ${HTTP_METHODS.join(', ')}`);
  }
  return method;
}

function readExpect(value: unknown, fail: Fail, timeoutMs: number | null | undefined): HttpExpectations | undefined {
  const none: HttpExpectations = { ...NO_EXPECTATIONS };
  if (value === undefined || value === null) return none;
  if (!isPlainObject(value)) return void fail(['expect'], `must be a map with ${EXPECT_KEYS.join(', ')}`);
  const t = tracking((at, message) => fail(['expect', ...at], message));
  const failHere = t.fail;
  for (const key of Object.keys(value)) {
    if (!EXPECT_KEYS.includes(key)) failHere([key], unknownKeyMessage(key, EXPECT_KEYS, 'expect'));
  }
  const status = readStatusList(value.status, failHere);
  const bodyContains = readText(value.body_contains, ['body_contains'], failHere, 'must be the text the body must contain');
  const max = readDuration(value.max_response_time, ['max_response_time'], failHere, { fallback: null, min: 1, max: MAX_RESPONSE_TIME_MS });
  if (typeof max === 'number' && typeof timeoutMs === 'number' && max >= timeoutMs) {
    failHere(['max_response_time'], `must be shorter than timeout (${formatDuration(timeoutMs)}), or a slow answer times out before it counts as degraded`);
  }
  const bodyNotContains = readText(value.body_not_contains, ['body_not_contains'], failHere, 'must be the text the body must not contain');
  const bodyMatches = readRegex(value.body_matches, failHere);
  const headers = readHeaderConditions(value.headers, failHere);
  const json = readJsonConditions(value.json, failHere);
  if (t.failed()) return undefined;
  // An empty text is found in every body: it is the same as no check (and, negated, a check that always fails).
  if (bodyNotContains === '') return void fail(['expect', 'body_not_contains'], 'must not be empty: every body contains the empty text');
  return {
    status: status!,
    bodyContains: bodyContains === '' ? null : (bodyContains ?? null),
    maxResponseTimeMs: max ?? null,
    bodyNotContains: bodyNotContains ?? null,
    bodyMatches: bodyMatches ?? null,
    headers: headers ?? {},
    json: json ?? [],
  };
}
function readRegex(value: unknown, fail: Fail): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value === '') return void fail(['body_matches'], 'must be a regular expression such as "\\"status\\":\\s*\\"ok\\""');
  try {
    new RegExp(value);
  } catch (err) {
    return void fail(['body_matches'], `is not a valid regular expression: ${err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err)}`);
  }
  return value;
}

function readHeaderConditions(value: unknown, fail: Fail): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) return void fail(['headers'], 'must be a map of header names to the text each must contain, such as { content-type: application/json }');
  const conditions: Record<string, string> = {};
  let ok = true;
  for (const [name, text] of Object.entries(value)) {
    if (!HEADER_NAME.test(name)) {
      fail(['headers', name], 'is not a valid header name');
      ok = false;
    } else if (typeof text !== 'string') {
      fail(['headers', name], 'must be the text the header must contain; put it in quotes');
      ok = false;
    } else conditions[name] = text;
  }
  return ok ? conditions : undefined;
}

const JSON_OPERATOR = /^\s*(==|!=|<=|>=|<|>)\s*(.*?)\s*$/;

function readJsonConditions(value: unknown, fail: Fail): JsonCondition[] | undefined {
  if (value === undefined || value === null) return [];
  if (!isPlainObject(value)) return void fail(['json'], 'must be a map of JSON paths to conditions, such as { "$.status": ok, "$.queue.depth": "< 100" }');
  const conditions: JsonCondition[] = [];
  let ok = true;
  for (const [path, raw] of Object.entries(value)) {
    const at = ['json', path];
    if (parseJsonPath(path) === undefined) {
      fail(at, 'is not a supported JSON path: start with $ and use .name, [0] or [\'name\'] steps, such as $.queue.depth');
      ok = false;
      continue;
    }
    if (typeof raw === 'string') {
      const m = JSON_OPERATOR.exec(raw);
      if (m) {
        const op = m[1] as JsonCondition['op'];
        const operand = m[2]!;
        const ordered = op !== '==' && op !== '!=';
        if (ordered && (operand === '' || Number.isNaN(Number(operand)))) {
          fail(at, `"${op}" compares numbers: write it as "${op} 100"`);
          ok = false;
        } else conditions.push({ path, op, value: ordered || /^-?\d+(\.\d+)?$/.test(operand) ? Number(operand) : operand });
        continue;
      }
      conditions.push({ path, op: '==', value: raw });
    } else if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) {
      conditions.push({ path, op: '==', value: raw });
    } else {
      fail(at, 'must be a value, or an operator and a value such as "< 100"');
      ok = false;
    }
  }
  return ok ? conditions : undefined;
}

function readStatusList(value: unknown, fail: Fail): Array<number | string> | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return void fail(['status'], 'must be a list, such as [200] or ["2xx", 301]');
  const rules: Array<number | string> = [];
  let ok = true;
  value.forEach((item: unknown, i) => {
    const rule = statusRule(item);
    if (rule === undefined) {
      fail(['status', i], STATUS_HINT);
      ok = false;
    } else rules.push(rule);
  });
  return ok ? rules : undefined;
}

/** One accepted status, normalized so that 200 and "200", or "2XX" and "2xx", compare equal. */
function statusRule(item: unknown): number | string | undefined {
  if (typeof item === 'number') return Number.isInteger(item) && item >= 100 && item <= 599 ? item : undefined;
  if (typeof item !== 'string' || parseStatusRule(item) === undefined) return undefined;
  const text = item.trim().toLowerCase().replace(/\s+/g, '');
  return /^\d{3}$/.test(text) ? Number(text) : text;
}

