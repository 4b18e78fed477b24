import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { monitorToOutput, parseMonitorInput, prepareSpec } from '../../config/monitor-input.js';
import type { HeartbeatSettings } from './heartbeat-settings.js';

const errors = (raw: Record<string, unknown>) => {
  const parsed = parseMonitorInput({ name: 'job', type: 'heartbeat', ...raw });
  return parsed.ok ? [] : parsed.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('heartbeat monitor keys', () => {
  test('every, grace and max_runtime; no re-checks and a 30 s judging interval by default', () => {
    const parsed = parseMonitorInput({ name: 'backup', type: 'heartbeat', token: '9f3c1a', every: '1d', grace: '30m', max_runtime: '2h', notify: ['ops'] });
    assert.ok(parsed.ok);
    assert.equal(parsed.spec.confirm, 0);
    assert.equal(parsed.spec.intervalMs, 30_000);
    assert.deepEqual(parsed.spec.settings, { token: '9f3c1a', everyMs: 86_400_000, cron: null, tz: null, graceMs: 1_800_000, maxRuntimeMs: 7_200_000 });
    const output = monitorToOutput(parsed.spec);
    assert.deepEqual(
      { token: output.token, every: output.every, cron: output.cron, tz: output.tz, grace: output.grace, max_runtime: output.max_runtime },
      { token: '9f3c1a', every: '1d', cron: null, tz: null, grace: '30m', max_runtime: '2h' },
    );
    const again = parseMonitorInput(output);
    assert.ok(again.ok);
    assert.deepEqual(again.spec, parsed.spec);
  });

  test('a cron schedule with its time zone (UTC when absent), grace 5m by default', () => {
    const parsed = parseMonitorInput({ name: 'n', type: 'heartbeat', cron: '0 3 * * *', tz: 'Europe/Berlin' });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.spec.settings, { token: null, everyMs: null, cron: '0 3 * * *', tz: 'Europe/Berlin', graceMs: 300_000, maxRuntimeMs: null });
    const utc = parseMonitorInput({ name: 'n', type: 'heartbeat', cron: '*/5 * * * *' });
    assert.equal(utc.ok && (utc.spec.settings as HeartbeatSettings).tz, 'UTC');
  });

  test('a token is generated once when the monitor is stored, and kept across versions', () => {
    const parsed = parseMonitorInput({ name: 'n', type: 'heartbeat', every: '1h' });
    assert.ok(parsed.ok);
    const stored = prepareSpec(parsed.spec, undefined);
    const token = (stored.settings as HeartbeatSettings).token!;
    assert.match(token, /^[A-Za-z0-9_-]{22}$/);
    assert.equal((prepareSpec(parsed.spec, stored).settings as HeartbeatSettings).token, token);
    assert.notEqual((prepareSpec(parsed.spec, undefined).settings as HeartbeatSettings).token, token);
  });

  test('clear errors, each at its key', () => {
    assert.deepEqual(errors({}), ['every: is required: how often the job pings, such as every: 1h (or a cron: schedule)']);
    assert.deepEqual(errors({ every: '1h', cron: '0 3 * * *' }), ['cron: cannot go with every: give the schedule as one or the other']);
    assert.deepEqual(errors({ every: '1h', tz: 'Europe/Berlin' }), ['tz: goes with cron: a period (every) has no time zone']);
    assert.deepEqual(errors({ cron: '0 3 * * *', tz: 'Mars/Olympus' }), ['tz: "Mars/Olympus" is not a time zone; use a name such as Europe/Berlin or UTC']);
    assert.match(errors({ cron: 'at three' })[0]!, /^cron: is not a valid cron expression/);
    assert.deepEqual(errors({ cron: '0 0 31 2 *' }), ['cron: never matches a date (such as the 31st of April)']);
    assert.deepEqual(errors({ every: '1h', token: 'a b' }), ['token: must be 6 to 100 letters, digits, - or _ (it goes into the ping URL)']);
    assert.deepEqual(errors({ every: 60 }), ['every: must be a duration such as 30s, 5m or 1h; a bare number has no unit: write 60s for 60 seconds or 60ms for milliseconds']);
    assert.deepEqual(errors({ every: '1h', url: 'http://x/' }), ['url: "url" is a key of http monitors, not of a heartbeat monitor: set type: http to use it']);
  });
});
