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
  const seconds = retryAfter === undefined ? NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) result.retryAfterMs = seconds * 1000;
  return result;
}

/** A network-level failure (refused, reset, timeout): always worth another try. */
export function sendResultForError(err: unknown): SendResult {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  return { ok: false, retryable: true, httpStatus: null, error: code ? `${code}: ${message}` : message };
}
