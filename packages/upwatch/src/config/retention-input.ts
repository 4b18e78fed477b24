import { unknownKeyMessage } from './field-path.js';
import { isPlainObject, readDuration, type Fail } from './input-readers.js';

const DAY_MS = 86_400_000;
const RETENTION_KEYS = ['checks'];

/** How long history is kept: `retention:` in the config file. */
export interface RetentionConfig {
  /** Raw checks (and their details); rollups have retentions of their own (src/history/). */
  checksMs: number;
}

/** 30 days of raw checks: a month to look into single checks; the rollups keep the figures for longer. */
export const DEFAULT_RETENTION: RetentionConfig = { checksMs: 30 * DAY_MS };

/**
 * `retention:` in the config file: `{ checks: 30d }`, from 1d to 3650d.
 * @example readRetention({ checks: '90d' }, fail) // { checksMs: 7_776_000_000 }
 */
export function readRetention(raw: unknown, fail: Fail): RetentionConfig {
  if (raw === undefined || raw === null) return DEFAULT_RETENTION;
  if (!isPlainObject(raw)) {
    fail(['retention'], 'must be a map such as "retention: { checks: 30d }"');
    return DEFAULT_RETENTION;
  }
  for (const key of Object.keys(raw)) if (!RETENTION_KEYS.includes(key)) fail(['retention', key], unknownKeyMessage(key, RETENTION_KEYS, 'retention'));
  // At least a day: the rollups are made from the raw checks of the last few minutes, and a day
  // leaves room to look into yesterday's failures.
  const checksMs = readDuration(raw.checks, ['retention', 'checks'], fail, { fallback: DEFAULT_RETENTION.checksMs, min: DAY_MS, max: 3_650 * DAY_MS });
  return { checksMs: checksMs ?? DEFAULT_RETENTION.checksMs };
}
