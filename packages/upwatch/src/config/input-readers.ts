import { isIPv6 } from 'node:net';
import { formatDuration, parseDuration } from '../core/duration.js';
import type { Segment } from './field-path.js';

/**
 * The small readers every part of a monitor's input shares (the common keys, and each probe
 * kind's own keys): each takes a raw value, returns it checked and normalized, or reports a
 * problem at its path and returns undefined.
 */

export type Fail = (at: Segment[], message: string) => void;

export const DURATION_HINT = 'must be a duration such as 30s, 5m or 1h';
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readText(value: unknown, at: Segment[], fail: Fail, message: string): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return void fail(at, message);
  return value;
}

export interface DurationRule {
  fallback: number | null;
  min: number;
  max: number;
}

export function readDuration(value: unknown, at: Segment[], fail: Fail, rule: DurationRule): number | null | undefined {
  if (value === undefined || value === null) return rule.fallback;
  if (typeof value === 'number') {
    // A bare number is the classic mistake; say which unit to add rather than guessing it.
    return void fail(at, `${DURATION_HINT}; a bare number has no unit: write ${value}s for ${value} seconds or ${value}ms for milliseconds`);
  }
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) return void fail(at, DURATION_HINT);
  if (ms < rule.min) return void fail(at, rule.min <= 1 ? 'must be longer than 0' : `must be at least ${formatDuration(rule.min)}`);
  if (ms > rule.max) return void fail(at, `must be at most ${formatDuration(rule.max)}`);
  return ms;
}

export function readCount(value: unknown, at: Segment[], fail: Fail, fallback: number, range: { min: number; max: number }): number | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max) return value;
  const quoted = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? ', without quotes' : '';
  return void fail(at, `must be a whole number from ${range.min} to ${range.max}${quoted}`);
}

/** A TCP port, 1..65535; with no fallback it is required. */
export function readPort(value: unknown, at: Segment[], fail: Fail, fallback: number | null): number | undefined {
  if (value === undefined || value === null) {
    if (fallback !== null) return fallback;
    return void fail(at, 'is required: the port number, such as 443');
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65_535) return value;
  const quoted = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? ', without quotes' : '';
  return void fail(at, `must be a port number from 1 to 65535${quoted}`);
}

/** A host name or IP address, without scheme, port or path. */
export function readHost(value: unknown, at: Segment[], fail: Fail): string | undefined {
  if (value === undefined || value === null) return void fail(at, 'is required: the host name or IP address, such as db.internal or 127.0.0.1');
  if (typeof value !== 'string' || value.trim() === '') return void fail(at, 'must be a host name or IP address, such as db.internal or 127.0.0.1');
  const host = value.trim().replace(/^\[(.*)\]$/, '$1');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return void fail(at, 'must be a bare host name, without a scheme such as https://');
  if (/[/\s?#@]/.test(host)) return void fail(at, 'must be a bare host name or IP address, without a path, spaces or user name');
  if (!host.includes(':') && !/[[\]]/.test(host)) return host;
  if (isIPv6(host)) return host;
  // db.internal:5432 or [::1]:5432: the port has a key of its own.
  if (/:\d+$/.test(host)) return void fail(at, 'must not carry the port: put it in port');
  return void fail(at, 'must be a host name or IP address; an IPv6 address is written bare or in brackets, such as ::1');
}

export function readHeaders(value: unknown, fail: Fail): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) return void fail(['headers'], 'must be a map of header names to values, such as { Authorization: "Bearer …" }');
  const headers: Record<string, string> = {};
  const seen = new Map<string, string>();
  let ok = true;
  for (const [key, v] of Object.entries(value)) {
    const at = ['headers', key];
    const problem = !HEADER_NAME.test(key)
      ? 'is not a valid header name (letters, digits and - only, no spaces or colons)'
      : seen.has(key.toLowerCase())
        ? `repeats header "${seen.get(key.toLowerCase())}" (header names ignore case)`
        : typeof v !== 'string'
          ? 'must be text; put the value in quotes'
          : /[\r\n\0]/.test(v)
            ? 'must not contain line breaks'
            : undefined;
    seen.set(key.toLowerCase(), key);
    if (problem !== undefined) {
      fail(at, problem);
      ok = false;
    } else headers[key] = v as string;
  }
  return ok ? headers : undefined;
}

/** formatDuration rounds to whole seconds above 1s; fall back to milliseconds so a round trip never changes the value. */
export function durationText(ms: number): string {
  const text = formatDuration(ms);
  return parseDuration(text) === ms ? text : `${ms}ms`;
}

/** Runs `read` with a fail that also notes whether anything failed under it. */
export function tracking(fail: Fail): { fail: Fail; failed: () => boolean } {
  let failed = false;
  return {
    fail: (at, message) => {
      failed = true;
      fail(at, message);
    },
    failed: () => failed,
  };
}
