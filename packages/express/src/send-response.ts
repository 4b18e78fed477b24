import type { ServerResponse } from 'node:http';
import type { ErrorResponse } from './error-response.js';

// Headers a route may have set for the body it meant to send, wrong for the error body instead.
const CONTENT_HEADERS = ['content-encoding', 'content-language', 'content-range', 'content-disposition', 'etag', 'last-modified'];

/**
 * Sends an error answer on a plain Node response: Express 4 and 5 differ in `res.status()` and
 * `res.json()`, not in this.
 * @example sendResponse(res, notFoundResponse({ requestId, path }, 'json'), req.method === 'HEAD');
 */
export function sendResponse(res: ServerResponse, response: ErrorResponse, head: boolean): void {
  for (const name of CONTENT_HEADERS) res.removeHeader(name);
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader('content-type', response.contentType);
  res.setHeader('content-length', Buffer.byteLength(response.body));
  res.setHeader('x-content-type-options', 'nosniff');
  res.end(head ? undefined : response.body);
}
