import { formatDuration, formatTime } from './format';
import type { Incident } from './types';

/** A monitor's incidents: when, how long, what kind of failure and what it means. */
export function IncidentsTable({ incidents }: { incidents: Incident[] }) {
  if (incidents.length === 0) return <p class="empty">No incidents.</p>;
  return (
    <div class="table-wrap">
      <table class="table" aria-label="Incidents">
        <thead>
          <tr>
            <th>Started</th>
            <th>Ended</th>
            <th>Duration</th>
            <th>Kind</th>
            <th>Explanation</th>
            <th>Request ids</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id} data-testid="incident-row" data-open={String(i.open)} data-kind={i.kind} class={i.open ? 'row-failed' : ''}>
              <td>{formatTime(i.started_at)}</td>
              <td>{i.open ? <span class="badge badge-down">ongoing</span> : formatTime(i.resolved_at)}</td>
              <td data-testid="incident-duration">{formatDuration(i.duration_s)}</td>
              <td>
                <span class="kind">{i.kind}</span>
                {i.status !== null && <div class="muted">HTTP {i.status}</div>}
              </td>
              <td class="explanation">
                {i.explanation}
                {i.error && <div class="error-text">{i.error}</div>}
              </td>
              <td class="mono">
                {i.request_id || '–'}
                {i.response_request_id && <div class="muted">server: {i.response_request_id}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
