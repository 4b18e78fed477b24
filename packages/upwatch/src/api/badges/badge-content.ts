import type { DetectorState } from '../../core/detector.js';
import type { UptimeFigures } from '../../store/store.js';
import type { BadgeColor } from './badge-svg.js';

export interface BadgeContent {
  label: string;
  message: string;
  color: BadgeColor;
}

/** The monitor's state now: up, down, checking, paused. */
export function statusBadge(name: string, paused: boolean, state: DetectorState | undefined): BadgeContent {
  if (paused) return { label: name, message: 'paused', color: 'grey' };
  switch (state?.status) {
    case 'up':
      return { label: name, message: state.degraded ? 'slow' : 'up', color: state.degraded ? 'yellow' : 'green' };
    case 'down':
      return { label: name, message: 'down', color: 'red' };
    case 'verifying':
    case 'recovering':
      return { label: name, message: 'checking', color: 'yellow' };
    default:
      return { label: name, message: 'no data', color: 'grey' };
  }
}

/** Uptime over a period, with two decimals where they matter (99.95%), fewer where not (100%). */
export function uptimeBadge(period: string, figures: UptimeFigures | undefined): BadgeContent {
  const label = `uptime ${period}`;
  const uptime = figures?.uptime ?? null;
  if (uptime === null) return { label, message: 'no data', color: 'grey' };
  const text = uptime >= 100 ? '100%' : `${(Math.floor(uptime * 100) / 100).toFixed(2)}%`;
  const color: BadgeColor = uptime >= 99.9 ? 'green' : uptime >= 99 ? 'yellowgreen' : uptime >= 95 ? 'yellow' : uptime >= 90 ? 'orange' : 'red';
  return { label, message: text, color };
}

/** The median response time of the period's ok checks. */
export function responseTimeBadge(period: string, figures: UptimeFigures | undefined): BadgeContent {
  const label = `response time ${period}`;
  const ms = figures?.p50Ms ?? null;
  if (ms === null) return { label, message: 'no data', color: 'grey' };
  const text = ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
  const color: BadgeColor = ms < 300 ? 'green' : ms < 1000 ? 'yellow' : 'red';
  return { label, message: text, color };
}
