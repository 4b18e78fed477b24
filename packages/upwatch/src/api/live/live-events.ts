import type { CheckResult } from '../../core/check-result.js';
import type { DetectorState } from '../../core/detector.js';
import type { Incident } from '../../core/incident.js';

/** A change the dashboard's live push tells clients about. */
export type LiveEvent =
  | { type: 'check'; monitorId: string; phase: 'regular' | 'confirm'; check: CheckResult; state: DetectorState }
  /** An incident opened or resolved (`resolvedAt` tells which). */
  | { type: 'incident'; monitorId: string; incident: Incident };

/**
 * Where live changes come from. The composition root feeds it from the engine's events
 * (server.ts), so the API needs no import of the engine and the engine knows nothing of the
 * dashboard. `subscribe` returns the function that ends the subscription.
 */
export interface LiveEvents {
  subscribe(listener: (event: LiveEvent) => void): () => void;
}
