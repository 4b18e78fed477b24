import { formatDuration } from '../../core/duration.js';

/** Where a check is, so a timeout or a dropped connection can say where it stopped. */
export type CheckPhase = 'dns' | 'connect' | 'tls' | 'ttfb' | 'body';

export const PHASE_TEXT: Record<CheckPhase, string> = {
  dns: 'resolving the name',
  connect: 'connecting',
  tls: 'doing the TLS handshake',
  ttfb: 'waiting for the first byte',
  body: 'reading the body',
};

/**
 * One budget for the whole check (every redirect hop, every phase), and the caller's cancel. Its
 * `signal` aborts on either; whoever holds a socket listens to it and destroys the socket.
 */
export class CheckDeadline {
  phase: CheckPhase = 'dns';
  stoppedBy: 'timeout' | 'cancelled' | null = null;
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #outer: AbortSignal | undefined;
  readonly #onOuterAbort = (): void => this.#stop('cancelled');

  constructor(
    readonly timeoutMs: number,
    outer?: AbortSignal,
  ) {
    this.signal = this.#controller.signal;
    this.#timer = setTimeout(() => this.#stop('timeout'), timeoutMs);
    this.#outer = outer;
    if (outer?.aborted) this.#stop('cancelled');
    else outer?.addEventListener('abort', this.#onOuterAbort, { once: true });
  }

  /**
   * The error line for a check this deadline stopped; `proxy` names the proxy the check was
   * resolving or connecting to, if that is where it stopped.
   */
  describeStop(proxy: string | null = null): string {
    if (this.stoppedBy === 'cancelled') return 'check cancelled';
    const budget = formatDuration(this.timeoutMs);
    const lead = this.phase === 'body' ? `response not complete within ${budget}` : `no response within ${budget}`;
    const peer = proxy === null ? '' : this.phase === 'dns' ? ` of proxy ${proxy}` : this.phase === 'connect' ? ` to proxy ${proxy}` : '';
    return `${lead} (${PHASE_TEXT[this.phase]}${peer})`;
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#outer?.removeEventListener('abort', this.#onOuterAbort);
  }

  #stop(reason: 'timeout' | 'cancelled'): void {
    if (this.stoppedBy !== null) return;
    this.stoppedBy = reason;
    const err = Object.assign(new Error(reason === 'timeout' ? 'check timed out' : 'check cancelled'), {
      code: reason === 'timeout' ? 'UPWATCH_CHECK_TIMEOUT' : 'UPWATCH_CHECK_CANCELLED',
    });
    this.#controller.abort(err);
  }
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
