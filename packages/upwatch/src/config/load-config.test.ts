import assert from 'node:assert/strict';
import { NO_EXPECTATIONS, NO_REQUEST_OPTIONS } from '../probes/http/http-settings.js';
import { httpSettings } from '../test-support/monitor-spec.js';
import { NOTIFIER_TYPES } from '../notifiers/notifier-configs.js';
import { DEFAULT_ALERTING } from '../core/alert-policy.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { FieldError } from '../core/errors.js';
import { formatFieldErrors, loadConfigFile, parseConfigText, type LoadedConfig } from './load-config.js';

/** A YAML fixture from lines, so that line N of the file is argument N. */
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

function valid(text: string, env: NodeJS.ProcessEnv = {}): LoadedConfig {
  const result = parseConfigText(text, { env, fileName: 'upwatch.yml' });
  if (!result.ok) assert.fail(`expected a valid config, got:\n${formatFieldErrors(result.errors, 'upwatch.yml')}`);
  return result.config;
}

/** Errors as `line: path: message`, the way `upwatch validate` prints them. */
function errors(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  const result = parseConfigText(text, { env, fileName: 'upwatch.yml' });
  if (result.ok) assert.fail('expected errors, the config was accepted');
  return result.errors.map((e) => `${e.line}: ${e.path}: ${e.message}`);
}

const KNOWN = NOTIFIER_TYPES.join(', ');
const NOTIFIERS = ['notifiers:', '  ops:', '    type: webhook', '    url: http://127.0.0.1:9000/hook'];

describe('parseConfigText: a valid file', () => {
  test('the full example, every key', () => {
    const config = valid(
      yaml(
        'monitors:',
        '  - name: api                    # unique',
        '    url: http://127.0.0.1:8080/health',
        '    method: GET',
        '    headers: {}',
        '    body: null',
        '    interval: 60s',
        '    timeout: 10s',
        '    confirm: 3',
        '    recover: 1',
        '    expect:',
        '      status: [200]',
        '      body_contains: "ok"',
        '      max_response_time: 2s',
        '    notify: [ops]',
        '    tags: [prod, team:payments, prod]',
        'notifiers:',
        '  ops:',
        '    type: webhook',
        '    url: http://127.0.0.1:9000/hook',
      ),
    );
    assert.deepEqual(config.monitors, [
      {
        name: 'api',
        type: 'http',
        settings: { ...NO_REQUEST_OPTIONS, url: 'http://127.0.0.1:8080/health', method: 'GET', headers: {}, body: null, expect: { ...NO_EXPECTATIONS, status: [200], bodyContains: 'ok', maxResponseTimeMs: 2_000 } },
        intervalMs: 60_000,
        timeoutMs: 10_000,
        confirm: 3,
        recover: 1,
        notify: ['ops'],
        tags: ['prod', 'team:payments'],
        alerting: DEFAULT_ALERTING,
      },
    ]);
    assert.deepEqual([...config.notifiers], [['ops', { type: 'webhook', name: 'ops', url: 'http://127.0.0.1:9000/hook', headers: {}, timeoutMs: 10_000, secret: null }]]);
  });

  test('defaults for a minimal monitor and webhook', () => {
    const config = valid(yaml('monitors:', '  - name: web', '    url: https://localhost/', ...NOTIFIERS, '    headers:', '    timeout: 3s'));
    const [monitor] = config.monitors;
    assert.deepEqual(monitor, {
      name: 'web',
      type: 'http',
      settings: { ...NO_REQUEST_OPTIONS, url: 'https://localhost/', method: 'GET', headers: {}, body: null, expect: { ...NO_EXPECTATIONS, status: [], bodyContains: null, maxResponseTimeMs: null } },
      intervalMs: 60_000,
      timeoutMs: 10_000,
      confirm: 3,
      recover: 1,
      notify: [],
      tags: [],
      alerting: DEFAULT_ALERTING,
    });
    assert.equal(config.notifiers.get('ops')?.timeoutMs, 3_000);
  });

  test('an empty file, comments only, and empty lists are valid', () => {
    for (const text of ['', '# nothing yet\n', 'monitors: []\n', 'monitors:\nnotifiers:\n', 'monitors: []\nnotifiers: {}\n']) {
      const config = valid(text);
      assert.deepEqual(config.monitors, []);
      assert.equal(config.notifiers.size, 0);
    }
  });

  test('YAML anchors can share settings between monitors', () => {
    const config = valid(
      yaml('monitors:', '  - name: a', '    url: http://127.0.0.1/a', '    headers: &auth { Authorization: Bearer x }', '  - name: b', '    url: http://127.0.0.1/b', '    headers: *auth'),
    );
    assert.deepEqual(httpSettings(config.monitors[1]!).headers, { Authorization: 'Bearer x' });
  });

  test('webhook headers and timeout', () => {
    const config = valid(yaml('notifiers:', '  ops:', '    type: webhook', '    url: https://127.0.0.1:9000/hook', '    headers: { X-Token: abc }', '    timeout: 1m'));
    assert.deepEqual(config.notifiers.get('ops'), { type: 'webhook', name: 'ops', url: 'https://127.0.0.1:9000/hook', headers: { 'X-Token': 'abc' }, timeoutMs: 60_000, secret: null });
  });
});

