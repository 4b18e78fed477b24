import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { urlSecrets, withoutSecrets } from './redact-secrets.js';

describe('redact secrets', () => {
  const failed = (error: string) => ({ ok: false as const, retryable: false, httpStatus: 403, error });

  test('every form of a webhook URL is replaced, the fixed words around it are kept', () => {
    const url = 'https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX';
    const result = withoutSecrets(failed(`receiver answered 403: action_prohibited for POST /services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX (token XXXXXXXXXXXXXXXXXXXXXXXX) at ${url}`), urlSecrets(url));
    assert.equal(!result.ok && result.error, 'receiver answered 403: action_prohibited for POST [redacted] (token [redacted]) at [redacted]');
  });

  test('query values such as a signature, raw or decoded', () => {
    const url = 'https://example.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Ab%2Bcd%3DSECRETSECRET';
    const result = withoutSecrets(failed('sig Ab%2Bcd%3DSECRETSECRET and Ab+cd=SECRETSECRET were refused'), urlSecrets(url));
    assert.equal(!result.ok && result.error, 'sig [redacted] and [redacted] were refused');
  });

  test('a token, URL-encoded too, with the placeholder of its kind; a success is left alone', () => {
    const result = withoutSecrets(failed('Unauthorized: 123:ABC/def and 123%3AABC%2Fdef'), ['123:ABC/def'], '<bot_token>');
    assert.equal(!result.ok && result.error, 'Unauthorized: <bot_token> and <bot_token>');
    const ok = { ok: true as const, httpStatus: 200 };
    assert.equal(withoutSecrets(ok, ['x'.repeat(10)]), ok);
  });
});

describe('redact secrets cut off by the snippet limit', () => {
  test('the beginning of a secret at the end of a cut answer is replaced too', () => {
    const failed = { ok: false as const, retryable: false, httpStatus: 404, error: 'receiver answered 404: Cannot POST /bot123456789:AAHdqTcvCH1v' };
    const result = withoutSecrets(failed, ['123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'], '<bot_token>');
    assert.equal(!result.ok && result.error, 'receiver answered 404: Cannot POST /bot<bot_token>');
  });
});
