import type { HttpExpectations, JsonCondition } from './http-settings.js';
import { parseJsonPath, valueAt } from '../../core/json-path.js';
import type { ResponseHeaders } from './judge-response.js';

/** What an assertion saw is quoted at most this long: enough to recognise, never a whole page. */
const SEEN_CHARS = 120;

/**
 * The checks beyond status and `body_contains`, in the order they are written about: the first
 * that fails names itself and what it saw. Null when every one holds.
 * @example failedAssertion({ status: 200, headers: {}, body: '{"status":"down"}' }, expect) // 'json $.status: expected "ok", got "down"'
 */
export function failedAssertion(res: { headers: ResponseHeaders; body: string }, expect: HttpExpectations): string | null {
  if (expect.bodyNotContains !== null && res.body.includes(expect.bodyNotContains)) {
    return `body_not_contains: the body contains ${JSON.stringify(expect.bodyNotContains)}`;
  }
  if (expect.bodyMatches !== null && !new RegExp(expect.bodyMatches).test(res.body)) {
    return `body_matches: the body does not match /${expect.bodyMatches}/ (it starts ${quote(res.body)})`;
  }
  for (const [name, wanted] of Object.entries(expect.headers)) {
    const value = headerValue(res.headers, name);
    if (value === undefined) return `headers.${name}: the answer has no ${name} header`;
    if (!value.toLowerCase().includes(wanted.toLowerCase())) return `headers.${name}: expected it to contain ${JSON.stringify(wanted)}, got ${quote(value)}`;
  }
  if (expect.json.length > 0) {
    let document: unknown;
    try {
      document = JSON.parse(res.body);
    } catch {
      return `json: the body is not JSON (it starts ${quote(res.body)})`;
    }
    for (const condition of expect.json) {
      const problem = failedJsonCondition(document, condition);
      if (problem !== null) return `json ${condition.path}: ${problem}`;
    }
  }
  return null;
}

function failedJsonCondition(document: unknown, condition: JsonCondition): string | null {
  const found = valueAt(document, parseJsonPath(condition.path) ?? []);
  if (!found.found) return 'not found in the body';
  const seen = found.value;
  const expected = condition.op === '==' ? JSON.stringify(condition.value) : `${condition.op} ${JSON.stringify(condition.value)}`;
  // The value as JSON (a string keeps its quotes, a number has none), cut like any quote.
  const json = JSON.stringify(seen) ?? String(seen);
  const got = `got ${json.length > SEEN_CHARS ? `${json.slice(0, SEEN_CHARS)}…` : json}`;
  switch (condition.op) {
    case '==':
      return looselyEqual(seen, condition.value) ? null : `expected ${expected}, ${got}`;
    case '!=':
      return looselyEqual(seen, condition.value) ? `expected ${expected}, ${got}` : null;
    default: {
      const a = typeof seen === 'number' ? seen : typeof seen === 'string' && seen.trim() !== '' ? Number(seen) : NaN;
      const b = Number(condition.value);
      if (Number.isNaN(a)) return `expected a number ${expected}, ${got}`;
      const holds = condition.op === '<' ? a < b : condition.op === '<=' ? a <= b : condition.op === '>' ? a > b : a >= b;
      return holds ? null : `expected ${expected}, ${got}`;
    }
  }
}

/** "ok" equals "ok"; 200 equals 200 and "200": YAML and JSON writers disagree on quoting numbers. */
function looselyEqual(seen: unknown, wanted: string | number | boolean | null): boolean {
  if (seen === wanted) return true;
  if (typeof wanted === 'number' && typeof seen === 'string') return seen.trim() !== '' && Number(seen) === wanted;
  if (typeof wanted === 'string' && typeof seen === 'number') return wanted.trim() !== '' && Number(wanted) === seen;
  return false;
}

function headerValue(headers: ResponseHeaders, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A seen value, quoted and cut, control characters shown as spaces. */
function quote(text: string): string {
  const flat = text.replace(/\p{Cc}+/gu, ' ');
  return JSON.stringify(flat.length > SEEN_CHARS ? `${flat.slice(0, SEEN_CHARS)}…` : flat);
}
