import { formatMs, formatPercent } from './format';
import { UPTIME_WINDOWS, type UptimeWindow, type UptimeWindowFigures } from './types';

const LABELS: Record<UptimeWindow, string> = { '24h': '24 hours', '7d': '7 days', '30d': '30 days', '90d': '90 days' };

/** Uptime over 24 h, 7, 30 and 90 days, with the checks counted and the p95 response time. */
export function UptimeFigures({ uptime }: { uptime: Record<UptimeWindow, UptimeWindowFigures> }) {
  return (
    <div class="tiles" data-testid="uptime-figures">
      {UPTIME_WINDOWS.map((w) => {
        const f = uptime[w];
        return (
          <div class="tile" key={w} data-testid={`uptime-${w}`}>
            <div class="tile-label">Uptime {LABELS[w]}</div>
            <div class="tile-value">{formatPercent(f.uptime)}</div>
            <div class="tile-note">
              {f.checks} checks, {f.failures} failed · p95 {formatMs(f.p95_ms)}
            </div>
          </div>
        );
      })}
    </div>
  );
}
