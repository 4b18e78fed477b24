import type { FieldDef } from './form-fields';

export const NOTIFIER_TYPES = ['webhook', 'slack', 'discord', 'teams', 'telegram', 'ntfy', 'pagerduty', 'opsgenie', 'email'] as const;

const url = (required: boolean, hint?: string): FieldDef => ({ path: 'url', label: 'URL', kind: 'text', required, ...(hint ? { hint } : {}) });

/** Each notifier type's keys, as in the config file's `notifiers:` (README). */
const TYPE_FIELDS: Record<(typeof NOTIFIER_TYPES)[number], readonly FieldDef[]> = {
  webhook: [
    url(true),
    { path: 'headers', label: 'Headers', kind: 'headers', hint: 'One "Name: value" a line.' },
    { path: 'secret', label: 'Signing secret', kind: 'password' },
  ],
  slack: [url(true, 'The incoming webhook URL.')],
  discord: [url(true, 'The channel webhook URL.')],
  teams: [url(true, 'The workflow URL.')],
  telegram: [
    { path: 'bot_token', label: 'Bot token', kind: 'password', required: true },
    { path: 'chat_id', label: 'Chat id', kind: 'text', required: true },
    url(false, 'Default: the Telegram Bot API.'),
  ],
  ntfy: [url(false, 'Default https://ntfy.sh.'), { path: 'topic', label: 'Topic', kind: 'text', required: true }, { path: 'token', label: 'Access token', kind: 'password' }],
  pagerduty: [{ path: 'routing_key', label: 'Routing key', kind: 'password', required: true }, url(false)],
  opsgenie: [{ path: 'api_key', label: 'API key', kind: 'password', required: true }, url(false, 'EU: https://api.eu.opsgenie.com')],
  email: [
    { path: 'from', label: 'From', kind: 'text', required: true, placeholder: 'upwatch@example.com' },
    { path: 'to', label: 'To', kind: 'list', required: true, placeholder: 'ops@example.com', hint: 'Comma-separated.' },
    { path: 'smtp.host', label: 'SMTP host', kind: 'text', required: true },
    { path: 'smtp.port', label: 'SMTP port', kind: 'number', placeholder: '587' },
    { path: 'smtp.secure', label: 'TLS from the start (port 465)', kind: 'checkbox' },
    { path: 'smtp.user', label: 'SMTP user', kind: 'text' },
    { path: 'smtp.pass', label: 'SMTP password', kind: 'password' },
  ],
};

/** The fields of a notifier of `type`, name and type first. */
export function notifierFieldsOf(type: string): FieldDef[] {
  const own = TYPE_FIELDS[type as (typeof NOTIFIER_TYPES)[number]] ?? [];
  return [
    { path: 'name', label: 'Name', kind: 'text', required: true, hint: 'What monitors name in notify.' },
    { path: 'type', label: 'Type', kind: 'select', options: NOTIFIER_TYPES, required: true },
    ...own,
  ];
}
