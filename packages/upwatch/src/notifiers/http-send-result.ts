import { retryAfterMs } from '@upwatch/fetch';
import type { SendResult } from './notifier.js';

/**
 * The outcome of an HTTP delivery, shared by every notifier that posts to an HTTP endpoint:
 * a 2xx is delivered; 408, 425, 429 and 5xx may pass and are retried; any other status means the
 * receiver refused this message and retrying it would only repeat the refusal.
 */
export function sendResultForStatus(status: number, retryAfter: string | undefined, bodySnippet: string): SendResult {
  if (status >= 200 && status < 300) return { ok: true, httpStatus: status };
  const retryable = status >= 500 || status === 408 || status === 425 || status === 429;
  const result: SendResult = {
    ok: false,
    retryable,
    httpStatus: status,
    error: `receiver answered ${status}${bodySnippet ? `: ${bodySnippet}` : ''}`,
  };
  const asked = retryAfterMs(retryAfter ?? null, Date.now());
  if (asked !== undefined) result.retryAfterMs = asked;
  return result;
}

/** A network-level failure (refused, reset, timeout): always worth another try. */
export function sendResultForError(err: unknown): SendResult {
  // fetch wraps every socket failure in a TypeError("fetch failed"); the cause says what happened.
  const cause = err instanceof TypeError && err.cause instanceof Error ? err.cause : err;
  const code = (cause as { code?: string }).code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return { ok: false, retryable: true, httpStatus: null, error: code ? `${code}: ${message}` : message };
}
