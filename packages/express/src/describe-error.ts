/** What the handler needs to know about a thrown value, whatever was thrown. */
export interface ErrorFacts {
  /** 400 to 599; anything else, or nothing, is 500. */
  status: number;
  /** The message may be shown to the client (http-errors' `expose`; default: true below 500). */
  expose: boolean;
  name: string;
  message: string;
  /** A plainer message for a known client error (a malformed body), shown instead of the parser's. */
  publicMessage: string | undefined;
  stack: string | undefined;
  /** A string `code` (`ENOENT`, `42P01`, `FST_ERR_…`), kept for the log. */
  code: string | undefined;
  /** http-errors' `headers` (e.g. `WWW-Authenticate` on a 401, `Retry-After` on a 503). */
  headers: Record<string, string>;
}

const NOT_JSON = 'The request body is not valid JSON.';
const TOO_LARGE = 'The request body is too large.';

// Parser errors named by their stable identifiers, never by their message: body-parser's `type`
// (Express) and Fastify's `code`.
const PUBLIC_MESSAGES: Record<string, string> = {
  'entity.parse.failed': NOT_JSON,
  'entity.too.large': TOO_LARGE,
  FST_ERR_CTP_INVALID_JSON_BODY: NOT_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty, but its content-type says JSON.',
  FST_ERR_CTP_BODY_TOO_LARGE: TOO_LARGE,
};

// Set by the handler itself on the way out; an error's own copy would contradict the body.
const OWN_HEADERS = new Set(['content-type', 'content-length', 'x-request-id']);
const SAFE_HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * Reads a thrown value by the http-errors conventions (`status` or `statusCode`, `expose`,
 * `headers`), so `createError(404)`, body-parser's 400 and Fastify's errors keep their status.
 * @example describeError(Object.assign(new Error('bad email'), { status: 422 })) // { status: 422, expose: true, … }
 */
export function describeError(err: unknown): ErrorFacts {
  const fields: Record<string, unknown> = typeof err === 'object' && err !== null ? (err as Record<string, unknown>) : {};
  const raw = typeof fields['status'] === 'number' ? fields['status'] : fields['statusCode'];
  const valid = typeof raw === 'number' && Number.isInteger(raw) && raw >= 400 && raw <= 599;
  const status = valid ? raw : 500;
  // A status that had to be replaced says nothing about what is safe to show.
  const expose = valid && (typeof fields['expose'] === 'boolean' ? fields['expose'] : status < 500);
  const code = typeof fields['code'] === 'string' ? fields['code'] : undefined;
  const type = typeof fields['type'] === 'string' ? fields['type'] : undefined;
  const known = (type !== undefined ? PUBLIC_MESSAGES[type] : undefined) ?? (code !== undefined ? PUBLIC_MESSAGES[code] : undefined);
  return {
    status,
    expose,
    name: errorName(err, fields),
    message: typeof fields['message'] === 'string' ? fields['message'] : safeString(err),
    publicMessage: valid && status < 500 ? known : undefined,
    stack: typeof fields['stack'] === 'string' ? fields['stack'] : undefined,
    code,
    headers: errorHeaders(fields['headers']),
  };
}

function errorName(err: unknown, fields: Record<string, unknown>): string {
  if (typeof fields['name'] === 'string' && fields['name'] !== '') return fields['name'];
  return typeof err === 'object' && err !== null ? 'Error' : `thrown ${typeof err}`;
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return 'an unprintable value was thrown'; // e.g. an object without a prototype
  }
}

function errorHeaders(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return headers;
  for (const [name, header] of Object.entries(value)) {
    if (OWN_HEADERS.has(name.toLowerCase())) continue;
    // A value Node would refuse (a newline, say) must not turn the error answer into a crash.
    if ((typeof header === 'string' || typeof header === 'number') && SAFE_HEADER_VALUE.test(String(header))) {
      headers[name] = String(header);
    }
  }
  return headers;
}
