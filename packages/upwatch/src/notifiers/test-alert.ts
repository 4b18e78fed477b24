import { randomUUID } from 'node:crypto';
import type { Alert } from '../core/alert.js';
import { ZERO_TIMINGS } from '../core/check-result.js';
import type { MonitorTarget } from '../core/monitor.js';
import type { Notifier, SendResult } from './notifier.js';

/** Enough for the notifier's own timeout and its one quick retry; a send never takes longer. */
const SEND_DEADLINE_MS = 60_000;

/** The monitor a test alert names: one that uses the notifier, so the message looks like a real one. */
export type TestAlertMonitor = MonitorTarget & { name: string; type: string };

/** What a test send came to: the receiver's answer and how long it took. */
export interface TestSendOutcome {
  notifier: string;
  type: string;
  result: SendResult;
  ms: number;
}

/**
 * Sends one test alert through a notifier at once, outside the outbox (nothing is recorded or
 * retried): what `upwatch notify test` and `POST /api/notifiers/:name/test` do.
 * @example const outcome = await sendTestAlert(notifier, monitorUsingIt, 'https://upwatch.example.com')
 */
export async function sendTestAlert(notifier: Notifier, monitor: TestAlertMonitor | null, publicUrl: string | null, now = Date.now()): Promise<TestSendOutcome> {
  const alert = testAlert(monitor, publicUrl, now);
  const started = performance.now();
  const result = await notifier.send(alert, { deliveryId: 0, attempt: 1, signal: AbortSignal.timeout(SEND_DEADLINE_MS) });
  return { notifier: notifier.name, type: notifier.type, result, ms: Math.round(performance.now() - started) };
}

/**
 * The outcome in one line a person reads, as the CLI prints it and the API returns it.
 * @example describeTestOutcome(outcome) // 'ops (webhook): delivered (HTTP 200, 12 ms)'
 */
export function describeTestOutcome({ notifier, type, result, ms }: TestSendOutcome): string {
  const status = result.httpStatus === null ? '' : `HTTP ${result.httpStatus}, `;
  if (result.ok) return `${notifier} (${type}): delivered (${status}${ms} ms)`;
  const retry = result.retryable ? 'the outbox would retry this' : 'the outbox would not retry this: fix the settings';
  return `${notifier} (${type}): not delivered (${status}${ms} ms): ${result.error}; ${retry}`;
}

/** A `test` alert about `monitor`, or about upwatch itself when no monitor uses the notifier yet. */
function testAlert(monitor: TestAlertMonitor | null, publicUrl: string | null, now: number): Alert {
  const url = publicUrl ?? 'http://127.0.0.1/';
  return {
    id: randomUUID(),
    type: 'test',
    at: now,
    monitor: monitor ? { id: 'upwatch-test', ...monitor } : { id: 'upwatch-test', name: 'upwatch', type: 'http', target: `GET ${url}`, url, method: 'GET' },
    incident: null,
    check: { ok: true, kind: null, at: now, timings: ZERO_TIMINGS, status: 200, requestId: randomUUID(), traceId: randomUUID().replace(/-/g, ''), responseRequestId: null, error: null },
  };
}

/**
 * The outcome as plain fields, for the API's answer to `POST /api/notifiers/:name/test`.
 * @example summarizeTestOutcome(outcome) // { delivered: true, httpStatus: 200, ms: 12, error: null, retryable: null, message: 'ops (webhook): delivered (HTTP 200, 12 ms)' }
 */
export function summarizeTestOutcome(outcome: TestSendOutcome) {
  const { result } = outcome;
  return {
    delivered: result.ok,
    httpStatus: result.httpStatus,
    ms: outcome.ms,
    error: result.ok ? null : result.error,
    retryable: result.ok ? null : result.retryable,
    message: describeTestOutcome(outcome),
  };
}
