import { EventEmitter } from 'node:events';
import type { Alert, AlertEventType } from '../core/alert.js';
import type { CheckResult } from '../core/check-result.js';
import type { DetectorState } from '../core/detector.js';
import type { Incident } from '../core/incident.js';
import type { RunPhase } from '../scheduler/scheduler.js';

/**
 * What the engine tells the rest of the process. Logs, metrics and (later) the dashboard's live
 * push subscribe to these; the engine knows none of them.
 */
export interface EngineEventMap {
  'check.completed': [{ monitorId: string; name: string; phase: RunPhase; check: CheckResult; state: DetectorState; lagMs: number }];
  'incident.opened': [{ monitorId: string; name: string; incident: Incident }];
  'incident.resolved': [{ monitorId: string; name: string; incident: Incident }];
  'alert.queued': [{ alert: Alert; notifiers: string[] }];
  /** An event that reached no one on purpose: a maintenance window or a flapping monitor held it. */
  'alert.suppressed': [{ monitorId: string; name: string; type: AlertEventType; reason: 'maintenance' | 'flapping'; window: string | null }];
  'engine.error': [{ monitorId: string; err: unknown }];
}

export class EngineEvents extends EventEmitter<EngineEventMap> {}
