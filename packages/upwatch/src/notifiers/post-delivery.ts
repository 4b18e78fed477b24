import { CircuitOpenError, type ResilientFetch } from '@upwatch/fetch';
import { sendResultForError, sendResultForStatus } from './http-send-result.js';
import type { SendResult } from './notifier.js';

const RESPONSE_SNIPPET_BYTES = 512;
/** The receiver already answered with its status; its body is only for the log, so it gets little time. */
const SNIPPET_TIMEOUT_MS = 2_000;

export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Stable across every try of one delivery, so a receiver that honours it drops a repeat. */
  idempotencyKey: string;
  signal: AbortSignal;
}

/**
 * POSTs one rendered alert and turns whatever happened into a SendResult for the outbox. Shared
 * by every notifier that speaks HTTP; each provider only builds the URL, headers and body.
 */
export async function postDelivery(client: ResilientFetch, delivery: DeliveryRequest): Promise<SendResult> {
  try {
    const response = await client(delivery.url, {
      method: 'POST',
      headers: { ...delivery.headers, 'idempotency-key': delivery.idempotencyKey },
      body: delivery.body,
      signal: delivery.signal,
      // A redirect is reported as the receiver's answer, not followed: an alert should not be
      // re-posted to wherever a misconfigured endpoint points.
      redirect: 'manual',
    });
    const snippet = await readSnippet(response);
    return sendResultForStatus(response.status, response.headers.get('retry-after') ?? undefined, snippet);
  } catch (err) {
    if (err instanceof CircuitOpenError) {
      return { ok: false, retryable: true, httpStatus: null, error: err.message, retryAfterMs: err.retryAfterMs };
    }
    return sendResultForError(err);
  }
}

/** Reads a little of the receiver's answer for the delivery log, and drops the rest. */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  // A receiver that sends its headers and then stalls the body must not hold the channel's lane.
  const stall = setTimeout(() => void reader.cancel().catch(() => undefined), SNIPPET_TIMEOUT_MS);
  try {
    while (text.length < RESPONSE_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // Cut off by the stall timer, or the connection dropped: what was read is enough.
  } finally {
    clearTimeout(stall);
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, RESPONSE_SNIPPET_BYTES).replace(/\s+/g, ' ').trim();
}