describe('parseConfigText: each error with its path and line', () => {
  test('a bare number as a duration', () => {
    assert.deepEqual(errors(yaml('monitors:', '  - name: api', '    url: http://127.0.0.1/', '    interval: 60')), [
      '4: monitors[0].interval: must be a duration such as 30s, 5m or 1h; a bare number has no unit: write 60s for 60 seconds or 60ms for milliseconds',
    ]);
  });

  test('errors in the third monitor carry its index', () => {
    const text = yaml(
      'monitors:',
      '  - { name: a, url: "http://127.0.0.1/a" }',
      '  - { name: b, url: "http://127.0.0.1/b" }',
      '  - name: c',
      '    url: http://127.0.0.1/c',
      '    interval: 100ms',
      '    timeout: forever',
      '    confirm: 20',
    );
    assert.deepEqual(errors(text), [
      '6: monitors[2].interval: must be at least 1s',
      '7: monitors[2].timeout: must be a duration such as 30s, 5m or 1h',
      '8: monitors[2].confirm: must be a whole number from 0 to 10',
    ]);
  });

  test('a missing key points at the map that lacks it', () => {
    const text = yaml('monitors:', '  - name: a', '    url: http://127.0.0.1/a', '  - name: b', '    interval: 30s', ...NOTIFIERS.slice(0, 3));
    assert.deepEqual(errors(text), [
      '4: monitors[1].url: is required: the http:// or https:// address to check, such as https://example.com/health',
      '7: notifiers.ops.url: is required: an http:// or https:// URL to POST alerts to',
    ]);
  });

  test('a status rule in a block list points at its own line', () => {
    const text = yaml('monitors:', '  - name: a', '    url: http://127.0.0.1/a', '    expect:', '      status:', '        - 200', '        - 2xxx', '        - "3xx"');
    assert.deepEqual(errors(text), ['7: monitors[0].expect.status[1]: must be a status code such as 200, or a range such as "2xx" or "200-299"']);
  });

  test('unknown keys, at every level, with the key they likely meant', () => {
    const text = yaml(
      'monitor:',
      '  - name: a',
      'monitors:',
      '  - name: a',
      '    url: http://127.0.0.1/a',
      '    intervall: 30s',
      '    expect:',
      '      body_contain: ok',
      'notifiers:',
      '  ops:',
      '    type: webhook',
      '    url: http://127.0.0.1:9000/hook',
      '    timout: 5s',
    );
    assert.deepEqual(errors(text), [
      '1: monitor: "monitor" is not a top-level key; did you mean "monitors"?',
      '6: monitors[0].intervall: "intervall" is not a monitor key; did you mean "interval"?',
      '8: monitors[0].expect.body_contain: "body_contain" is not an expect key; did you mean "body_contains"?',
      '13: notifiers.ops.timout: "timout" is not a webhook notifier key; did you mean "timeout"?',
    ]);
  });

  test('an unknown top-level key without a near match lists the allowed ones', () => {
    assert.deepEqual(errors(yaml('monitors: []', 'settings:', '  x: 1')), ['2: settings: "settings" is not a top-level key (allowed: public_url, monitors, notifiers, maintenance, retention)']);
  });

  test('wrong shapes at the top', () => {
    assert.deepEqual(errors(yaml('- name: a')), ['1: : upwatch.yml must be a map with the keys monitors and notifiers']);
    assert.deepEqual(errors(yaml('monitors:', '  name: a')), ['1: monitors: must be a list of monitors, each starting with "- name:"']);
    assert.deepEqual(errors(yaml('monitors:', '  - just-a-name')), ['2: monitors[0]: must be a map of monitor keys (name, type, interval, timeout, confirm, recover, notify, tags, remind_every, escalate, flapping, and the keys of its type)']);
    assert.deepEqual(errors(yaml('notifiers:', '  - ops')), ['1: notifiers: must be a map of notifier names to their settings, such as "ops: { type: webhook, url: … }"']);
  });

  test('duplicate monitor names: the second is the error, naming the line of the first', () => {
    const text = yaml('monitors:', '  - name: api', '    url: http://127.0.0.1/a', '  - name: web', '    url: http://127.0.0.1/b', '  - name: api', '    url: http://127.0.0.1/c');
    assert.deepEqual(errors(text), ['6: monitors[2].name: "api" is already the name of monitors[0] (line 2); monitor names must be unique']);
  });

  test('notify must name defined notifiers', () => {
    const text = yaml('monitors:', '  - name: api', '    url: http://127.0.0.1/a', '    notify:', '      - ops', '      - opz', ...NOTIFIERS);
    assert.deepEqual(errors(text), ['6: monitors[0].notify[1]: no notifier named "opz" (defined: ops)']);
    assert.deepEqual(errors(yaml('monitors:', '  - name: api', '    url: http://127.0.0.1/a', '    notify: [ops]')), [
      '4: monitors[0].notify[0]: no notifier named "ops" (no notifiers are defined; add them under notifiers:)',
    ]);
  });

  test('a notify name of a notifier that is itself invalid is not reported twice', () => {
    const text = yaml('monitors:', '  - name: api', '    url: http://127.0.0.1/a', '    notify: [ops]', 'notifiers:', '  ops:', '    type: webhook', '    url: ftp://x');
    assert.deepEqual(errors(text), ['8: notifiers.ops.url: must be an http:// or https:// URL, such as https://hooks.example.com/upwatch']);
  });

  test('notifier errors', () => {
    const text = yaml(
      'notifiers:',
      '  a:',
      '    type: webhok',
      '    url: http://127.0.0.1:9000/a',
      '  b:',
      '    url: http://127.0.0.1:9000/b',
      '  c:',
      '    type: webhook',
      '    url: http://127.0.0.1:9000/c',
      '    timeout: 10',
      '    headers:',
      '      X-Count: 5',
      '  d: http://127.0.0.1:9000/d',
      '  e:',
      '    type: webhook',
      '    url: 9000',
      '  f:',
      '    type: webhook',
      '    url: http://127.0.0.1:9000/f',
      '    timeout: 10m',
    );
    assert.deepEqual(errors(text), [
      `3: notifiers.a.type: unknown notifier type "webhok"; did you mean "webhook"? (known: ${KNOWN})`,
      `5: notifiers.b.type: is required: the kind of notifier (${KNOWN})`,
      '10: notifiers.c.timeout: must be a duration such as 10s (the default)',
      '12: notifiers.c.headers.X-Count: must be text; put it in quotes',
      `13: notifiers.d: must be a map with a type (${KNOWN}) and its settings`,
      '16: notifiers.e.url: must be an http:// or https:// URL to POST alerts to',
      '20: notifiers.f.timeout: must be longer than 0 and at most 5m',
    ]);
  });

  test('a misspelt notifier key does not hide the other errors of that notifier', () => {
    const text = yaml('notifiers:', '  ops:', '    type: webhook', '    url: nope', '    timeot: 1s');
    assert.deepEqual(errors(text), [
      '4: notifiers.ops.url: must be an http:// or https:// URL, such as https://hooks.example.com/upwatch',
      '5: notifiers.ops.timeot: "timeot" is not a webhook notifier key; did you mean "timeout"?',
    ]);
  });

  test('YAML syntax errors carry their line', () => {
    assert.deepEqual(errors(yaml('monitors:', '  - name: api', '    url: url: http://127.0.0.1/', '    interval: 30s')), [
      '3: : invalid YAML: nested mappings are not allowed in compact mappings',
    ]);
    // The parser notices an unclosed quote only at the end of the file; the line stays within it.
    const unclosed = errors(yaml('monitors:', '  - name: api', '    url: "http://127.0.0.1/', '    interval: 30s'));
    assert.ok(unclosed.length > 0 && unclosed.every((e) => /^[34]: : invalid YAML: /.test(e)), unclosed.join('\n'));
  });

  test('a key written twice is a YAML error on the second', () => {
    assert.deepEqual(errors(yaml('monitors:', '  - name: api', '    url: http://127.0.0.1/a', '    url: http://127.0.0.1/b')), ['4: : invalid YAML: map keys must be unique']);
  });

  test('errors come sorted by line, all at once', () => {
    const text = yaml('notifiers:', '  ops: { type: pager }', 'monitors:', '  - name: a', '    url: x', 'extra: 1');
    assert.deepEqual(
      errors(text).map((e) => e.slice(0, e.indexOf(': ', e.indexOf(': ') + 2))),
      ['2: notifiers.ops.type', '5: monitors[0].url', '6: extra'],
    );
  });
});

