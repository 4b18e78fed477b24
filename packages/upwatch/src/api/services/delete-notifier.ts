import { UpwatchError } from '../../core/errors.js';
import type { Monitor } from '../../core/monitor.js';
import { assertNotifierEditable, getNotifier, type NotifierDeps } from './get-notifier.js';

const NAMES_SHOWN = 10;

/**
 * Deletes a notifier made through the API. One that a monitor still names is kept: its alerts
 * would be dropped at the next outage ("no notifier named … any more"), and the monitor could no
 * longer be saved, since `notify` must name notifiers that exist.
 */
export async function deleteNotifier(deps: NotifierDeps, name: string): Promise<void> {
  const notifier = await getNotifier(deps, name);
  assertNotifierEditable(deps, notifier);
  const users = (await deps.store.listMonitors()).filter((m) => namesNotifier(m, name)).map((m) => `"${m.spec.name}"`);
  if (users.length > 0) {
    const shown = users.length > NAMES_SHOWN ? `${users.slice(0, NAMES_SHOWN).join(', ')} and ${users.length - NAMES_SHOWN} more` : users.join(', ');
    throw new UpwatchError('CONFLICT', `notifier "${name}" is still named by monitor${users.length > 1 ? 's' : ''} ${shown} (in notify or escalate): take it out of them first`);
  }
  await deps.store.deleteNotifier(name);
  await deps.notifiers.refresh();
}

function namesNotifier(monitor: Monitor, name: string): boolean {
  return monitor.spec.notify.includes(name) || monitor.spec.alerting.escalations.some((step) => step.notify.includes(name));
}
