import { useState } from 'preact/hooks';
import { api, errorMessage } from './api';
import { EntityForm } from './entity-form';
import type { FieldDef, FormValues } from './form-fields';
import { formatTime } from './format';
import { useResource } from './use-resource';

interface MaintenanceWindow {
  name: string;
  monitors: string[] | null;
  start?: string;
  end?: string;
  cron?: string;
  tz?: string;
  duration?: string;
  source: 'config' | 'api';
  active: boolean;
}

const COMMON: FieldDef[] = [
  { path: 'name', label: 'Name', kind: 'text', required: true, placeholder: 'weekly-db' },
  { path: 'monitors', label: 'Monitors', kind: 'list', placeholder: 'api, db', hint: 'Monitor names, comma-separated; empty for every monitor.' },
  { path: 'schedule', label: 'Schedule', kind: 'select', options: ['one-off', 'recurring'], required: true },
];
const ONCE: FieldDef[] = [
  { path: 'start', label: 'Start', kind: 'text', required: true, placeholder: '2026-12-01T22:00:00Z', hint: 'ISO 8601 with an offset (Z or +01:00).' },
  { path: 'end', label: 'End', kind: 'text', required: true, placeholder: '2026-12-01T23:00:00Z' },
];
const RECURRING: FieldDef[] = [
  { path: 'cron', label: 'Cron', kind: 'text', required: true, placeholder: '0 3 * * SUN' },
  { path: 'tz', label: 'Time zone', kind: 'text', placeholder: 'UTC' },
  { path: 'duration', label: 'Duration', kind: 'text', required: true, placeholder: '1h' },
];

const fieldsFor = (values: FormValues) => [...COMMON, ...(values['schedule'] === 'recurring' ? RECURRING : ONCE)];

/** When a window applies, in a line. */
function scheduleOf(w: MaintenanceWindow): string {
  return w.cron ? `${w.cron} (${w.tz ?? 'UTC'}) for ${w.duration}` : `${formatTime(w.start)} – ${formatTime(w.end)}`;
}

/** Maintenance windows: alerts held while one is in force. Config ones are read-only. */
export function MaintenancePage() {
  const list = useResource<{ windows: MaintenanceWindow[] }>('/api/maintenance');
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const remove = async (name: string) => {
    if (!confirm(`Delete maintenance window "${name}"?`)) return;
    try {
      await api('DELETE', `/api/maintenance/${encodeURIComponent(name)}`);
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <main class="page">
      <header class="page-head">
        <h1>Maintenance</h1>
        <button type="button" class="button primary" data-testid="new-maintenance" onClick={() => setCreating(true)}>
          New window
        </button>
      </header>
      <p class="muted">Checks and incidents go on during a window; its alerts are held, and an outage that outlasts it is alerted when it ends.</p>
      {(error || list.error) && <p class="banner error">{error ?? errorMessage(list.error)}</p>}
      {creating && (
        <EntityForm
          label="New maintenance window"
          idPrefix="maintenance"
          initial={null}
          start={{ schedule: 'one-off' }}
          fieldsFor={fieldsFor}
          saveLabel="Create window"
          saveTestId="save-maintenance"
          onCancel={() => setCreating(false)}
          save={async ({ schedule: _schedule, ...body }) => {
            await api('POST', '/api/maintenance', body);
            setCreating(false);
            list.reload();
          }}
        />
      )}
      {list.data && list.data.windows.length === 0 ? (
        <p class="empty">No maintenance windows.</p>
      ) : (
        <table class="table" aria-label="Maintenance windows">
          <thead>
            <tr>
              <th>Name</th>
              <th>When</th>
              <th>Monitors</th>
              <th>Now</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(list.data?.windows ?? []).map((w) => (
              <tr key={w.name} data-testid="maintenance-row" data-name={w.name}>
                <td>{w.name}</td>
                <td>{scheduleOf(w)}</td>
                <td>{w.monitors === null ? 'all' : w.monitors.join(', ')}</td>
                <td>{w.active ? <span class="badge badge-paused">in force</span> : ''}</td>
                <td class="row-actions">
                  {w.source === 'config' ? (
                    <span class="note small">Defined in the config file; change it there.</span>
                  ) : (
                    <button type="button" class="button small danger" onClick={() => remove(w.name)} data-testid="delete-maintenance">
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
