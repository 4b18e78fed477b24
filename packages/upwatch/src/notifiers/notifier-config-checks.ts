import { formatDuration, parseDuration } from '../core/duration.js';

/** One problem with a notifier's entry, named by its key so the loader can point at the line. */
export interface NotifierConfigError {
  key: string;
  message: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 5 * 60_000;

/**
 * The checks every provider's config shares. Each pushes its problems onto `errors` and returns
 * the parsed value, so a provider reports all of an entry's problems at once.
 */
export function httpUrlFrom(key: string, value: string, errors: NotifierConfigError[], example = 'https://hooks.example.com/upwatch'): string {
  const text = value.trim();
  if (!isHttpUrl(text)) errors.push({ key, message: `must be an http:// or https:// URL, such as ${example}` });
  // fetch refuses such a URL and its error quotes it whole, password included, into every log line.
  else if (hasUserInfo(text)) errors.push({ key, message: 'must not hold a user name or password (user:pass@); put credentials in a header or token setting' });
  return text;
}

/** `timeout:` as milliseconds: 10 s when absent, at most 5 min. */
export function timeoutFrom(value: string | undefined, errors: NotifierConfigError[]): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = parseDuration(value);
  if (ms === undefined) errors.push({ key: 'timeout', message: 'must be a duration such as 10s, 30s or 1m' });
  else if (ms <= 0 || ms > MAX_TIMEOUT_MS) errors.push({ key: 'timeout', message: `must be longer than 0 and at most ${formatDuration(MAX_TIMEOUT_MS)}` });
  return ms ?? DEFAULT_TIMEOUT_MS;
}

/** A value that becomes part of a header or a URL must not smuggle in a line break. */
export function singleLineFrom(key: string, value: string, errors: NotifierConfigError[]): string {
  if (/[\r\n\0]/.test(value)) errors.push({ key, message: 'must not contain line breaks' });
  return value;
}

/** A secret or id that must be present: an empty one usually means an unset ${ENV} variable. */
export function requiredFrom(key: string, value: string, errors: NotifierConfigError[], what: string): string {
  const text = value.trim();
  if (text === '') errors.push({ key, message: `is empty: set it to ${what} (an unset \${VAR} reads as empty)` });
  return text;
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function hasUserInfo(text: string): boolean {
  const url = new URL(text);
  return url.username !== '' || url.password !== '';
}
