import assert from 'node:assert/strict';
import { DEFAULT_ALERTING } from '../core/alert-policy.js';
import type { CheckResult, FailedCheck } from '../core/check-result.js';
import type { MonitorSpec } from '../core/monitor.js';
import { NO_EXPECTATIONS, NO_REQUEST_OPTIONS, type HttpExpectations, type HttpSettings } from '../probes/http/http-settings.js';

type CommonOverrides = Partial<Omit<MonitorSpec, 'settings' | 'type'>>;
type HttpOverrides = Partial<Omit<HttpSettings, 'url' | 'expect'>> & { expect?: Partial<HttpExpectations> };

/** The common keys of a spec for tests: no confirmation, a 5 s timeout, flapping off. */
export function monitorSpec<S>(type: string, settings: S, overrides: CommonOverrides = {}): MonitorSpec<S> {
  return {
    name: 'test',
    type,
    settings,
    intervalMs: 60_000,
    timeoutMs: 5_000,
    confirm: 0,
    recover: 1,
    notify: [],
    tags: [],
    alerting: { ...DEFAULT_ALERTING, flapping: null },
    ...overrides,
  };
}

/** An HTTP monitor spec for tests: no confirmation, a 5 s timeout, any 2xx/3xx accepted. */
export function httpMonitorSpec(url: string, overrides: CommonOverrides & HttpOverrides = {}): MonitorSpec<HttpSettings> {
  const { method, headers, body, expect, ...common } = overrides;
  const settings: HttpSettings = { ...NO_REQUEST_OPTIONS, url, method: method ?? 'GET', headers: headers ?? {}, body: body ?? null, expect: { ...NO_EXPECTATIONS, ...expect } };
  return monitorSpec('http', settings, common);
}

/** The http settings of a spec, for assertions. */
export function httpSettings(spec: MonitorSpec): HttpSettings {
  assert.equal(spec.type, 'http');
  return spec.settings as HttpSettings;
}

/** Asserts that a check failed, and narrows it. */
export function expectFailed(result: CheckResult): FailedCheck {
  assert.equal(result.ok, false, `expected a failed check, got ${JSON.stringify(result)}`);
  return result as FailedCheck;
}