describe('parseConfigText: ${ENV} interpolation', () => {
  const monitorWith = (...lines: string[]) => yaml('monitors:', '  - name: api', ...lines);

  test('${VAR} and ${VAR:-default} in string values', () => {
    const config = valid(monitorWith('    url: http://${HOST}:${PORT:-8080}/health', '    headers:', '      Authorization: Bearer ${TOKEN}'), { HOST: '127.0.0.1', TOKEN: 't0k' });
    assert.equal(httpSettings(config.monitors[0]!).url, 'http://127.0.0.1:8080/health');
    assert.deepEqual(httpSettings(config.monitors[0]!).headers, { Authorization: 'Bearer t0k' });
  });

  test('$${ keeps a literal ${', () => {
    const config = valid(monitorWith('    url: http://127.0.0.1/', '    expect:', '      body_contains: "$${not_a_var}"'));
    assert.equal(httpSettings(config.monitors[0]!).expect.bodyContains, '${not_a_var}');
  });

  test('an unquoted ${VAR} holding a whole number is a number; a quoted one stays text', () => {
    assert.equal(valid(monitorWith('    url: http://127.0.0.1/', '    confirm: ${CONFIRM}'), { CONFIRM: '5' }).monitors[0]!.confirm, 5);
    assert.deepEqual(errors(monitorWith('    url: http://127.0.0.1/', '    confirm: "${CONFIRM}"'), { CONFIRM: '5' }), [
      '4: monitors[0].confirm: must be a whole number from 0 to 10, without quotes',
    ]);
  });

  test('a value cannot inject YAML: it stays one string', () => {
    const config = valid(monitorWith('    url: http://127.0.0.1/', '    body: ${BODY}'), { BODY: 'x\nnotify: [evil]\n{ a: 1 }' });
    assert.equal(httpSettings(config.monitors[0]!).body, 'x\nnotify: [evil]\n{ a: 1 }');
    assert.deepEqual(config.monitors[0]!.notify, []);
  });

  test('keys are not interpolated', () => {
    assert.deepEqual(errors(yaml('${TOP}: 1'), { TOP: 'monitors' }), ['1: ["${TOP}"]: "${TOP}" is not a top-level key (allowed: public_url, monitors, notifiers, maintenance, retention)']);
  });

  test('a missing variable names the field, the line and the variable, and never another variable\'s value', () => {
    const secret = 'hunter2-very-secret';
    const text = yaml('monitors:', '  - name: api', '    url: http://127.0.0.1/', '    headers:', '      Authorization: Bearer ${API_TOKEN}', '      X-Other: ${OTHER_SECRET}');
    const found = errors(text, { OTHER_SECRET: secret });
    assert.deepEqual(found, ['5: monitors[0].headers.Authorization: environment variable API_TOKEN is not set (set it, or write ${API_TOKEN:-default} to give a default)']);
    assert.ok(found.every((line) => !line.includes(secret)));
  });

  test('a rejected value that came from the environment is shown as its reference', () => {
    const secret = 'team-secret-name';
    const text = yaml('monitors:', '  - name: api', '    url: http://127.0.0.1/', '    notify: ["${TEAM}"]', ...NOTIFIERS);
    const found = errors(text, { TEAM: secret });
    assert.deepEqual(found, ['4: monitors[0].notify[0]: no notifier named "${TEAM}" (defined: ops)']);
  });

  test('a value from the environment stays hidden when an error quotes it elsewhere, through an alias', () => {
    const secret = 'topsecretname';
    const text = yaml('monitors:', '  - name: &n ${NAME}', '    url: http://127.0.0.1/', '  - name: *n', '    url: http://127.0.0.1/');
    const found = errors(text, { NAME: secret });
    assert.equal(found.length, 1);
    assert.ok(!found[0]!.includes(secret), found[0]);
  });

  test('a missing variable does not also fail the check of its field', () => {
    assert.deepEqual(errors(yaml('notifiers:', '  ops:', '    type: webhook', '    url: ${HOOK_URL}')), [
      '4: notifiers.ops.url: environment variable HOOK_URL is not set (set it, or write ${HOOK_URL:-default} to give a default)',
    ]);
  });

  test('a malformed reference is an error', () => {
    assert.deepEqual(errors(monitorWith('    url: http://${HOST/')), [
      '3: monitors[0].url: has a "${" that is not a variable reference; write ${NAME} or ${NAME:-default}, or $${ for a literal ${',
    ]);
  });
});

