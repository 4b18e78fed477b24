import { randomUUID } from 'node:crypto';

// The id ends up in log lines, response headers and JSON bodies, so an incoming one is taken only
// when it cannot carry markup, control characters or a log-flooding length. The same rule as the
// upwatch API, so a probe's UUID comes back unchanged and both sides log the same id.
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * True when an incoming request id is safe to keep: 1 to 128 letters, digits, `.`, `_`, `:` or `-`.
 * @example isWellFormedRequestId('3f1c9a2e-5d4b-4e8a-9c7f-1b2d3e4f5a6b') // true
 * @example isWellFormedRequestId('<script>') // false
 */
export function isWellFormedRequestId(value: unknown): value is string {
  return typeof value === 'string' && WELL_FORMED.test(value);
}

/**
 * The request id to use: the incoming header's value when well formed, else a new one.
 * A repeated header (an array) is never trusted: which copy is the caller's is unknowable.
 * @example pickRequestId(req.headers['x-request-id']) // 'caller-123', or a new UUID
 */
export function pickRequestId(incoming: string | string[] | undefined, generate: () => string = randomUUID): string {
  return isWellFormedRequestId(incoming) ? incoming : generate();
}
