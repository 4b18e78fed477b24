import type { FieldDef } from './form-fields';

/** The kinds of monitor, as the API's `type`. */
export const MONITOR_TYPES = ['http', 'tcp', 'dns', 'tls', 'heartbeat'] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];

/** The keys every kind shares (src/config/monitor-input-schema.ts). */
export const COMMON_FIELDS: readonly FieldDef[] = [
  { path: 'name', label: 'Name', kind: 'text', required: true, placeholder: 'api', hint: 'Unique; no / \\ ? # or %.' },
  { path: 'type', label: 'Type', kind: 'select', options: MONITOR_TYPES, required: true },
];

export const SCHEDULE_FIELDS: readonly FieldDef[] = [
  { path: 'interval', label: 'Interval', kind: 'text', placeholder: '60s', hint: 'How often to check, such as 30s or 5m. Default 60s (heartbeats: 30s).' },
  { path: 'timeout', advanced: true, label: 'Timeout', kind: 'text', placeholder: '10s', hint: 'Give up on a check after this long.' },
  { path: 'confirm', label: 'Confirmations', kind: 'number', placeholder: '3', hint: 'Re-checks that must all fail before the monitor is down.' },
  { path: 'recover', advanced: true, label: 'Recoveries', kind: 'number', placeholder: '1', hint: 'Successes that bring a down monitor up.' },
  { path: 'notify', label: 'Notify', kind: 'list', placeholder: 'ops, oncall', hint: 'Names of notifiers, comma-separated.' },
  { path: 'remind_every', advanced: true, label: 'Remind every', kind: 'text', placeholder: '30m', hint: 'Repeat the down alert while it lasts. Default: never.' },
  { path: 'tags', label: 'Tags', kind: 'list', placeholder: 'prod, api', hint: 'Comma-separated; the list filters by them.' },
];

/** Each kind's own keys: all of http's common ones, the main keys of the others. */
export const KIND_FIELDS: Record<MonitorType, readonly FieldDef[]> = {
  http: [
    { path: 'url', label: 'URL', kind: 'text', required: true, placeholder: 'https://example.com/health' },
    { path: 'method', label: 'Method', kind: 'select', options: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] },
    { path: 'headers', advanced: true, label: 'Request headers', kind: 'headers', placeholder: 'Accept: application/json', hint: 'One "Name: value" a line.' },
    { path: 'body', advanced: true, label: 'Request body', kind: 'textarea' },
    { path: 'expect.status', label: 'Expected status', kind: 'status-list', placeholder: '200, 3xx', hint: 'Codes, classes (2xx) or ranges (200-299). Default: any 2xx or 3xx.' },
    { path: 'expect.body_contains', label: 'Body contains', kind: 'text' },
    { path: 'expect.body_not_contains', advanced: true, label: 'Body does not contain', kind: 'text' },
    { path: 'expect.body_matches', advanced: true, label: 'Body matches (regular expression)', kind: 'text' },
    { path: 'expect.max_response_time', label: 'Max response time', kind: 'text', placeholder: '2s', hint: 'Slower answers count as degraded, not down.' },
    { path: 'bearer_token', advanced: true, label: 'Bearer token', kind: 'password' },
    { path: 'max_redirects', advanced: true, label: 'Max redirects', kind: 'number', placeholder: '5' },
    { path: 'user_agent', advanced: true, label: 'User-Agent', kind: 'text' },
  ],
  tcp: [
    { path: 'host', label: 'Host', kind: 'text', required: true, placeholder: 'db.internal' },
    { path: 'port', label: 'Port', kind: 'number', required: true, placeholder: '5432' },
  ],
  dns: [
    { path: 'query', label: 'Query', kind: 'text', required: true, placeholder: 'example.com' },
    { path: 'record', label: 'Record type', kind: 'select', options: ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'CAA', 'PTR', 'SOA'] },
    { path: 'expect', label: 'Expected answers', kind: 'list', placeholder: '93.184.216.34', hint: 'Values that must all be among the answers, comma-separated.' },
    { path: 'resolver', advanced: true, label: 'Resolver', kind: 'text', placeholder: '1.1.1.1', hint: 'Default: the system resolvers.' },
  ],
  tls: [
    { path: 'host', label: 'Host', kind: 'text', required: true, placeholder: 'example.com' },
    { path: 'port', label: 'Port', kind: 'number', placeholder: '443' },
    { path: 'servername', advanced: true, label: 'Server name (SNI)', kind: 'text' },
    { path: 'warn_days', label: 'Warn days before expiry', kind: 'number-list', placeholder: '30, 14, 7, 1' },
  ],
  heartbeat: [
    { path: 'every', label: 'Expected every', kind: 'text', placeholder: '1h', hint: 'The job pings at least this often (or give a cron schedule).' },
    { path: 'cron', label: 'Cron schedule', kind: 'text', placeholder: '0 3 * * *' },
    { path: 'tz', advanced: true, label: 'Time zone', kind: 'text', placeholder: 'UTC' },
    { path: 'grace', label: 'Grace', kind: 'text', placeholder: '5m', hint: 'How late a ping may be.' },
    { path: 'max_runtime', advanced: true, label: 'Max runtime', kind: 'text', hint: 'A /start with no finish within this is a failure.' },
  ],
};

/** Every field a monitor of `type` has, in the order of the form. */
export function fieldsOf(type: string): FieldDef[] {
  const kind = KIND_FIELDS[(MONITOR_TYPES as readonly string[]).includes(type) ? (type as MonitorType) : 'http'];
  return [...COMMON_FIELDS, ...kind, ...SCHEDULE_FIELDS];
}
