import type { Route } from './router';
import type { Session } from './types';

const LINKS: Array<{ href: string; label: string; pages: Array<Route['page']> }> = [
  { href: '#/monitors', label: 'Monitors', pages: ['monitors', 'monitor', 'new-monitor', 'edit-monitor'] },
  { href: '#/notifiers', label: 'Notifiers', pages: ['notifiers'] },
  { href: '#/status-pages', label: 'Status pages', pages: ['status-pages'] },
  { href: '#/maintenance', label: 'Maintenance', pages: ['maintenance'] },
  { href: '#/tokens', label: 'API tokens', pages: ['tokens'] },
];

/** The top bar: the pages, who is logged in, and the log-out form (a POST with the CSRF token). */
export function NavBar({ route, session }: { route: Route; session: Session | null }) {
  return (
    <header class="topbar">
      <a class="brand" href="#/monitors">
        upwatch
      </a>
      <nav aria-label="Main">
        {LINKS.map((link) => (
          <a key={link.href} href={link.href} aria-current={link.pages.includes(route.page) ? 'page' : undefined} data-testid={`nav-${link.href.slice(2)}`}>
            {link.label}
          </a>
        ))}
      </nav>
      {session && (
        <form class="logout" method="post" action="/logout">
          <span class="muted" data-testid="username">
            {session.user.username}
          </span>
          <input type="hidden" name="_csrf" value={session.csrf_token} />
          <button type="submit" class="button small" data-testid="logout">
            Log out
          </button>
        </form>
      )}
    </header>
  );
}
