import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeError } from './describe-error.js';

describe('describeError', () => {
  test('status from `status`, else `statusCode`; outside 400..599 or not an integer is 500', () => {
    const status = (fields: object): number => describeError(Object.assign(new Error('x'), fields)).status;
    assert.equal(status({ status: 404 }), 404);
    assert.equal(status({ statusCode: 503 }), 503);
    assert.equal(status({ status: 422, statusCode: 400 }), 422);
    assert.equal(status({}), 500);
    for (const bad of [399, 600, 302, 0, -1, 404.5, Number.NaN]) assert.equal(status({ status: bad }), 500, String(bad));
    assert.equal(status({ status: '404' }), 500, 'a string is no status');
  });

  test('expose: the error\'s own flag, else true below 500; never for a status that had to be replaced', () => {
    const expose = (fields: object): boolean => describeError(Object.assign(new Error('x'), fields)).expose;
    assert.equal(expose({ status: 400 }), true);
    assert.equal(expose({ status: 400, expose: false }), false);
    assert.equal(expose({ status: 503 }), false);
    assert.equal(expose({ status: 503, expose: true }), true);
    assert.equal(expose({ status: 302, expose: true }), false);
    assert.equal(expose({}), false);
  });

  test('parser errors get a plain message, found by body-parser\'s type or Fastify\'s code', () => {
    const bodyParser = Object.assign(new SyntaxError("Expected property name or '}' in JSON at position 1"), { status: 400, type: 'entity.parse.failed' });
    assert.equal(describeError(bodyParser).publicMessage, 'The request body is not valid JSON.');
    assert.equal(describeError(bodyParser).message, "Expected property name or '}' in JSON at position 1");
    const fastify = Object.assign(new Error('Body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
    assert.equal(describeError(fastify).publicMessage, 'The request body is not valid JSON.');
    assert.equal(describeError(Object.assign(new Error('x'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' })).publicMessage, 'The request body is too large.');
    // The same code on a server error says nothing about the client.
    assert.equal(describeError(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY' })).publicMessage, undefined);
  });

  test('anything can be thrown', () => {
    assert.deepEqual(
      { ...describeError('plain string'), stack: undefined },
      { status: 500, expose: false, name: 'thrown string', message: 'plain string', publicMessage: undefined, stack: undefined, code: undefined, headers: {} },
    );
    assert.equal(describeError(null).message, 'null');
    assert.equal(describeError(Object.create(null)).message, 'an unprintable value was thrown');
    assert.equal(describeError({ message: 'a plain object', status: 409 }).status, 409);
  });

  test('headers: strings and numbers kept, our own and unsafe values dropped', () => {
    const err = Object.assign(new Error('x'), {
      status: 503,
      headers: { 'Retry-After': 30, 'WWW-Authenticate': 'Bearer', 'Content-Type': 'text/html', 'X-Evil': 'a\r\nSet-Cookie: x=1', 'X-Obj': {} },
    });
    assert.deepEqual(describeError(err).headers, { 'Retry-After': '30', 'WWW-Authenticate': 'Bearer' });
  });
});