describe('formatFieldErrors', () => {
  test('one line per error: file, line, path, message', () => {
    const errs: FieldError[] = [
      { path: 'monitors[2].interval', line: 12, message: 'must be a duration such as 30s, 5m or 1h' },
      { path: '', line: 3, message: 'invalid YAML: x' },
      { path: '', message: 'cannot read the file: no such file (ENOENT)' },
    ];
    assert.equal(
      formatFieldErrors(errs, 'upwatch.yml'),
      [
        'upwatch.yml:12: monitors[2].interval: must be a duration such as 30s, 5m or 1h',
        'upwatch.yml:3: invalid YAML: x',
        'upwatch.yml: cannot read the file: no such file (ENOENT)',
      ].join('\n'),
    );
  });
});

describe('loadConfigFile', () => {
  test('reads a real file, and says when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'upwatch-config-'));
    try {
      const file = join(dir, 'upwatch.yml');
      writeFileSync(file, yaml('monitors:', '  - name: api', '    url: ${URL}'));
      const loaded = loadConfigFile(file, { URL: 'http://127.0.0.1:1/' });
      assert.ok(loaded.ok);
      assert.equal(httpSettings(loaded.config.monitors[0]!).url, 'http://127.0.0.1:1/');
      assert.deepEqual(loadConfigFile(join(dir, 'missing.yml'), {}), { ok: false, errors: [{ path: '', message: 'cannot read the file: no such file (ENOENT)' }] });
      assert.deepEqual(loadConfigFile(dir, {}), { ok: false, errors: [{ path: '', message: 'cannot read the file: it is a directory, not a file (EISDIR)' }] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseConfigText: public_url, maintenance and escalations', () => {
  test('public_url and both kinds of maintenance window', () => {
    const config = valid(
      yaml(
        'public_url: https://upwatch.example.com/',
        'monitors:',
        '  - name: db',
        '    url: http://127.0.0.1/db',
        'maintenance:',
        '  - name: weekly-db',
        '    monitors: [db]',
        '    cron: "0 3 * * SUN"',
        '    tz: Europe/Berlin',
        '    duration: 1h',
        '  - name: migration',
        '    start: 2026-12-01T22:00:00Z',
        '    end: "2026-12-01T23:30:00+01:00"',
      ),
    );
    assert.equal(config.publicUrl, 'https://upwatch.example.com');
    assert.deepEqual(config.maintenance, [
      { name: 'weekly-db', monitors: ['db'], schedule: { type: 'recurring', cron: '0 3 * * SUN', timezone: 'Europe/Berlin', durationMs: 3_600_000 } },
      { name: 'migration', monitors: null, schedule: { type: 'once', startsAt: Date.parse('2026-12-01T22:00:00Z'), endsAt: Date.parse('2026-12-01T22:30:00Z') } },
    ]);
  });

  test('each problem of a window or a public_url is named with its line', () => {
    assert.deepEqual(
      errors(
        yaml(
          'public_url: upwatch.example.com',
          'monitors:',
          '  - name: db',
          '    url: http://127.0.0.1/db',
          'maintenance:',
          '  - name: weekly',
          '    monitors: [dbb]',
          '    cron: "0 3 * *"',
          '    tz: Mars/Olympus',
          '    duration: 1h',
          '  - name: once',
          '    start: 2026-12-01 22:00',
          '    end: 2026-12-01T21:00:00Z',
          '  - name: vague',
        ),
      ),
      [
        '1: public_url: must be the http:// or https:// address people open the dashboard at, such as https://upwatch.example.com',
        '7: maintenance[0].monitors[0]: no monitor named "dbb" in this file',
        '9: maintenance[0].tz: "Mars/Olympus" is not a time zone; use a name such as Europe/Berlin or UTC',
        '12: maintenance[1].start: must be a date and time with its offset, such as 2026-12-01T22:00:00Z or 2026-12-01T23:00:00+01:00',
        '14: maintenance[2]: needs either start and end (a one-off window) or cron, tz and duration (a recurring one)',
      ],
    );
    assert.match(errors(yaml('maintenance:', '  - name: w', '    cron: "61 * * * *"', '    duration: 1h'))[0]!, /^3: maintenance\[0\]\.cron: is not a valid cron expression/);
    assert.deepEqual(errors(yaml('maintenance:', '  - name: w', '    cron: "0 0 31 4 *"', '    duration: 1h')), ['3: maintenance[0].cron: never matches a date (such as the 31st of April): the window would never open']);
    assert.deepEqual(errors(yaml('maintenance:', '  - name: w', '    start: 2026-02-30T22:00:00Z', '    end: 2026-03-02T00:00:00Z')), ['3: maintenance[0].start: is not a real date and time']);
  });

  test('escalation steps may only name notifiers that exist', () => {
    assert.deepEqual(
      errors(yaml('monitors:', '  - name: api', '    url: http://127.0.0.1/a', '    escalate:', '      - after: 15m', '        notify: [pager]', ...NOTIFIERS)),
      ['6: monitors[0].escalate[0].notify[0]: no notifier named "pager" (defined: ops)'],
    );
  });
});
