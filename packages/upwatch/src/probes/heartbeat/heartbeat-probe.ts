import type { CheckResult } from '../../core/check-result.js';
import { ZERO_TIMINGS } from '../../core/check-result.js';
import type { HeartbeatReader } from '../../core/heartbeat.js';
import type { MonitorTarget } from '../../core/monitor.js';
import type { Probe } from '../probe.js';
import { durationText } from '../../config/input-readers.js';
import { judgeHeartbeat, scheduleText } from './heartbeat-verdict.js';
import type { HeartbeatSettings } from './heartbeat-settings.js';

export interface HeartbeatProbeDeps {
  now?: () => number;
  heartbeats?: HeartbeatReader;
}

/**
 * The heartbeat probe sends nothing: it judges the pings the job sent, kept in memory by the
 * server, against the schedule. A ping makes the server run it at once, so a recovery or a
 * reported failure is told without waiting for the next interval.
 * @example await createHeartbeatProbe({ heartbeats }).run(spec, { monitor: { id, watchedSince } })
 */
export function createHeartbeatProbe(deps: HeartbeatProbeDeps): Probe {
  const now = deps.now ?? Date.now;
  return {
    describe: (spec) => describeHeartbeat(spec.settings as HeartbeatSettings),
    async run(spec, options): Promise<CheckResult> {
      const at = now();
      const facts = { at, timings: ZERO_TIMINGS, status: null, requestId: '', traceId: '', responseRequestId: null };
      if (options.signal?.aborted) return { ...facts, ok: false, kind: 'error', error: 'the check was cancelled', retryAfterMs: null };
      if (!deps.heartbeats || !options.monitor) {
        return { ...facts, ok: false, kind: 'error', error: 'heartbeats are judged by a running server only', retryAfterMs: null };
      }
      const verdict = judgeHeartbeat(spec.settings as HeartbeatSettings, deps.heartbeats.last(options.monitor.id), options.monitor.watchedSince, at);
      return verdict.ok ? { ...facts, ok: true, kind: null, error: null } : { ...facts, ok: false, kind: verdict.kind, error: verdict.error, retryAfterMs: null };
    },
  };
}

/**
 * What a heartbeat monitor watches: its schedule. Never its ping URL: alerts go to chat rooms and
 * incident tools, and whoever holds the token can ping in a dead job's place.
 */
export function describeHeartbeat(settings: HeartbeatSettings): MonitorTarget {
  const target = `heartbeat ${scheduleText(settings)}, grace ${durationText(settings.graceMs)}`;
  return { target, url: `heartbeat:${scheduleText(settings).replace(/\s+/g, '-')}`, method: null };
}
