import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { initialState, type DetectorState } from '../../core/detector.js';
import { formatDuration, formatUptime } from './format.js';
import { dayLevel, overallStatus, publicStatus } from './public-status.js';

const state = (overrides: Partial<DetectorState>): DetectorState => ({ ...initialState(0), ...overrides });

describe('public status', () => {
  test("a monitor's state: paused and maintenance first, an unconfirmed failure still operational", () => {
    assert.equal(publicStatus(false, state({ status: 'up' }), false), 'operational');
    assert.equal(publicStatus(false, state({ status: 'verifying' }), false), 'operational');
    assert.equal(publicStatus(false, state({ status: 'up', degraded: true }), false), 'degraded');
    assert.equal(publicStatus(false, state({ status: 'down' }), false), 'down');
    assert.equal(publicStatus(false, state({ status: 'recovering' }), false), 'recovering');
    assert.equal(publicStatus(false, state({ status: 'down' }), true), 'maintenance');
    assert.equal(publicStatus(true, state({ status: 'down' }), true), 'paused');
    assert.equal(publicStatus(false, undefined, false), 'unknown');
    assert.equal(publicStatus(false, state({ status: 'unknown' }), false), 'unknown');
  });

  test("the page's state: an outage of more than half the reporting monitors is major", () => {
    assert.equal(overallStatus(['operational', 'operational']), 'operational');
    assert.equal(overallStatus(['operational', 'down', 'operational']), 'partial_outage');
    assert.equal(overallStatus(['operational', 'down']), 'partial_outage');
    assert.equal(overallStatus(['down', 'recovering', 'operational']), 'major_outage');
    assert.equal(overallStatus(['down', 'paused', 'unknown']), 'major_outage', 'paused and silent monitors do not count');
    assert.equal(overallStatus(['down', 'maintenance']), 'partial_outage', 'an outage outweighs maintenance');
    assert.equal(overallStatus(['operational', 'maintenance', 'degraded']), 'maintenance');
    assert.equal(overallStatus(['operational', 'degraded']), 'degraded');
    assert.equal(overallStatus(['paused', 'unknown']), 'unknown');
    assert.equal(overallStatus([]), 'unknown');
  });

  test('day levels at the thresholds', () => {
    assert.deepEqual([100, 99.9, 99.89, 99, 98.99, 95, 94.99, 0, null].map(dayLevel), ['ok', 'ok', 'minor', 'minor', 'partial', 'partial', 'major', 'major', 'none']);
  });

  test('figures as the public reads them', () => {
    assert.equal(formatUptime(99.9999), '99.99%', 'never rounded up to perfect');
    assert.equal(formatUptime(100), '100%');
    assert.equal(formatUptime(null), 'no data');
    assert.equal(formatDuration(42_000), '42 s');
    assert.equal(formatDuration(12 * 60_000 + 29_000), '12 min');
    assert.equal(formatDuration(3_725_000), '1 h 2 min');
    assert.equal(formatDuration(2 * 3_600_000), '2 h');
    assert.equal(formatDuration(27 * 3_600_000), '1 d 3 h');
  });
});
