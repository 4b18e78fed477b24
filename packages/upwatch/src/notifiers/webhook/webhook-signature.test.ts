import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { verifyWebhookSignature, webhookSignature } from './webhook-signature.js';

describe('webhook signature', () => {
  const body = '{"event":"down","alert_id":"a-1"}';

  test('is the hex HMAC-SHA256 of "<timestamp>.<body>", as the README tells receivers to compute it', () => {
    const expected = createHmac('sha256', 's3cret').update(`1764072000.${body}`).digest('hex');
    assert.equal(webhookSignature('s3cret', 1764072000, body), `sha256=${expected}`);
  });

  test('verifies a fresh signature, and refuses a changed body, a wrong secret or an old timestamp', () => {
    const signature = webhookSignature('s3cret', 1000, body);
    assert.equal(verifyWebhookSignature('s3cret', { signature, timestamp: '1000' }, body, 1100), true);
    assert.equal(verifyWebhookSignature('s3cret', { signature, timestamp: '1000' }, body.replace('down', 'up'), 1100), false);
    assert.equal(verifyWebhookSignature('other', { signature, timestamp: '1000' }, body, 1100), false);
    assert.equal(verifyWebhookSignature('s3cret', { signature, timestamp: '1000' }, body, 1000 + 301), false);
    assert.equal(verifyWebhookSignature('s3cret', { signature, timestamp: 'soon' }, body, 1000), false);
  });
});
