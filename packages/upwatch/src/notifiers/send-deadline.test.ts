import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sendDeadline } from './send-deadline.js';

describe('sendDeadline', () => {
  test('aborts at the deadline and says so', async () => {
    const deadline = sendDeadline(new AbortController().signal, 30);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(deadline.signal.aborted, true);
    assert.equal(deadline.timedOut(), true);
    assert.equal((deadline.signal.reason as Error).name, 'TimeoutError');
    deadline.dispose();
  });

  test("aborts with the parent, which is not a timeout", () => {
    const parent = new AbortController();
    const deadline = sendDeadline(parent.signal, 10_000);
    parent.abort(new Error('shutting down'));
    assert.equal(deadline.signal.aborted, true);
    assert.equal(deadline.timedOut(), false);
    deadline.dispose();
  });

  test('once disposed, neither the timer nor the parent touches it', async () => {
    const parent = new AbortController();
    const deadline = sendDeadline(parent.signal, 20);
    deadline.dispose();
    parent.abort();
    await new Promise((r) => setTimeout(r, 40));
    assert.equal(deadline.signal.aborted, false);
  });
});
