import { Component } from 'preact';
import { formatMs, formatPercent } from './format';
import { href } from './router';
import { StateBadge } from './state-badge';
import type { MonitorSummary } from './types';

/**
 * One monitor in the list. It renders again only for a new row object: the list replaces a row
 * only when it changed, so a batch of changes re-renders just those rows.
 */
export class MonitorRow extends Component<{ monitor: MonitorSummary }> {
  override shouldComponentUpdate(next: { monitor: MonitorSummary }): boolean {
    return next.monitor !== this.props.monitor;
  }

  override render() {
    return <MonitorRowCells monitor={this.props.monitor} />;
  }
}

function MonitorRowCells({ monitor }: { monitor: MonitorSummary }) {
  const last = monitor.last_check;
  return (
    <div class="mrow" role="row" data-testid="monitor-row" data-state={monitor.state} data-monitor-id={monitor.id} data-monitor-name={monitor.name}>
      <span role="cell" class="mrow-state">
        <StateBadge state={monitor.state} />
      </span>
      <span role="cell" class="mrow-name">
        <a href={href.monitor(monitor.id)} data-testid="monitor-link">
          {monitor.name}
        </a>
      </span>
      <span role="cell" class="mrow-target" title={monitor.target}>
        {monitor.target}
      </span>
      <span role="cell" class={`mrow-ms num ${last && !last.ok ? 'failed' : ''}`} data-testid="monitor-last-ms" title={last?.kind ?? undefined}>
        {last ? (last.ok ? formatMs(last.ms) : (last.kind ?? 'failed')) : '–'}
      </span>
      <span role="cell" class="mrow-uptime num" data-testid="monitor-uptime">
        {formatPercent(monitor.uptime_24h)}
      </span>
      <span role="cell" class="mrow-tags">
        {monitor.tags.map((tag) => (
          <span key={tag} class="tag">
            {tag}
          </span>
        ))}
      </span>
    </div>
  );
}
