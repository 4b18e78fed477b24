import { STATUS_CODES } from 'node:http';
import type { ErrorFacts } from './describe-error.js';
import type { ErrorFormat } from './error-options.js';

/** An error answer, ready for any framework to send. */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: string;
}

/** The `json` format. `stack` only in development. */
export interface JsonErrorBody {
  error: string;
  message: string;
  requestId: string;
  stack?: string;
}

/** The `problem+json` format (RFC 9457) with `requestId` (and, in development, `stack`) as extension members. */
export interface ProblemErrorBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  stack?: string;
}

// Says where to look without saying what broke: the request id leads to the full log line.
const GENERIC_SERVER_MESSAGE = 'Something went wrong on our side. Quote the request id if you report this.';

/**
 * The status text for a code, as the `error` / `title` of a body.
 * @example statusText(422) // 'Unprocessable Entity'
 */
export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/**
 * Builds the answer. In production the message is the error's own only when it is exposed
 * (a 4xx by default); otherwise the status text for a 4xx and a generic sentence for a 5xx, and
 * never a stack: a database error's message carries SQL, its stack file paths.
 * @example buildErrorResponse(describeError(err), { requestId, path: '/api/users/7' }, { development: false, format: 'json' })
 */
export function buildErrorResponse(
  facts: ErrorFacts,
  request: { requestId: string; path: string },
  options: { development: boolean; format: ErrorFormat },
): ErrorResponse {
  const title = statusText(facts.status);
  const message = clientMessage(facts, title, options.development);
  const stack = options.development ? facts.stack : undefined;
  if (options.format === 'problem+json') {
    const body: ProblemErrorBody = {
      type: 'about:blank', // RFC 9457: no type of our own, so the title is the status text
      title,
      status: facts.status,
      detail: message,
      instance: request.path,
      requestId: request.requestId,
    };
    if (stack !== undefined) body.stack = stack;
    return { status: facts.status, headers: facts.headers, contentType: 'application/problem+json; charset=utf-8', body: JSON.stringify(body) };
  }
  const body: JsonErrorBody = { error: title, message, requestId: request.requestId };
  if (stack !== undefined) body.stack = stack;
  return { status: facts.status, headers: facts.headers, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}

function clientMessage(facts: ErrorFacts, title: string, development: boolean): string {
  if (development) return facts.message || title;
  if (facts.expose) return facts.publicMessage ?? (facts.message || title);
  return facts.status >= 500 ? GENERIC_SERVER_MESSAGE : title;
}

/**
 * The 404 for a path no route matched, in the handler's format.
 * @example notFoundResponse({ requestId, path: '/nope' }, 'json').body // '{"error":"Not Found","requestId":"…"}'
 */
export function notFoundResponse(request: { requestId: string; path: string }, format: ErrorFormat): ErrorResponse {
  if (format === 'problem+json') {
    const body = { type: 'about:blank', title: 'Not Found', status: 404, instance: request.path, requestId: request.requestId };
    return { status: 404, headers: {}, contentType: 'application/problem+json; charset=utf-8', body: JSON.stringify(body) };
  }
  const body = { error: 'Not Found', requestId: request.requestId };
  return { status: 404, headers: {}, contentType: 'application/json; charset=utf-8', body: JSON.stringify(body) };
}
