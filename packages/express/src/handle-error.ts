import type { ServerResponse } from 'node:http';
import { afterResponse } from './after-response.js';
import { describeError } from './describe-error.js';
import { logError } from './error-log.js';
import type { ResolvedErrorOptions } from './error-options.js';
import { buildErrorReport, deliverReport } from './error-report.js';
import { buildErrorResponse, type ErrorResponse } from './error-response.js';
import type { RequestFacts } from './request-facts.js';

/**
 * What every framework adapter does with an error: log it in full, build the answer for the
 * client, and arrange the report of a 5xx for after `res` is done. The adapter only sends.
 * @example const answer = handleError(err, facts, options, res); send(answer);
 */
export function handleError(
  err: unknown,
  request: RequestFacts,
  options: ResolvedErrorOptions,
  res: ServerResponse,
): ErrorResponse {
  const facts = describeError(err);
  const timestamp = new Date().toISOString();
  logError(options.logger, facts, request, timestamp);
  const { report } = options;
  if (report && facts.status >= 500) {
    const payload = buildErrorReport(facts, request, timestamp, options.service);
    afterResponse(res, () => deliverReport(report, payload, options.logger));
  }
  return buildErrorResponse(facts, request, options);
}

/**
 * Logs an error that came after the response had started: nothing can be answered any more, so
 * the adapter hands it on to the framework, which ends the connection.
 * @example logLateError(err, facts, options); next(err);
 */
export function logLateError(err: unknown, request: RequestFacts, options: ResolvedErrorOptions): void {
  logError(options.logger, describeError(err), request, new Date().toISOString(), true);
}
