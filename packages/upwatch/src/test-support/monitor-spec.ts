import assert from 'node:assert/strict';
import { DEFAULT_ALERTING } from '../core/alert-policy.js';
import type { CheckResult, FailedCheck } from '../core/check-result.js';
import { NO_EXPECTATIONS, type HttpExpectations, type MonitorSpec } from '../core/monitor.js';

/** An HTTP monitor spec for tests: no confirmation, a 5 s timeout, any 2xx/3xx accepted. */
export function httpMonitorSpec(url: string, overrides: Partial<Omit<MonitorSpec, 'expect'>> & { expect?: Partial<HttpExpectations> } = {}): MonitorSpec {
  const { expect, ...rest } = overrides;
  return {
    name: 'test',
    type: 'http',
    url,
    method: 'GET',
    headers: {},
    body: null,
    intervalMs: 60_000,
    timeoutMs: 5_000,
    confirm: 0,
    recover: 1,
    notify: [],
    alerting: { ...DEFAULT_ALERTING, flapping: null },
    ...rest,
    expect: { ...NO_EXPECTATIONS, ...expect },
  };
}

/** Asserts that a check failed, and narrows it. */
export function expectFailed(result: CheckResult): FailedCheck {
  assert.equal(result.ok, false, `expected a failed check, got ${JSON.stringify(result)}`);
  return result as FailedCheck;
}
