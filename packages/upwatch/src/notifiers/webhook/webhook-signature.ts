import { createHmac, timingSafeEqual } from 'node:crypto';

/** Receivers reject signatures older than this, so a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_S = 300;

/**
 * The X-Upwatch-Signature value for a body: `sha256=` and the hex HMAC-SHA256 of
 * `<timestamp>.<body>` under the shared secret. The timestamp (X-Upwatch-Timestamp, unix seconds)
 * is signed with the body so that an old request cannot be replayed as new.
 * @example webhookSignature('s3cret', 1764072000, '{"event":"down"}') // 'sha256=5d1c…'
 */
export function webhookSignature(secret: string, timestampS: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex')}`;
}

/**
 * What a receiver runs to check a request came from this upwatch: the signature matches in
 * constant time and the timestamp is recent. Exported so the docs' recipe is tested code.
 */
export function verifyWebhookSignature(secret: string, headers: { signature: string; timestamp: string }, body: string, nowS: number): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowS - timestamp) > SIGNATURE_TOLERANCE_S) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
