/** Stable codes, so callers branch on `code` and never on a message. */
export type FetchErrorCode = 'UPWATCH_CIRCUIT_OPEN' | 'UPWATCH_ATTEMPT_TIMEOUT';

/**
 * Thrown at once, without calling the origin, while its circuit is open: the origin failed too
 * often in the window, and hammering it would only slow its recovery.
 *
 * @example
 * try { await fetch(url) } catch (err) { if (err instanceof CircuitOpenError) serveFromCache() }
 */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  readonly code: FetchErrorCode = 'UPWATCH_CIRCUIT_OPEN';

  constructor(
    /** The origin whose circuit is open, such as `https://api.example.com`. */
    readonly origin: string,
    /** How long until the breaker lets one probe call through; 0 when it already may. */
    readonly retryAfterMs: number,
  ) {
    super(`circuit open for ${origin}: it failed too often; the next probe goes through in ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

/** One attempt got no response headers within `timeoutMs`. */
export class AttemptTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly code: FetchErrorCode = 'UPWATCH_ATTEMPT_TIMEOUT';

  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    // The origin only: paths and queries often carry tokens (a Slack webhook, a bot API) and this
    // message ends up in logs.
    super(`no response from ${new URL(url).origin} within ${timeoutMs} ms`);
  }
}
