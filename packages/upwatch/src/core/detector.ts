import type { CheckResult } from './check-result.js';

/**
 * The per-monitor state machine that tells a blip from an outage.
 *
 *   unknown/up --fail--> verifying --fail × confirm--> down --success × recover--> up
 *                            |                           |  \--success (recover > 1)--> recovering
 *                            \--success--> up (the failures were transient: no alert)
 *
 * Pure: it takes the state and one check result and says what follows; the engine does the I/O
 * (storing, scheduling, alerting). Incidents start at the first failed check, not at the confirmation,
 * because that is when users started to feel it.
 */

export type MonitorStatus = 'unknown' | 'up' | 'verifying' | 'down' | 'recovering';

export interface DetectorState {
  status: MonitorStatus;
  /** When the monitor entered `status`. */
  since: number;
  /** First failed check of the current failure episode (verifying, down, recovering). */
  failureStartedAt: number | null;
  /** Confirmation re-checks done so far while verifying. */
  confirmAttempts: number;
  /** Consecutive successes while recovering. */
  successes: number;
  /** The last successful check was slower than max_response_time. */
  degraded: boolean;
  /** The open incident while down or recovering. */
  incidentId: string | null;
  lastCheckAt: number | null;
}

export interface DetectorPolicy {
  confirm: number;
  recover: number;
  intervalMs: number;
}

export type NextCheck = { type: 'regular' } | { type: 'confirm'; delayMs: number };

export type DetectorEvent =
  | { type: 'down'; startedAt: number }
  | { type: 'up'; startedAt: number; resolvedAt: number }
  | { type: 'degraded' };

export interface DetectorStep {
  state: DetectorState;
  next: NextCheck;
  /** A transition worth telling people about. */
  event: DetectorEvent | null;
  /** Failed checks at or after this time were a blip: store them as transient. */
  transientSince: number | null;
}

export function initialState(now: number): DetectorState {
  return {
    status: 'unknown',
    since: now,
    failureStartedAt: null,
    confirmAttempts: 0,
    successes: 0,
    degraded: false,
    incidentId: null,
    lastCheckAt: null,
  };
}

/** Backoff before confirmation re-check number `attempt` (0-based): 1 s, 2 s, 4 s, … capped at 5 min. */
export function confirmDelayMs(attempt: number, retryAfterMs: number | null): number {
  const backoff = Math.min(1_000 * 2 ** attempt, MAX_CONFIRM_DELAY_MS);
  // A 503's Retry-After says when the server expects to be back: asking before then only measures
  // the overload again. It is honoured up to the same cap so an outage is still confirmed in minutes.
  const retryAfter = retryAfterMs === null ? 0 : Math.min(retryAfterMs, MAX_CONFIRM_DELAY_MS);
  return Math.max(backoff, retryAfter);
}

export const MAX_CONFIRM_DELAY_MS = 5 * 60_000;

/** Applies one check result to a monitor's state. */
export function step(prev: DetectorState, check: CheckResult, policy: DetectorPolicy): DetectorStep {
  const at = check.at;
  const base: DetectorState = { ...prev, lastCheckAt: at };
  const regular: NextCheck = { type: 'regular' };

  if (check.ok) {
    const slow = check.kind === 'degraded';
    switch (prev.status) {
      case 'unknown':
      case 'up': {
        const becameDegraded = slow && !prev.degraded;
        const status = 'up';
        return {
          state: { ...base, status, since: prev.status === status ? prev.since : at, degraded: slow },
          next: regular,
          event: becameDegraded ? { type: 'degraded' } : null,
          transientSince: null,
        };
      }
      case 'verifying':
        return {
          state: { ...base, status: 'up', since: at, failureStartedAt: null, confirmAttempts: 0, degraded: slow },
          next: regular,
          event: null,
          transientSince: prev.failureStartedAt,
        };
      case 'down':
      case 'recovering': {
        const successes = (prev.status === 'recovering' ? prev.successes : 0) + 1;
        if (successes >= policy.recover) {
          return {
            state: {
              ...base,
              status: 'up',
              since: at,
              failureStartedAt: null,
              confirmAttempts: 0,
              successes: 0,
              degraded: slow,
              incidentId: null,
            },
            next: regular,
            event: { type: 'up', startedAt: prev.failureStartedAt ?? prev.since, resolvedAt: at },
            transientSince: null,
          };
        }
        return {
          state: { ...base, status: 'recovering', since: prev.status === 'recovering' ? prev.since : at, successes, degraded: slow },
          next: regular,
          event: null,
          transientSince: null,
        };
      }
    }
  }

  const retryAfterMs = check.retryAfterMs;
  switch (prev.status) {
    case 'unknown':
    case 'up':
      if (policy.confirm <= 0) return goDown(base, at, at);
      return {
        state: { ...base, status: 'verifying', since: at, failureStartedAt: at, confirmAttempts: 0, successes: 0, degraded: false },
        next: { type: 'confirm', delayMs: confirmDelayMs(0, retryAfterMs) },
        event: null,
        transientSince: null,
      };
    case 'verifying': {
      const attempts = prev.confirmAttempts + 1;
      const startedAt = prev.failureStartedAt ?? at;
      if (attempts >= policy.confirm) return goDown(base, startedAt, at);
      return {
        state: { ...base, confirmAttempts: attempts },
        next: { type: 'confirm', delayMs: confirmDelayMs(attempts, retryAfterMs) },
        event: null,
        transientSince: null,
      };
    }
    case 'down':
      return { state: base, next: regular, event: null, transientSince: null };
    case 'recovering':
      // A failure while recovering means the outage goes on: same incident, no new alert.
      return { state: { ...base, status: 'down', since: at, successes: 0 }, next: regular, event: null, transientSince: null };
  }
}

function goDown(base: DetectorState, startedAt: number, at: number): DetectorStep {
  return {
    state: { ...base, status: 'down', since: at, failureStartedAt: startedAt, confirmAttempts: 0, successes: 0, degraded: false },
    next: { type: 'regular' },
    event: { type: 'down', startedAt },
    transientSince: null,
  };
}
