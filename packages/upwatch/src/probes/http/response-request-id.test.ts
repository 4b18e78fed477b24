import assert from 'node:assert/strict';
import { test } from 'node:test';
import { responseRequestId } from './response-request-id.js';

test('x-request-id wins over the other request id headers', () => {
  assert.equal(responseRequestId({ 'cf-ray': 'ray-1', 'x-request-id': 'req-1' }, ''), 'req-1');
  assert.equal(responseRequestId({ 'x-amzn-requestid': 'amzn-1', 'cf-ray': 'ray-1' }, ''), 'amzn-1');
  assert.equal(responseRequestId({ 'fly-request-id': 'fly-1' }, ''), 'fly-1');
});

test('a JSON body gives requestId or request_id, at the top or under error', () => {
  assert.equal(responseRequestId({}, '{"requestId":"a"}'), 'a');
  assert.equal(responseRequestId({}, '{"request_id":"b"}'), 'b');
  assert.equal(responseRequestId({}, '{"error":{"requestId":"c"}}'), 'c');
  assert.equal(responseRequestId({}, ' {"error":{"request_id":12345}}'), '12345');
  assert.equal(responseRequestId({ 'x-request-id': 'header' }, '{"requestId":"body"}'), 'header');
});

test('no id, or an unreadable body, is null', () => {
  assert.equal(responseRequestId({}, ''), null);
  assert.equal(responseRequestId({}, '<html>requestId</html>'), null);
  assert.equal(responseRequestId({}, '{"requestId": "cut off'), null);
  assert.equal(responseRequestId({ 'x-request-id': '  ' }, '{"error":"boom"}'), null);
});

test('control characters are stripped and the length capped', () => {
  assert.equal(responseRequestId({}, JSON.stringify({ requestId: 'a\u0000b\u001b[2Jc\u007f' })), 'ab[2Jc');
  assert.equal(responseRequestId({ 'x-request-id': 'x'.repeat(1_000) }, '')?.length, 200);
});
