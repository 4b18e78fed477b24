import { formatMs, formatTime } from './format';
import type { Check } from './types';

/** The latest checks, with what failed and the request ids to search the logs for. */
export function ChecksTable({ checks }: { checks: Check[] }) {
  if (checks.length === 0) return <p class="empty">No checks yet.</p>;
  return (
    <div class="table-wrap">
      <table class="table" aria-label="Recent checks">
        <thead>
          <tr>
            <th>Time</th>
            <th>Result</th>
            <th>Status</th>
            <th class="num">Total</th>
            <th class="num">dns / connect / tls / ttfb</th>
            <th>Request id</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={`${c.at}-${c.phase}`} data-testid="check-row" data-ok={String(c.ok)} class={c.ok ? '' : 'row-failed'}>
              <td>
                {formatTime(c.at)}
                {c.phase === 'confirm' && <span class="tag">re-check</span>}
              </td>
              <td>
                {c.ok ? (c.kind === 'degraded' ? 'slow' : 'ok') : <span class="kind">{c.kind}</span>}
                {c.transient && <span class="tag" title="A failure that passed before it was confirmed: no alert">blip</span>}
              </td>
              <td>{c.status ?? '–'}</td>
              <td class="num">{formatMs(c.timings.total)}</td>
              <td class="num muted">
                {[c.timings.dns, c.timings.connect, c.timings.tls, c.timings.ttfb].map((ms) => Math.round(ms)).join(' / ')}
              </td>
              <td class="mono">
                {c.request_id ?? '–'}
                {c.response_request_id && <div class="muted">server: {c.response_request_id}</div>}
              </td>
              <td class="error-text">{c.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
