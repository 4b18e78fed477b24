import { pino } from 'pino';
import type { ErrorReporter } from './error-report.js';

/**
 * Where error lines go: pino, Fastify's `app.log`, or any object with `error(obj, msg)`.
 * With `warn`, 4xx errors are logged there, since a client's mistake is no outage.
 */
export interface ErrorLogger {
  error(obj: object, msg: string): void;
  warn?(obj: object, msg: string): void;
}

/** `json`: `{ error, message, requestId }`. `problem+json`: RFC 9457 `{ type, title, status, detail, instance, requestId }`. */
export type ErrorFormat = 'json' | 'problem+json';

/** Options of `errorHandler()` and of the Fastify plugin. */
export interface ErrorHandlerOptions {
  /** Answer with the real message and the stack. Default: `process.env.NODE_ENV === 'development'`. */
  development?: boolean;
  /** Default: a pino logger writing JSON lines to stdout. */
  logger?: ErrorLogger;
  /** Default: `json`. */
  format?: ErrorFormat;
  /** Called once per 5xx, after the response is done; it can neither delay nor break the response. */
  report?: ErrorReporter;
  /** Names the application in each report (and the default logger's `name`). */
  service?: string;
}

/** The options with every default filled in, decided once when the handler is made. */
export interface ResolvedErrorOptions {
  development: boolean;
  logger: ErrorLogger;
  format: ErrorFormat;
  report: ErrorReporter | undefined;
  service: string | undefined;
}

/**
 * Fills in the defaults. Anything but `NODE_ENV=development` counts as production, so a server
 * started without NODE_ENV never shows a stack.
 * @example resolveErrorOptions({ format: 'problem+json' }).development // false unless NODE_ENV=development
 */
export function resolveErrorOptions(options: ErrorHandlerOptions): ResolvedErrorOptions {
  return {
    development: options.development ?? process.env['NODE_ENV'] === 'development',
    logger: options.logger ?? pino(options.service === undefined ? {} : { name: options.service }),
    format: options.format ?? 'json',
    report: options.report,
    service: options.service,
  };
}
