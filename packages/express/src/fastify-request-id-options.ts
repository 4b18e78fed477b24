import type { IncomingMessage } from 'node:http';
import { pickRequestId } from './request-id-rule.js';

/** Fastify constructor options that give each request its id by the `requestId()` rule. */
export interface FastifyRequestIdOptions {
  genReqId: (req: IncomingMessage) => string;
  /** Off: with a header name, Fastify would take the caller's value unchecked. */
  requestIdHeader: false;
}

/**
 * Options for `Fastify({...})`: Fastify fixes `request.id` when the request arrives, before any
 * plugin runs, so the rule (keep a well-formed `X-Request-Id`, else a new UUID) goes here.
 * @example const app = Fastify({ logger: true, ...fastifyRequestIdOptions() });
 */
export function fastifyRequestIdOptions(options: { generate?: () => string } = {}): FastifyRequestIdOptions {
  const { generate } = options;
  return {
    genReqId: (req) => pickRequestId(req.headers['x-request-id'], generate),
    requestIdHeader: false,
  };
}
