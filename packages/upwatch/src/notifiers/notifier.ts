import type { ResilientFetch } from '@upwatch/fetch';
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

/** What a notifier factory is given besides its own config. */
export interface NotifierDeps {
  /** The dashboard's base URL (`public_url`), for the link in each alert; null when unset. */
  publicUrl: string | null;
  /** The HTTP client to post through; by default each notifier makes its own delivery client. */
  client?: ResilientFetch;
}
