import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NOTIFIER_TYPES } from '../notifiers/notifier-configs.js';
import { checkNotifierEntry } from './notifier-input.js';
import { maskSecrets, restoreSecrets, SECRET_PLACEHOLDER } from './notifier-secrets.js';

const P = SECRET_PLACEHOLDER;

/** One valid entry of every type, every secret key set; each secret holds "s3cret" so a leak is easy to see. */
const ENTRIES = {
  webhook: { url: 'https://hooks.example.com/s3cret/x?key=s3cret', headers: { Authorization: 'Bearer s3cret', 'X-Team': 's3cret' }, secret: 's3cret', timeout: '5s' },
  slack: { url: 'https://hooks.slack.com/services/T0/B0/s3cret' },
  discord: { url: 'https://discord.com/api/webhooks/1/s3cret?thread_id=7' },
  teams: { url: 'https://prod-00.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?sig=s3cret' },
  telegram: { bot_token: '123456:s3cret', chat_id: 12345, url: 'https://api.telegram.org' },
  ntfy: { url: 'https://ntfy.sh', topic: 'ops-alerts', token: 'tk_s3cret' },
  pagerduty: { routing_key: 's3cretAAAAAAAAAAAAAAAAAAAAAAAAAA' },
  opsgenie: { api_key: 's3cret-key', url: 'https://api.eu.opsgenie.com' },
  email: { from: 'upwatch@example.com', to: ['ops@example.com'], smtp: { host: 'smtp.example.com', port: 587, user: 'upwatch', pass: 's3cret' } },
} as const;

describe('notifier secrets', () => {
  test('every type hides its secrets and nothing else it needs to be told apart', () => {
    assert.deepEqual(Object.keys(ENTRIES).sort(), [...NOTIFIER_TYPES].sort(), 'one entry per type');
    for (const [type, settings] of Object.entries(ENTRIES)) {
      assert.ok(checkNotifierEntry('n', { type, ...settings }).ok, `${type}'s example is valid`);
      const masked = maskSecrets(type, settings);
      assert.ok(!JSON.stringify(masked).includes('s3cret'), `${type} shows a secret: ${JSON.stringify(masked)}`);
    }
    assert.deepEqual(maskSecrets('webhook', ENTRIES.webhook), { url: `https://hooks.example.com/${P}`, headers: { Authorization: P, 'X-Team': P }, secret: P, timeout: '5s' });
    assert.deepEqual(maskSecrets('teams', ENTRIES.teams), { url: `https://prod-00.westus.logic.azure.com/${P}` });
    assert.deepEqual(maskSecrets('telegram', ENTRIES.telegram), { bot_token: P, chat_id: 12345, url: 'https://api.telegram.org' });
    assert.deepEqual(maskSecrets('ntfy', ENTRIES.ntfy), { url: 'https://ntfy.sh', topic: 'ops-alerts', token: P });
    assert.deepEqual(maskSecrets('email', ENTRIES.email).smtp, { host: 'smtp.example.com', port: 587, user: 'upwatch', pass: P });
    assert.deepEqual(maskSecrets('webhook', { url: 'http://127.0.0.1:9000/hook' }), { url: `http://127.0.0.1:9000/${P}` }, 'an absent key stays absent');
    assert.deepEqual(maskSecrets('pigeon', { url: 'x', key: 'y' }), { url: P, key: P }, 'an unknown type shows nothing');
  });

  test('placeholders sent back unchanged become the stored secrets again', () => {
    for (const [type, settings] of Object.entries(ENTRIES)) {
      const restored = restoreSecrets(type, maskSecrets(type, settings), settings);
      assert.deepEqual(restored, { settings, issues: [] }, type);
    }
  });

  test('a new value replaces a secret; a placeholder that stands for nothing stored is refused at its field', () => {
    const stored = ENTRIES.webhook;
    const changed = restoreSecrets('webhook', { url: 'https://hooks.example.com/new', headers: { Authorization: P, 'X-New': 'v' }, secret: P }, stored);
    assert.deepEqual(changed, { settings: { url: 'https://hooks.example.com/new', headers: { Authorization: 'Bearer s3cret', 'X-New': 'v' }, secret: 's3cret' }, issues: [] });

    const wrong = restoreSecrets('webhook', { url: `https://other.example.com/${P}`, headers: { 'X-Other': P }, secret: `${P}x` }, stored);
    assert.deepEqual(
      wrong.issues.map((i) => i.at),
      [['url'], ['headers', 'X-Other'], ['secret']],
    );
    assert.match(wrong.issues[0]!.message, /holds the placeholder "••••" shown in place of a secret: send the real value/);

    const fresh = restoreSecrets('email', { smtp: { host: 'h', user: 'u', pass: P } }, undefined);
    assert.deepEqual(fresh.issues.map((i) => i.at), [['smtp', 'pass']]);
  });
});
