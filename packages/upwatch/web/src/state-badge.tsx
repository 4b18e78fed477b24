import type { MonitorState } from './types';

const LABELS: Record<MonitorState, string> = { up: 'Up', down: 'Down', degraded: 'Degraded', pending: 'Pending', paused: 'Paused' };

/** A monitor's state as a coloured word; `data-state` carries it for tests and styles. */
export function StateBadge({ state }: { state: MonitorState }) {
  return (
    <span class={`badge badge-${state}`} data-testid="state-badge" data-state={state}>
      {LABELS[state]}
    </span>
  );
}
