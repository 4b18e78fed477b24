import { validationError, type FieldError } from '../../core/errors.js';

/** A monitor may only name notifiers that exist, or its alerts would go nowhere. */
export function checkNotifiers(notify: string[], known: string[]): void {
  const errors: FieldError[] = [];
  notify.forEach((name, i) => {
    if (!known.includes(name)) {
      const defined = known.length > 0 ? `defined: ${known.join(', ')}` : 'none are defined in the config file';
      errors.push({ path: `notify[${i}]`, message: `no notifier named "${name}" (${defined})` });
    }
  });
  if (errors.length > 0) throw validationError(errors);
}
