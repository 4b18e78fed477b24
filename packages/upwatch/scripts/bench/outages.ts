import type { ReceivedHook } from '../../src/test-support/webhook-receiver.js';
import { monitorName } from './bench-config.js';
import type { Fleet } from './fleet.js';

/** Confirmation re-checks after the first failure with the default `confirm: 3`: 1 s + 2 s + 4 s. */
export const CONFIRM_FLOOR_MS = 7_000;
/** What delivery and the poll of the receiver add, at most, before a down is expected to be in. */
const DELIVERY_MARGIN_MS = 8_000;

export interface PlannedOutage {
  monitor: number;
  name: string;
  /** When its target path starts answering 500, after upwatch printed "serving". */
  afterMs: number;
}

export interface OutageResult extends PlannedOutage {
  startedAt: number | null;
  downAt: number | null;
  /** Outage start (the target switched to 500) to the `down` webhook received. */
  downLatencyMs: number | null;
  restoredAt: number | null;
  upAt: number | null;
  /** Target restored (right after the down arrived) to the `up` webhook received. */
  upLatencyMs: number | null;
}

/**
 * Picks `count` monitors spread over the fleet and times their outages: the first after every
 * monitor has had one good check (one interval), the last early enough that its alert can arrive
 * before the run ends (one interval for the next check, the confirmation floor, delivery).
 * @example planOutages({ count: 3, monitors: 1000, intervalMs: 60_000, durationMs: 180_000 })
 */
export function planOutages(options: { count: number; monitors: number; intervalMs: number; durationMs: number }): { outages: PlannedOutage[]; fitsInRun: boolean } {
  const first = options.intervalMs + 2_000;
  const last = options.durationMs - options.intervalMs - CONFIRM_FLOOR_MS - DELIVERY_MARGIN_MS;
  const fitsInRun = last >= first;
  const outages = Array.from({ length: options.count }, (_, k) => {
    const monitor = Math.floor(((k + 0.5) * options.monitors) / options.count);
    const afterMs = !fitsInRun || options.count === 1 ? first : first + ((last - first) * k) / (options.count - 1);
    return { monitor, name: monitorName(monitor), afterMs: Math.round(afterMs) };
  });
  return { outages, fitsInRun };
}

/**
 * Injects the planned outages into the fleet at their times and follows the webhooks: a target is
 * restored as soon as its `down` arrives, so the rest of the run sees it healthy again.
 * @example const injector = injectOutages(planned, fleet, receiver.received, upwatch.servingAt); … injector.stop(); injector.results();
 */
export function injectOutages(planned: PlannedOutage[], fleet: Fleet, received: readonly ReceivedHook[], startAt: number) {
  const results: OutageResult[] = planned.map((p) => ({ ...p, startedAt: null, downAt: null, downLatencyMs: null, restoredAt: null, upAt: null, upLatencyMs: null }));
  const timers = results.map((r) =>
    setTimeout(
      () => void fleet.fail([r.monitor]).then((at) => (r.startedAt = at)),
      Math.max(0, startAt + r.afterMs - Date.now()),
    ),
  );
  let seen = 0;
  const follow = setInterval(() => {
    for (; seen < received.length; seen++) {
      const hook = received[seen]!;
      const r = results.find((o) => o.name === hook.body?.monitor?.name);
      if (!r || r.startedAt === null) continue;
      if (hook.body.event === 'down' && r.downAt === null) {
        r.downAt = hook.at;
        r.downLatencyMs = hook.at - r.startedAt;
        void fleet.restore([r.monitor]).then((at) => (r.restoredAt = at));
      } else if (hook.body.event === 'up' && r.restoredAt !== null && r.upAt === null) {
        r.upAt = hook.at;
        r.upLatencyMs = hook.at - r.restoredAt;
      }
    }
  }, 100);
  return {
    results: () => results,
    stop() {
      for (const t of timers) clearTimeout(t);
      clearInterval(follow);
    },
  };
}
