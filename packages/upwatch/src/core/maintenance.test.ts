import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activeMaintenance, compileWindow } from './maintenance.js';

describe('maintenance windows', () => {
  const hour = 3_600_000;

  test('a one-off window is open from its start, up to (not at) its end', () => {
    const w = compileWindow({ name: 'migration', monitors: null, schedule: { type: 'once', startsAt: 1000, endsAt: 2000 } });
    assert.deepEqual([999, 1000, 1999, 2000].map((t) => w.openAt(t)), [false, true, true, false]);
  });

  test('a recurring window follows its cron expression in its own time zone, across a DST change', () => {
    // Sundays 03:00 in Berlin for an hour: 01:00 UTC in summer (CEST), 02:00 UTC in winter (CET).
    const w = compileWindow({ name: 'weekly', monitors: ['db'], schedule: { type: 'recurring', cron: '0 3 * * SUN', timezone: 'Europe/Berlin', durationMs: hour } });
    const at = (iso: string) => w.openAt(Date.parse(iso));
    assert.equal(at('2026-11-29T02:00:00Z'), true, 'winter: 03:00 CET is 02:00 UTC');
    assert.equal(at('2026-11-29T02:59:59Z'), true);
    assert.equal(at('2026-11-29T03:00:00Z'), false, 'the hour is over');
    assert.equal(at('2026-11-29T01:59:59Z'), false, 'not yet');
    assert.equal(at('2026-07-05T01:30:00Z'), true, 'summer: 03:00 CEST is 01:00 UTC');
    assert.equal(at('2026-07-05T02:30:00Z'), false);
    assert.equal(at('2026-11-28T02:30:00Z'), false, 'a Saturday');
  });

  test('a window covers only the monitors it names, or all of them', () => {
    const windows = [
      compileWindow({ name: 'db-only', monitors: ['db'], schedule: { type: 'once', startsAt: 0, endsAt: 10 } }),
      compileWindow({ name: 'everything', monitors: null, schedule: { type: 'once', startsAt: 20, endsAt: 30 } }),
    ];
    assert.equal(activeMaintenance(windows, 'db', 5)?.window.name, 'db-only');
    assert.equal(activeMaintenance(windows, 'api', 5), undefined);
    assert.equal(activeMaintenance(windows, 'api', 25)?.window.name, 'everything');
  });

  test('a bad cron expression or time zone is refused when compiled', () => {
    assert.throws(() => compileWindow({ name: 'x', monitors: null, schedule: { type: 'recurring', cron: 'every sunday', timezone: 'UTC', durationMs: hour } }));
    assert.throws(() => compileWindow({ name: 'x', monitors: null, schedule: { type: 'recurring', cron: '0 3 * * *', timezone: 'Mars/Olympus', durationMs: hour } }).openAt(0));
  });

  test('the remembered answer agrees with a fresh one at every minute across a month, DST change included', () => {
    const schedule = { type: 'recurring' as const, cron: '30 2 * * SUN,WED', timezone: 'Europe/Berlin', durationMs: 90 * 60_000 };
    const remembered = compileWindow({ name: 'w', monitors: null, schedule });
    const start = Date.parse('2026-10-20T00:00:00Z');
    for (let t = start; t < start + 14 * 86_400_000; t += 7 * 60_000) {
      assert.equal(remembered.openAt(t), compileWindow({ name: 'w', monitors: null, schedule }).openAt(t), new Date(t).toISOString());
    }
  });
});
