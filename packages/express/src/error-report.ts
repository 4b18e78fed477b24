import type { ErrorFacts } from './describe-error.js';
import type { ErrorLogger } from './error-options.js';
import type { RequestFacts } from './request-facts.js';

/** The version of {@link ErrorReport}'s shape; a change that breaks a reader bumps it. */
export const ERROR_REPORT_VERSION = 1;

/**
 * What the `report` hook receives for each 5xx: the payload an upwatch server will ingest.
 * Version 1. Every key is always present (`null` when unknown), so the shape is the same on the
 * wire. It holds the real message and stack: it goes to your own server, not to the client.
 */
export interface ErrorReport {
  version: typeof ERROR_REPORT_VERSION;
  requestId: string;
  method: string;
  /** The route pattern (`/api/users/:id`) when known, else the path without its query string. */
  route: string;
  status: number;
  /** The error's `name` (`TypeError`, `DatabaseError`, …). */
  name: string;
  message: string;
  stack: string | null;
  /** ISO 8601, the same instant as the log line's `timestamp`. */
  timestamp: string;
  /** The `service` option. */
  service: string | null;
}

/** The `report` option: may be async; its failures are logged, never thrown. */
export type ErrorReporter = (report: ErrorReport) => void | Promise<void>;

/**
 * The report for one failed request.
 * @example buildErrorReport(facts, request, new Date().toISOString(), 'billing-api').route // '/api/users/:id'
 */
export function buildErrorReport(facts: ErrorFacts, request: RequestFacts, timestamp: string, service: string | undefined): ErrorReport {
  return {
    version: ERROR_REPORT_VERSION,
    requestId: request.requestId,
    method: request.method,
    route: request.route ?? request.path,
    status: facts.status,
    name: facts.name,
    message: facts.message,
    stack: facts.stack ?? null,
    timestamp,
    service: service ?? null,
  };
}

/**
 * Hands a report to the reporter. A throw or a rejection is logged once and goes no further:
 * a broken reporter must not turn one error into two, nor crash the process.
 * @example deliverReport((r) => fetch(url, { method: 'POST', body: JSON.stringify(r) }), report, logger)
 */
export function deliverReport(reporter: ErrorReporter, report: ErrorReport, logger: ErrorLogger): void {
  const failed = (err: unknown): void => {
    logger.error(
      { requestId: report.requestId, reportError: err instanceof Error ? err.message : String(err) },
      'the error report hook failed',
    );
  };
  try {
    const result = reporter(report);
    if (result && typeof result.then === 'function') result.then(undefined, failed);
  } catch (err) {
    failed(err);
  }
}
