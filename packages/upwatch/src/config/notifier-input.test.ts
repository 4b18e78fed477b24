import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { combineNotifiers } from './combine-notifiers.js';
import { parseConfigText } from './load-config.js';
import { mergeNotifierPatch, parseNotifierBody, type StoredNotifierInput } from './notifier-input.js';
import { SECRET_PLACEHOLDER } from './notifier-secrets.js';

const HOOK = 'http://127.0.0.1:9000/hook';

/** The loader's errors for one entry under `notifiers: { x: … }`, with the prefix `notifiers.x.` taken off. */
function loaderErrors(entry: Record<string, unknown>): Array<{ path: string; message: string }> {
  const loaded = parseConfigText(`notifiers:\n  x: ${JSON.stringify(entry)}\n`);
  assert.equal(loaded.ok, false, `the loader takes ${JSON.stringify(entry)}`);
  if (loaded.ok) return [];
  return loaded.errors.map((e) => ({ path: e.path.replace(/^notifiers\.x\.?/, '') || '(notifier)', message: e.message }));
}

function bodyErrors(body: Record<string, unknown>) {
  const parsed = parseNotifierBody(body);
  assert.equal(parsed.ok, false, `the API takes ${JSON.stringify(body)}`);
  return parsed.ok ? [] : parsed.errors;
}

describe('notifier input (API body)', () => {
  test('the same problems as the config file, in the same words, at the same fields', () => {
    const bad: Array<Record<string, unknown>> = [
      { type: 'webhook', url: 'ftp://example.com/hook', timeout: 'soon' },
      { type: 'webhook', urll: HOOK },
      { type: 'webhook', url: HOOK, headers: { 'X-Evil': 'a\nb' }, secret: '' },
      { type: 'slak', url: HOOK },
      { url: HOOK },
      { type: 'telegram', bot_token: 'nope', chat_id: 'not a chat' },
      { type: 'email', from: 'upwatch', to: [], smtp: { host: 'smtp://x', port: 99999, pass: 'p' } },
      { type: 'pagerduty', routing_key: 'short', url: 'nope' },
      { type: 'discord', url: 'https://discord.com/api/webhooks/1/abc/slack' },
    ];
    for (const entry of bad) {
      const fromFile = loaderErrors(entry);
      assert.ok(fromFile.length > 0);
      assert.deepEqual(bodyErrors({ name: 'x', ...entry }), fromFile, JSON.stringify(entry));
    }
  });

  test('a valid body gives the config and its keys as written, name and type aside', () => {
    const parsed = parseNotifierBody({ name: 'ops', type: 'webhook', url: HOOK, headers: null, timeout: '5s' });
    assert.ok(parsed.ok);
    assert.equal(parsed.config.type, 'webhook');
    assert.equal(parsed.config.name, 'ops');
    assert.deepEqual(parsed.settings, { url: HOOK, timeout: '5s' });
  });

  test('a name must be usable in a URL', () => {
    const nameError = (name: unknown) => bodyErrors({ name, type: 'webhook', url: HOOK }).find((e) => e.path === 'name')?.message;
    assert.equal(nameError(undefined), 'is required: the name monitors use in notify, such as ops');
    assert.equal(nameError(' ops'), 'must not start or end with spaces');
    assert.equal(nameError('a/b'), 'must not contain / \\ ? # or % (names are used in URLs)');
    assert.equal(nameError('x'.repeat(101)), 'must be at most 100 characters long');
    assert.equal(nameError(7), 'must be text');
    assert.deepEqual(bodyErrors({ name: 'a?b', type: 'webhook' }).map((e) => e.path), ['name', 'url'], 'all problems at once');
  });
});

describe('notifier patch', () => {
  const stored: StoredNotifierInput = { name: 'ops', type: 'webhook', settings: { url: HOOK, headers: { A: '1', B: '2' }, timeout: '5s', secret: 'k' } };

  test('keys overlay the stored ones, maps key by key; null removes', () => {
    const merged = mergeNotifierPatch(stored, { timeout: null, headers: { A: null, C: '3', B: SECRET_PLACEHOLDER }, secret: SECRET_PLACEHOLDER });
    assert.ok(merged.ok, JSON.stringify(merged));
    assert.deepEqual(merged.settings, { url: HOOK, headers: { B: '2', C: '3' }, secret: 'k' });
    assert.equal(merged.config.type === 'webhook' && merged.config.timeoutMs, 10_000);
  });

  test('a new type starts from the name alone; the name cannot change', () => {
    const slack = mergeNotifierPatch(stored, { type: 'slack', url: 'https://hooks.slack.com/services/T/B/x' });
    assert.ok(slack.ok);
    assert.deepEqual(slack.settings, { url: 'https://hooks.slack.com/services/T/B/x' });
    const renamed = mergeNotifierPatch(stored, { name: 'pager' });
    assert.equal(renamed.ok, false);
    assert.equal(!renamed.ok && renamed.errors[0]?.path, 'name');
    assert.ok(mergeNotifierPatch(stored, { name: 'ops' }).ok, 'the same name sent back is fine');
    const bad = mergeNotifierPatch(stored, { url: 'nope' });
    assert.deepEqual(!bad.ok && bad.errors, [{ path: 'url', message: 'must be an http:// or https:// URL, such as https://hooks.example.com/upwatch' }]);
  });
});

describe('combineNotifiers', () => {
  test("the file's and the API's by name; a name in both keeps the API's and is a conflict; a broken one is left out", () => {
    const file = parseConfigText(`notifiers:\n  ops: { type: webhook, url: "${HOOK}" }\n  team: { type: webhook, url: "${HOOK}/team" }\n`);
    assert.ok(file.ok);
    const combined = combineNotifiers(file.config.notifiers, [
      { name: 'team', type: 'webhook', settings: { url: `${HOOK}/api-team` } },
      { name: 'pager', type: 'pagerduty', settings: { routing_key: 'x'.repeat(32) } },
      { name: 'mail', type: 'email', settings: { from: 'a@example.com', to: 'b@example.com', smtp: { host: 'smtp.example.com', ca_file: '/nonexistent/ca.pem' } } },
    ]);
    assert.deepEqual([...combined.configs.keys()].sort(), ['ops', 'pager', 'team']);
    const team = combined.configs.get('team');
    assert.equal(team?.type === 'webhook' && team.url, `${HOOK}/api-team`);
    assert.deepEqual(combined.conflicts.map((c) => c.name), ['team']);
    assert.match(combined.conflicts[0]!.reason, /was created through the API/);
    assert.deepEqual(combined.broken.map((b) => b.name), ['mail']);
    assert.match(combined.broken[0]!.message, /smtp\.ca_file: cannot read/);
  });
});
