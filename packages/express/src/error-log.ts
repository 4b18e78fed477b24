import type { ErrorFacts } from './describe-error.js';
import type { ErrorLogger } from './error-options.js';
import type { RequestFacts } from './request-facts.js';

/** The one structured line written for each error. */
export interface ErrorLogLine {
  requestId: string;
  method: string;
  path: string;
  route?: string;
  status: number;
  errorName: string;
  message: string;
  stack: string | undefined;
  code?: string;
  timestamp: string;
  /** The response had started, so the error went on to the framework's own handler. */
  headersSent?: true;
}

/**
 * Writes the error in full (real message, stack, code) with the request's context: the log is
 * where the detail kept from the client goes. 4xx go to `warn` when the logger has it.
 * @example logError(logger, describeError(err), { requestId, method: 'GET', path: '/x', route: undefined }, new Date().toISOString())
 */
export function logError(
  logger: ErrorLogger,
  facts: ErrorFacts,
  request: RequestFacts,
  timestamp: string,
  headersSent = false,
): void {
  // Built in reading order; the optional keys are left out rather than written as undefined.
  const line: ErrorLogLine = {
    requestId: request.requestId,
    method: request.method,
    path: request.path,
    ...(request.route !== undefined && { route: request.route }),
    status: facts.status,
    errorName: facts.name,
    message: facts.message,
    stack: facts.stack,
    ...(facts.code !== undefined && { code: facts.code }),
    timestamp,
    ...(headersSent && { headersSent: true as const }),
  };
  const msg = headersSent ? 'request failed after its response had started' : 'request failed';
  if (facts.status < 500 && !headersSent && logger.warn) logger.warn(line, msg);
  else logger.error(line, msg);
}
