import type { SendResult } from './notifier.js';

/** A shorter tail than this is as likely a word of the message as the start of a secret. */
const MIN_PARTIAL = 6;

/**
 * A failed send's error with every form of the channel's secrets replaced by `placeholder`.
 * The delivery client's own errors name the origin only, but a receiver may echo the request
 * line, a header or the body in its answer, and that snippet ends up in the delivery log.
 * @example withoutSecrets(result, [config.apiKey], '<api_key>')
 */
export function withoutSecrets(result: SendResult, secrets: readonly string[], placeholder = '[redacted]'): SendResult {
  if (result.ok) return result;
  const forms = new Set(secrets.flatMap((secret) => [secret, encodeURIComponent(secret)]).filter((s) => s.length > 1));
  // Longest first, so a whole URL is replaced before its parts are.
  let error = result.error;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) error = error.split(form).join(placeholder);
  // The receiver's answer is cut to a snippet, and a cut may fall inside a secret: its beginning
  // must not stay at the end of the text.
  for (const form of forms) {
    for (let length = Math.min(form.length - 1, error.length); length >= MIN_PARTIAL; length--) {
      if (error.endsWith(form.slice(0, length))) {
        error = `${error.slice(0, -length)}${placeholder}`;
        break;
      }
    }
  }
  return { ...result, error };
}

/**
 * The secret parts of a webhook URL whose address is its credential (Slack, Discord, Teams): the
 * whole URL, its path and query, the token-like path segments (not the fixed words such as
 * `services` or `webhooks`, which errors may use), and the query's values.
 * @example urlSecrets('https://hooks.slack.com/services/T0/B0/XXXX') // [whole URL, '/services/T0/B0/XXXX', 'XXXX…', …]
 */
export function urlSecrets(text: string): string[] {
  const url = new URL(text);
  const segments = url.pathname.split('/').filter((segment) => segment.length >= 8 && !/^[a-z]+$/.test(segment));
  const rawValues = url.search
    .slice(1)
    .split('&')
    .map((pair) => pair.slice(pair.indexOf('=') + 1));
  const values = [...url.searchParams.values(), ...rawValues].filter((value) => value.length >= 8);
  return [text, `${url.pathname}${url.search}`, url.pathname, url.search, ...segments, ...values].filter((s) => s.length > 1);
}
