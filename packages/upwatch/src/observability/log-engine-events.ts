import type { Logger } from 'pino';
import { explain } from '../core/failure-kinds.js';
import type { EngineEvents } from '../engine/engine-events.js';

/** Writes what the engine does to the log: every check at debug, state changes at info and up. */
export function logEngineEvents(events: EngineEvents, logger: Logger): void {
  events.on('check.completed', ({ name, phase, check, state, lagMs }) => {
    logger.debug(
      { monitor: name, phase, ok: check.ok, kind: check.kind, status: check.status, ms: Math.round(check.timings.total), state: state.status, lagMs },
      'check',
    );
    if (!check.ok && phase === 'regular' && state.status === 'verifying') {
      logger.info({ monitor: name, kind: check.kind, status: check.status, error: check.error }, 'check failed, verifying');
    }
  });
  events.on('incident.opened', ({ name, incident }) => {
    logger.warn(
      { monitor: name, incident: incident.id, kind: incident.cause.kind, status: incident.cause.status, requestId: incident.cause.requestId, responseRequestId: incident.cause.responseRequestId },
      `DOWN: ${explain(incident.cause.kind)}`,
    );
  });
  events.on('incident.resolved', ({ name, incident }) => {
    logger.info({ monitor: name, incident: incident.id, downtimeS: Math.round(((incident.resolvedAt ?? 0) - incident.startedAt) / 1000) }, 'UP: recovered');
  });
  events.on('alert.queued', ({ alert, notifiers }) => {
    if (alert.type !== 'down' && alert.type !== 'up') logger.info({ monitor: alert.monitor.name, alert: alert.id, type: alert.type, notifiers }, `alert queued: ${alert.type}`);
  });
  events.on('alert.suppressed', ({ name, type, reason, window }) => {
    const why = reason === 'maintenance' ? `maintenance window ${window ?? ''}`.trim() : 'the monitor is flapping';
    logger.info({ monitor: name, type, reason, window }, `alert held: ${type} (${why})`);
  });
  events.on('engine.error', ({ monitorId, err }) => logger.error({ monitorId, err }, 'engine error'));
}
