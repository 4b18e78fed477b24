import { useState } from 'preact/hooks';
import { api, errorMessage } from './api';
import { EntityForm } from './entity-form';
import { getPath, toText, type FormValues } from './form-fields';
import { listOf } from './list-of';
import { notifierFieldsOf } from './notifier-fields';
import { useResource } from './use-resource';

interface Notifier {
  name: string;
  type: string;
  source: 'config' | 'api';
  settings: Record<string, unknown>;
}

/** The form's texts of a notifier (its secrets come masked, and are sent back only when changed). */
function valuesOf(n: Notifier): FormValues {
  const all = { name: n.name, type: n.type, ...n.settings };
  return Object.fromEntries(notifierFieldsOf(n.type).map((def) => [def.path, toText(def, getPath(all, def.path))]));
}

/** Where alerts go: list, create, edit, delete and test the notifiers; the config file's are read-only. */
export function NotifiersPage() {
  const list = useResource<unknown>('/api/notifiers');
  const [editing, setEditing] = useState<Notifier | 'new' | null>(null);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const notifiers = listOf<Notifier>(list.data, 'notifiers');
  const path = (name: string) => `/api/notifiers/${encodeURIComponent(name)}`;

  const test = async (name: string) => {
    setMessage(null);
    try {
      const outcome = await api<{ delivered: boolean; message: string }>('POST', `${path(name)}/test`);
      setMessage({ text: outcome.message, ok: outcome.delivered });
    } catch (err) {
      setMessage({ text: `${name}: ${errorMessage(err)}`, ok: false });
    }
  };
  const remove = async (name: string) => {
    if (!confirm(`Delete notifier "${name}"?`)) return;
    try {
      await api('DELETE', path(name));
      list.reload();
    } catch (err) {
      setMessage({ text: errorMessage(err), ok: false });
    }
  };

  return (
    <main class="page">
      <header class="page-head">
        <h1>Notifiers</h1>
        <button type="button" class="button primary" data-testid="new-notifier" onClick={() => setEditing('new')}>
          New notifier
        </button>
      </header>
      {message && (
        <p class={`banner ${message.ok ? 'ok' : 'error'}`} role="status" data-testid="notifier-message">
          {message.text}
        </p>
      )}
      {list.error && <p class="banner error">{errorMessage(list.error)}</p>}
      {editing && (
        <EntityForm
          key={editing === 'new' ? 'new' : editing.name}
          label={editing === 'new' ? 'New notifier' : `Edit ${editing.name}`}
          idPrefix="notifier"
          initial={editing === 'new' ? null : valuesOf(editing)}
          start={{ type: 'webhook' }}
          fixed={editing === 'new' ? [] : ['name', 'type']}
          fieldsFor={(values) => notifierFieldsOf(values['type'] || 'webhook')}
          saveLabel={editing === 'new' ? 'Create notifier' : 'Save changes'}
          saveTestId="save-notifier"
          onCancel={() => setEditing(null)}
          save={async (body) => {
            if (editing === 'new') await api('POST', '/api/notifiers', body);
            else await api('PATCH', path(editing.name), body);
            setEditing(null);
            list.reload();
          }}
        />
      )}
      {notifiers.length === 0 && !list.loading ? (
        <p class="empty">No notifiers yet. Monitors alert the notifiers they name in notify.</p>
      ) : (
        <table class="table" aria-label="Notifiers">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Where</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {notifiers.map((n) => (
              <tr key={n.name} data-testid="notifier-row" data-name={n.name}>
                <td>{n.name}</td>
                <td>{n.type}</td>
                <td class="mono muted">{String(n.settings['url'] ?? n.settings['topic'] ?? n.settings['to'] ?? '')}</td>
                <td class="row-actions">
                  <button type="button" class="button small" onClick={() => test(n.name)} data-testid="test-notifier">
                    Send test
                  </button>
                  {n.source === 'config' ? (
                    <span class="note small">Defined in the config file; change it there.</span>
                  ) : (
                    <>
                      <button type="button" class="button small" onClick={() => setEditing(n)} data-testid="edit-notifier">
                        Edit
                      </button>
                      <button type="button" class="button small danger" onClick={() => remove(n.name)} data-testid="delete-notifier">
                        Delete
                      </button>
                    </>
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
