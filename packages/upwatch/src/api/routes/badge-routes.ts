import type { FastifyInstance, FastifyReply } from 'fastify';
import type { UptimeWindow } from '../../store/store.js';
import type { ApiDeps } from '../api-deps.js';
import { responseTimeBadge, statusBadge, uptimeBadge, type BadgeContent } from '../badges/badge-content.js';
import { badgeSvg } from '../badges/badge-svg.js';

const PERIODS: readonly UptimeWindow[] = ['24h', '7d', '30d', '90d'];

type BadgeRequest = { Params: { monitor: string }; Querystring: { period?: string } };

/**
 * Public SVG badges: /badge/:monitor/status.svg, uptime.svg?period=30d and response-time.svg,
 * where :monitor is a monitor's name or id. No login: they are made to be pasted into READMEs.
 * Cached for a minute (status) or five (figures over days); an unknown monitor or period is a
 * 404 that still draws a badge, so a broken link shows as such on the page it is pasted in.
 */
export function badgeRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const send = (reply: FastifyReply, status: number, content: BadgeContent, maxAgeS: number) =>
    reply
      .status(status)
      .header('content-type', 'image/svg+xml; charset=utf-8')
      .header('cache-control', `public, max-age=${maxAgeS}`)
      .send(badgeSvg(content.label, content.message, content.color));

  const figuresRoute = (file: string, defaultPeriod: UptimeWindow, render: typeof uptimeBadge) =>
    app.get<BadgeRequest>(`/badge/:monitor/${file}`, { config: { public: true } }, async (request, reply) => {
      const period = request.query.period ?? defaultPeriod;
      if (!(PERIODS as readonly string[]).includes(period)) return send(reply, 400, { label: 'period', message: `use ${PERIODS.join(', ')}`, color: 'grey' }, 60);
      const monitor = await deps.store.findMonitor(request.params.monitor);
      if (!monitor) return send(reply, 404, { label: 'monitor', message: 'not found', color: 'grey' }, 60);
      const uptime = await deps.store.uptimeOf(monitor.id, deps.clock.now());
      return send(reply, 200, render(period, uptime?.[period as UptimeWindow]), 300);
    });

  app.get<BadgeRequest>('/badge/:monitor/status.svg', { config: { public: true } }, async (request, reply) => {
    const monitor = await deps.store.findMonitor(request.params.monitor);
    if (!monitor) return send(reply, 404, { label: 'monitor', message: 'not found', color: 'grey' }, 60);
    return send(reply, 200, statusBadge(monitor.spec.name, monitor.paused, deps.runtime.getState(monitor.id)), 60);
  });
  figuresRoute('uptime.svg', '30d', uptimeBadge);
  figuresRoute('response-time.svg', '24h', responseTimeBadge);
}
