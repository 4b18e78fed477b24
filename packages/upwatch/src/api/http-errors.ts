import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { loggedPath } from './logged-path.js';
import type { FieldError, UpwatchErrorCode } from '../core/errors.js';
import { isUpwatchError } from '../core/errors.js';

/** The one place where error codes become HTTP statuses. */
const STATUS_FOR_CODE = {
  VALIDATION: 400,
  CONFIG_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  READ_ONLY: 409,
} as const satisfies Record<UpwatchErrorCode, number>;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

interface ErrorBody {
  error: string;
  code: string;
  message: string;
  fields?: FieldError[];
  requestId: string;
}

/**
 * The API's global error handler. It practises what upwatch teaches: the full error is logged
 * with the request id; the client gets a structured answer with that id, never a stack trace, a
 * file path or a query.
 */
export function apiErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const requestId = String(request.id);
  let status: number;
  let body: ErrorBody;
  if (isUpwatchError(err)) {
    status = STATUS_FOR_CODE[err.code];
    body = { error: STATUS_TEXT[status] ?? 'Error', code: err.code, message: err.message, requestId };
    if (err.fields.length > 0) body.fields = err.fields;
  } else if (err.validation) {
    // Fastify's own checks (params, querystring) speak JSON-pointer-ish; name the field plainly.
    const fields = err.validation.map((v) => ({
      path: (v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(v.params?.['missingProperty'] ?? '')) || '(body)',
      message: v.message ?? 'is not valid',
    }));
    status = 400;
    body = { error: 'Bad Request', code: 'VALIDATION', message: `${fields[0]?.path}: ${fields[0]?.message}`, fields, requestId };
  } else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    // Fastify's client errors (malformed JSON, body too large, wrong content type) are safe to name.
    status = err.statusCode;
    body = { error: STATUS_TEXT[status] ?? 'Bad Request', code: err.code ?? 'BAD_REQUEST', message: clientMessage(err), requestId };
  } else {
    status = 500;
    request.log.error({ err, method: request.method, url: loggedPath(request), requestId }, 'unhandled error in the API');
    body = {
      error: 'Internal Server Error',
      code: 'INTERNAL',
      message: 'Something went wrong on our side. Search the upwatch logs for this request id.',
      requestId,
    };
  }
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  if (status < 500) request.log.info({ requestId, status, code: body.code }, body.message);
  void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
}

function clientMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is not valid JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the body is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'send the body as application/json';
    default:
      return err.message;
  }
}

/** 404 for a path the API does not have, in the same shape as every other error. */
export function apiNotFound(request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send({
    error: 'Not Found',
    code: 'NOT_FOUND',
    message: `no route ${request.method} ${request.url.split('?')[0]}`,
    requestId: String(request.id),
  });
}
