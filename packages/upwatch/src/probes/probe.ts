import type { CheckResult } from '../core/check-result.js';
import type { MonitorSpec, MonitorTarget } from '../core/monitor.js';

/** What every probe is given besides the monitor. */
export interface ProbeRunOptions {
  /** Aborting it ends the check at once; the result is a failed check of kind `error`. */
  signal?: AbortSignal;
  /** The stored monitor being checked: kinds that judge what was recorded for it (heartbeats) need it. */
  monitor?: { id: string; watchedSince: number };
}

/**
 * Observes one monitor once. Failures are data: `run` resolves with `{ ok: false, kind, … }` for a
 * down endpoint and rejects only on a bug. It decides nothing; the detector does.
 * @example const result = await probe.run(spec, { signal });
 */
export interface Probe {
  run(monitor: MonitorSpec, options: ProbeRunOptions): Promise<CheckResult>;
  /** What the monitor watches, in the words alerts use. */
  describe(monitor: MonitorSpec): MonitorTarget;
}
