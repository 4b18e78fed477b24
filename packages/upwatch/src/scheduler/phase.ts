import { createHash } from 'node:crypto';

/**
 * A monitor's offset within its interval, derived from its id: a thousand monitors do not fire in
 * the same millisecond after a start, and each keeps its slot across restarts.
 */
export function phaseOffsetMs(monitorId: string, intervalMs: number): number {
  const digest = createHash('sha1').update(monitorId).digest();
  return digest.readUInt32BE(0) % intervalMs;
}

/**
 * The first slot of the monitor's grid (offset + k × interval, counted from the epoch) strictly
 * after `after`. Slots come from the grid, never from "last run + interval", so a schedule does not
 * drift however long the checks take.
 */
export function nextSlotAfter(after: number, intervalMs: number, offsetMs: number): number {
  const k = Math.floor((after - offsetMs) / intervalMs) + 1;
  return offsetMs + k * intervalMs;
}
