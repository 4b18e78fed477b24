import { randomBytes } from 'node:crypto';
import type { ProbeKind } from '../probe-kind.js';
import { HEARTBEAT_KEYS, heartbeatOutput, parseHeartbeatInput } from './heartbeat-input.js';
import { createHeartbeatProbe, describeHeartbeat } from './heartbeat-probe.js';
import { HEARTBEAT_DEFAULTS, type HeartbeatSettings } from './heartbeat-settings.js';

/** `type: heartbeat`: a cron job or worker pings upwatch; silence, a /fail or a run too long is an outage. */
export const heartbeatKind: ProbeKind<HeartbeatSettings> = {
  type: 'heartbeat',
  summary: 'A job pings its secret URL (/ping/:token, /start, /fail); a missed, failed or overlong run is down.',
  keys: HEARTBEAT_KEYS,
  // Nothing to re-check: a deadline passed is passed, and the grace time already allows for a late job.
  defaults: { intervalMs: HEARTBEAT_DEFAULTS.intervalMs, confirm: 0 },
  parse: (raw, fail) => parseHeartbeatInput(raw, fail),
  output: heartbeatOutput,
  describe: describeHeartbeat,
  // A token is chosen once: kept from the monitor's stored version, else 128 random bits.
  prepare: (settings, previous) => (settings.token !== null ? settings : { ...settings, token: previous?.token ?? randomBytes(16).toString('base64url') }),
  uniqueValue: (settings) => (settings.token === null ? null : { key: 'token', value: settings.token }),
  createProbe: (deps) => createHeartbeatProbe({ now: deps.now, heartbeats: deps.heartbeats }),
};
