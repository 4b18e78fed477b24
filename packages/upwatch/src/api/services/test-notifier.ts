import { UpwatchError } from '../../core/errors.js';
import type { NotifierTestOutcome } from '../api-deps.js';
import { getNotifier, type NotifierDeps } from './get-notifier.js';

/**
 * Sends a test alert through a notifier now, as `upwatch notify test` does, and gives the
 * receiver's answer. Nothing is queued or recorded: a refusal is the answer, not an error.
 */
export async function testNotifier(deps: NotifierDeps, name: string): Promise<NotifierTestOutcome> {
  const notifier = await getNotifier(deps, name);
  const outcome = await deps.notifiers.sendTest(notifier.name);
  if (outcome === undefined) {
    throw new UpwatchError('CONFLICT', `notifier "${name}" is not running: its settings no longer pass their check (the server log says why); fix them with PATCH`);
  }
  return outcome;
}
