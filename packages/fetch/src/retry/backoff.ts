import type { RetryOptions } from '../options.js';

/**
 * The wait before retry number `retry` (1 for the first): baseDelayMs · factor^(retry−1), spread by
 * the jitter, never above maxDelayMs. With the defaults: about 1 s, 2 s, 4 s … each ±20 %.
 *
 * @example
 * backoffDelay(2, DEFAULT_RETRY, Math.random) // between 1600 and 2400
 */
export function backoffDelay(
  retry: number,
  options: Pick<RetryOptions, 'baseDelayMs' | 'factor' | 'maxDelayMs' | 'jitter'>,
  random: () => number,
): number {
  const exponential = options.baseDelayMs * options.factor ** (retry - 1);
  const capped = Math.min(options.maxDelayMs, exponential);
  if (options.jitter === 'full') return Math.round(random() * capped);
  const spread = 1 + options.jitter * (2 * random() - 1);
  return Math.round(Math.min(options.maxDelayMs, capped * spread));
}
