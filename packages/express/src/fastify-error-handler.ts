// Types only: an Express user installs no Fastify, and this file must load without it.
import type { FastifyError, FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { resolveErrorOptions, type ErrorHandlerOptions, type ResolvedErrorOptions } from './error-options.js';
import { notFoundResponse, type ErrorResponse } from './error-response.js';
import { handleError, logLateError } from './handle-error.js';
import { pathWithoutQuery, type RequestFacts } from './request-facts.js';

function plugin(fastify: FastifyInstance, options: ErrorHandlerOptions, done: (err?: Error) => void): void {
  const resolved = resolveErrorOptions(options);

  fastify.addHook('onRequest', (request, reply, next) => {
    void reply.header('x-request-id', String(request.id));
    next();
  });
  fastify.setErrorHandler(function upwatchFastifyErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    handle(error, request, reply, resolved);
  });
  fastify.setNotFoundHandler(function upwatchFastifyNotFound(request: FastifyRequest, reply: FastifyReply) {
    const answer = notFoundResponse({ requestId: String(request.id), path: pathWithoutQuery(request.url) }, resolved.format);
    send(reply, answer, String(request.id));
  });
  done();
}

function handle(error: FastifyError, request: FastifyRequest, reply: FastifyReply, options: ResolvedErrorOptions): void {
  const facts: RequestFacts = {
    requestId: String(request.id),
    method: request.method,
    path: pathWithoutQuery(request.url),
    route: request.routeOptions.url,
  };
  if (reply.sent || reply.raw.headersSent) {
    logLateError(error, facts, options);
    // As Express's next(err): Fastify's own handling, which aborts a response already under way.
    throw error;
  }
  send(reply, handleError(error, facts, options, reply.raw), facts.requestId);
}

function send(reply: FastifyReply, answer: ErrorResponse, requestId: string): void {
  void reply
    .code(answer.status)
    .headers(answer.headers)
    .header('x-request-id', requestId)
    .header('content-type', answer.contentType)
    .header('x-content-type-options', 'nosniff')
    .send(answer.body);
}

/**
 * The Fastify plugin: the same error handling as `errorHandler()` (log line, bodies, report hook)
 * through `setErrorHandler` and `setNotFoundHandler`, and the `X-Request-Id` header on every
 * answer. Applies to the whole instance, like a plugin wrapped in fastify-plugin. Give the
 * constructor `fastifyRequestIdOptions()` so the ids follow the same rule.
 * @example
 * const app = Fastify({ ...fastifyRequestIdOptions() });
 * await app.register(fastifyErrorHandler, { service: 'billing-api' });
 */
export const fastifyErrorHandler: FastifyPluginCallback<ErrorHandlerOptions> = Object.assign(plugin, {
  // fastify-plugin's convention, written out so that it need not be a dependency.
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: '@upwatch/express',
  [Symbol.for('plugin-meta')]: { name: '@upwatch/express', fastify: '5.x' },
});
