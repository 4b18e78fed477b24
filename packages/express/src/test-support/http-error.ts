import { STATUS_CODES } from 'node:http';

/** An error shaped by the http-errors conventions: `status`, `statusCode`, `expose`, `headers`. */
export interface HttpErrorLike extends Error {
  status: number;
  statusCode: number;
  expose: boolean;
  headers?: Record<string, string>;
}

/**
 * What `createError(status, message)` from http-errors makes, written out so the tests need no
 * dependency the package does not declare: `expose` defaults to true below 500.
 * @example throw httpError(422, 'email must contain "@"');
 */
export function httpError(status: number, message: string, extra: { expose?: boolean; headers?: Record<string, string> } = {}): HttpErrorLike {
  const err = new Error(message) as HttpErrorLike;
  err.name = `${(STATUS_CODES[status] ?? 'Http').replace(/[^A-Za-z]/g, '')}Error`; // 422: UnprocessableEntityError
  err.status = status;
  err.statusCode = status;
  err.expose = extra.expose ?? status < 500;
  if (extra.headers) err.headers = extra.headers;
  return err;
}
