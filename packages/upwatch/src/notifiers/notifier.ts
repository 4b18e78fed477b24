import type { Alert } from '../core/alert.js';

/**
 * One channel that alerts reach: a webhook today, Slack, email, PagerDuty … later, each in its own
 * folder behind this interface. A notifier only renders and sends; the outbox decides when to retry.
 */
export interface Notifier {
  readonly name: string;
  readonly type: string;
  send(alert: Alert, context: SendContext): Promise<SendResult>;
}

export interface SendContext {
  /** The outbox row id: stable across retries, so receivers can drop a duplicate. */
  deliveryId: number;
  attempt: number;
  signal: AbortSignal;
}

export type SendResult =
  | { ok: true; httpStatus: number | null }
  | {
      ok: false;
      /** False when trying again cannot help (the receiver rejected the message itself). */
      retryable: boolean;
      error: string;
      httpStatus: number | null;
      /** The receiver asked to wait this long (Retry-After on a 429 or 503). */
      retryAfterMs?: number;
    };
