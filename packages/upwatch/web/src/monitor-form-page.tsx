import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from './api';
import { FormField } from './form-field';
import { formBody, getPath, saveErrors, toText, type FieldDef, type FormValues } from './form-fields';
import { fieldsOf } from './monitor-fields';
import { href, navigate } from './router';
import type { MonitorDetail } from './types';
import { useResource } from './use-resource';

/** The form's texts for a monitor as GET /api/monitors/:id answers it. */
function valuesOf(monitor: MonitorDetail): FormValues {
  return Object.fromEntries(fieldsOf(monitor.type).map((def) => [def.path, toText(def, getPath(monitor, def.path))]));
}

/** Create a monitor (`#/monitors/new`) or edit one (`#/monitors/:id/edit`). */
export function MonitorFormPage({ id }: { id?: string }) {
  const existing = useResource<MonitorDetail>(id === undefined ? null : `/api/monitors/${encodeURIComponent(id)}`);
  if (id !== undefined) {
    if (existing.error) return <main class="page"><p class="banner error">{errorMessage(existing.error)}</p></main>;
    if (!existing.data) return <main class="page">Loading…</main>;
  }
  return <MonitorForm key={existing.data?.id ?? 'new'} monitor={existing.data ?? null} />;
}

function MonitorForm({ monitor }: { monitor: MonitorDetail | null }) {
  const initial = monitor ? valuesOf(monitor) : null;
  const [values, setValues] = useState<FormValues>(initial ?? { type: 'http' });
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [saving, setSaving] = useState(false);
  // "More options" opens by itself while an advanced field has a value; once toggled by hand, it stays as left.
  const [moreOpen, setMoreOpen] = useState<boolean | null>(null);
  const readOnly = monitor?.source === 'config';
  const type = values['type'] || 'http';
  const defs = fieldsOf(type);

  useEffect(() => {
    document.title = monitor ? `Edit ${monitor.name} · upwatch` : 'New monitor · upwatch';
  }, [monitor]);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (readOnly) return;
    setSaving(true);
    // A new type makes the old kind's keys meaningless: its own keys are all sent.
    const typeChanged = initial !== null && initial['type'] !== type;
    const body = formBody(defs, values, typeChanged ? null : initial);
    // But interval and confirm have defaults of each kind's own (a heartbeat is judged every 30 s
    // and never re-checked): the old kind's go only when changed here, as the API does for a PATCH.
    if (typeChanged) for (const key of ['interval', 'confirm']) if ((values[key] ?? '') === (initial[key] ?? '')) delete body[key];
    try {
      const saved = monitor
        ? await api<MonitorDetail>('PATCH', `/api/monitors/${encodeURIComponent(monitor.id)}`, body)
        : await api<MonitorDetail>('POST', '/api/monitors', body);
      navigate(href.monitor(saved.id));
    } catch (err) {
      setErrors(saveErrors(defs, err));
    } finally {
      setSaving(false);
    }
  };

  const advanced = defs.filter((def) => def.advanced);
  const field = (def: FieldDef) => (
    <FormField
      key={def.path}
      def={def}
      idPrefix="monitor"
      value={values[def.path] ?? ''}
      errors={errors.get(def.path)}
      onInput={(value) => setValues((v) => ({ ...v, [def.path]: value }))}
    />
  );
  const general = errors.get('');
  return (
    <main class="page narrow">
      <nav class="crumbs">
        <a href={href.monitors()}>Monitors</a> / {monitor ? <a href={href.monitor(monitor.id)}>{monitor.name}</a> : 'New'}
      </nav>
      <h1>{monitor ? `Edit ${monitor.name}` : 'New monitor'}</h1>
      {readOnly && (
        <p class="note" data-testid="read-only-note">
          Defined in the config file; change it there.
        </p>
      )}
      {general && (
        <div class="banner error" role="alert" data-testid="form-error">
          {general.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <form class="form" onSubmit={onSubmit} aria-label={monitor ? 'Edit monitor' : 'New monitor'} noValidate>
        <fieldset disabled={readOnly || saving}>
          {defs.filter((def) => !def.advanced).map(field)}
          <details
            class="more"
            open={advanced.some((def) => errors.has(def.path)) || (moreOpen ?? advanced.some((def) => (values[def.path] ?? '') !== ''))}
            onToggle={(e) => setMoreOpen(e.currentTarget.open)}
          >
            <summary>More options</summary>
            {advanced.map(field)}
          </details>
          <div class="form-actions">
            <button type="submit" class="button primary" data-testid="save-monitor">
              {saving ? 'Saving…' : monitor ? 'Save changes' : 'Create monitor'}
            </button>
            <a class="button" href={monitor ? href.monitor(monitor.id) : href.monitors()}>
              Cancel
            </a>
          </div>
        </fieldset>
      </form>
    </main>
  );
}
