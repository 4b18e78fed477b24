import { useMemo, useState } from 'preact/hooks';
import { api, errorMessage } from './api';
import { listOf } from './list-of';
import { StatusPageForm, type StatusPageInput } from './status-page-form';
import type { MonitorSummary } from './types';
import { useResource } from './use-resource';

interface StatusPage extends StatusPageInput {
  id: string;
  url: string;
}

/** The public status pages: list, create, edit, delete, and a link to each. */
export function StatusPagesPage() {
  const list = useResource<unknown>('/api/status-pages');
  const monitors = useResource<{ monitors: MonitorSummary[] }>('/api/dashboard/monitors');
  const [editing, setEditing] = useState<StatusPage | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const pages = listOf<StatusPage>(list.data, 'status_pages');
  // Pages keep monitors by id; the form shows names, which people recognize. The form's list is
  // comma-separated, so a name with a comma in it is shown as the monitor's id instead.
  const names = useMemo(() => new Map((monitors.data?.monitors ?? []).filter((m) => !m.name.includes(',')).map((m) => [m.id, m.name])), [monitors.data]);
  const withNames = (page: StatusPage): StatusPage => ({ ...page, groups: page.groups.map((g) => ({ ...g, monitors: g.monitors.map((id) => names.get(id) ?? id) })) });
  const path = (slug: string) => `/api/status-pages/${encodeURIComponent(slug)}`;

  const remove = async (slug: string) => {
    if (!confirm(`Delete status page "${slug}"? Its address stops working.`)) return;
    try {
      await api('DELETE', path(slug));
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <main class="page">
      <header class="page-head">
        <h1>Status pages</h1>
        <button type="button" class="button primary" data-testid="new-status-page" onClick={() => setEditing('new')}>
          New status page
        </button>
      </header>
      {(error || list.error) && <p class="banner error">{error ?? errorMessage(list.error)}</p>}
      {editing && (
        <StatusPageForm
          key={editing === 'new' ? 'new' : editing.slug}
          page={editing === 'new' ? null : withNames(editing)}
          onCancel={() => setEditing(null)}
          save={async (body) => {
            if (editing === 'new') await api('POST', '/api/status-pages', body);
            else {
              const { slug: _slug, ...changes } = body;
              await api('PATCH', path(editing.slug), changes);
            }
            setEditing(null);
            list.reload();
          }}
        />
      )}
      {pages.length === 0 && !list.loading ? (
        <p class="empty">No status pages yet. A status page shows chosen monitors to the public, without a login.</p>
      ) : (
        <table class="table" aria-label="Status pages">
          <thead>
            <tr>
              <th>Title</th>
              <th>Address</th>
              <th>Monitors</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {pages.map((p) => (
              <tr key={p.slug} data-testid="status-page-row" data-slug={p.slug}>
                <td>{p.title}</td>
                <td>
                  <a href={p.url ?? `/status/${p.slug}`} target="_blank" rel="noopener" data-testid="status-page-link">
                    {p.url ?? `/status/${p.slug}`}
                  </a>
                </td>
                <td>{p.groups.reduce((n, g) => n + g.monitors.length, 0)}</td>
                <td class="row-actions">
                  <button type="button" class="button small" onClick={() => setEditing(p)} data-testid="edit-status-page">
                    Edit
                  </button>
                  <button type="button" class="button small danger" onClick={() => remove(p.slug)} data-testid="delete-status-page">
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
