import { useState } from 'preact/hooks';
import { api, errorMessage } from './api';
import { href, navigate } from './router';
import type { MonitorDetail } from './types';

/** Pause or resume, edit and delete; for a monitor of the config file, the note saying why not. */
export function MonitorActions({ monitor, onChanged }: { monitor: MonitorDetail; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (monitor.source === 'config') {
    return (
      <p class="note" data-testid="read-only-note">
        Defined in the config file; change it there.
      </p>
    );
  }
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const id = encodeURIComponent(monitor.id);
  return (
    <div class="actions">
      <button
        type="button"
        class="button"
        disabled={busy}
        data-testid={monitor.paused ? 'resume-monitor' : 'pause-monitor'}
        onClick={() => run(async () => {
          await api('PATCH', `/api/monitors/${id}`, { paused: !monitor.paused });
          onChanged();
        })}
      >
        {monitor.paused ? 'Resume' : 'Pause'}
      </button>
      <a class="button" href={href.editMonitor(monitor.id)} data-testid="edit-monitor">
        Edit
      </a>
      <button
        type="button"
        class="button danger"
        disabled={busy}
        data-testid="delete-monitor"
        onClick={() => {
          if (!confirm(`Delete monitor "${monitor.name}" with all its checks and incidents?`)) return;
          void run(async () => {
            await api('DELETE', `/api/monitors/${id}`);
            navigate(href.monitors());
          });
        }}
      >
        Delete
      </button>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
