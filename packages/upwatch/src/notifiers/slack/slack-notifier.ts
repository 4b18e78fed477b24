import type { Notifier, NotifierDeps } from '../notifier.js';
import { createWebhookUrlNotifier } from '../webhook-url-notifier.js';
import type { SlackConfig } from './slack-config.js';
import { slackPayload } from './slack-payload.js';

/**
 * Posts each alert to a Slack incoming webhook. Slack answers 200 `ok`, or a status with a short
 * reason (400 invalid_payload, 403 action_prohibited, 404 channel_not_found, 410 channel_is_archived,
 * 429 with Retry-After, 500 rollup_error); postDelivery maps those to retryable or not.
 * @example createSlackNotifier('team', config, { publicUrl: 'https://upwatch.example.com' })
 */
export function createSlackNotifier(name: string, config: SlackConfig, deps: NotifierDeps): Notifier {
  return createWebhookUrlNotifier(name, { type: 'slack', url: config.url, timeoutMs: config.timeoutMs, render: slackPayload }, deps);
}
