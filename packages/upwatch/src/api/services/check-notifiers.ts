import { validationError, type FieldError } from '../../core/errors.js';
import type { MonitorSpec } from '../../core/monitor.js';

/** A monitor may only name notifiers that exist, in notify and in its escalations, or its alerts would go nowhere. */
export function checkNotifiers(spec: MonitorSpec, known: string[]): void {
  const errors: FieldError[] = [];
  const defined = known.length > 0 ? `defined: ${known.join(', ')}` : 'none are defined: add one in the config file or with POST /api/notifiers';
  const check = (names: string[], path: string) =>
    names.forEach((name, i) => {
      if (!known.includes(name)) errors.push({ path: `${path}[${i}]`, message: `no notifier named "${name}" (${defined})` });
    });
  check(spec.notify, 'notify');
  spec.alerting.escalations.forEach((step, k) => check(step.notify, `escalate[${k}].notify`));
  if (errors.length > 0) throw validationError(errors);
}
