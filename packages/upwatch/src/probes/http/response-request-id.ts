type Headers = Record<string, string | string[] | undefined>;

// The header names servers, proxies and platforms put their request id in, most specific first.
const REQUEST_ID_HEADERS = [
  'x-request-id',
  'x-correlation-id',
  'request-id',
  'x-amzn-requestid',
  'x-amz-request-id',
  'x-amz-cf-id',
  'cf-ray',
  'x-vercel-id',
  'fly-request-id',
  'x-github-request-id',
  'x-cloud-trace-context',
  'x-ms-request-id',
  'x-trace-id',
];

const MAX_LENGTH = 200;

/**
 * The request id the server answered with, the one to search its logs for: a header first, else
 * `requestId` / `request_id` in a JSON body (top level or under `error`). Sanitised, since it is
 * shown in alerts and terminals.
 * @example responseRequestId({ 'cf-ray': '8a1b-AMS' }, '') // '8a1b-AMS'
 */
export function responseRequestId(headers: Headers, body: string): string | null {
  for (const name of REQUEST_ID_HEADERS) {
    const raw = headers[name];
    const value = sanitize(Array.isArray(raw) ? raw[0] : raw);
    if (value !== null) return value;
  }
  return fromJsonBody(body);
}

function fromJsonBody(body: string): string | null {
  const text = body.trimStart();
  if (!text.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null; // not JSON, or cut off at the body limit
  }
  for (const holder of [parsed, field(parsed, 'error')]) {
    for (const key of ['requestId', 'request_id']) {
      const value = field(holder, key);
      if (typeof value === 'string' || typeof value === 'number') {
        const clean = sanitize(String(value));
        if (clean !== null) return clean;
      }
    }
  }
  return null;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function sanitize(value: string | undefined): string | null {
  if (value === undefined) return null;
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim().slice(0, MAX_LENGTH);
  return clean === '' ? null : clean;
}
