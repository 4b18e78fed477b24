import { useEffect, useState } from 'preact/hooks';

/** The client's pages, by the URL's hash: the server has one shell at `/`, whatever the page. */
export type Route =
  | { page: 'monitors' }
  | { page: 'monitor'; id: string }
  | { page: 'new-monitor' }
  | { page: 'edit-monitor'; id: string }
  | { page: 'notifiers' }
  | { page: 'status-pages' }
  | { page: 'maintenance' }
  | { page: 'tokens' }
  | { page: 'not-found'; path: string };

/**
 * The route of a hash such as `#/monitors/abc`.
 * @example parseRoute('#/monitors/abc/edit') // { page: 'edit-monitor', id: 'abc' }
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0 || (first === 'monitors' && parts.length === 1)) return { page: 'monitors' };
  if (first === 'monitors' && second === 'new' && parts.length === 2) return { page: 'new-monitor' };
  if (first === 'monitors' && second && parts.length === 2) return { page: 'monitor', id: second };
  if (first === 'monitors' && second && third === 'edit' && parts.length === 3) return { page: 'edit-monitor', id: second };
  if (parts.length === 1 && (first === 'notifiers' || first === 'status-pages' || first === 'maintenance' || first === 'tokens')) return { page: first };
  return { page: 'not-found', path };
}

/** The href of a client route. */
export const href = {
  monitors: () => '#/monitors',
  monitor: (id: string) => `#/monitors/${encodeURIComponent(id)}`,
  newMonitor: () => '#/monitors/new',
  editMonitor: (id: string) => `#/monitors/${encodeURIComponent(id)}/edit`,
};

export function navigate(hash: string): void {
  location.hash = hash;
}

/** The current route, following the hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
