import type { Notifier, NotifierDeps } from '../notifier.js';
import { createWebhookUrlNotifier } from '../webhook-url-notifier.js';
import type { TeamsConfig } from './teams-config.js';
import { teamsPayload } from './teams-payload.js';

/**
 * Posts each alert to a Teams Workflows webhook. The flow answers 202 Accepted once it has the
 * request, and posts the card to the channel afterwards: a card the flow fails to post shows in the
 * flow's run history, not here. A refusal before that comes back as a status (400 when the body does
 * not match the trigger, 401/403 when the flow is not open to anyone, 404 when it was deleted or
 * turned off, 429 with Retry-After past about four requests a second).
 * @example createTeamsNotifier('office', config, { publicUrl: 'https://upwatch.example.com' })
 */
export function createTeamsNotifier(name: string, config: TeamsConfig, deps: NotifierDeps): Notifier {
  return createWebhookUrlNotifier(name, { type: 'teams', url: config.url, timeoutMs: config.timeoutMs, render: teamsPayload }, deps);
}
