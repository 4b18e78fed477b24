import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { httpUrlFrom, type NotifierConfigError } from './notifier-config-checks.js';

describe('notifier config checks', () => {
  test('a URL with a user name or password is refused without repeating it', () => {
    const errors: NotifierConfigError[] = [];
    httpUrlFrom('url', 'https://alice:s3cretPassw0rd@ntfy.example.com/', errors);
    assert.deepEqual(errors, [{ key: 'url', message: 'must not hold a user name or password (user:pass@); put credentials in a header or token setting' }]);
  });

  test('a plain http or https URL passes, trimmed', () => {
    const errors: NotifierConfigError[] = [];
    assert.equal(httpUrlFrom('url', ' https://hooks.example.com/upwatch ', errors), 'https://hooks.example.com/upwatch');
    assert.deepEqual(errors, []);
  });
});
