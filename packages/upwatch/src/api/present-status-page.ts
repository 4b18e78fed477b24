import type { StatusPage } from '../core/status-page.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** A status page as the API answers it: the keys POST takes (monitors as ids), its identity and its public address. */
export function presentStatusPage(page: StatusPage) {
  return {
    id: page.id,
    slug: page.slug,
    title: page.title,
    description: page.description,
    groups: page.groups.map((g) => ({ name: g.name, monitors: g.monitors })),
    url: `/status/${page.slug}`,
    created_at: iso(page.createdAt),
    updated_at: iso(page.updatedAt),
  };
}
