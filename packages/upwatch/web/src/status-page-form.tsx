import { useState } from 'preact/hooks';
import { ApiError, errorMessage } from './api';
import type { FieldError } from './types';

export interface StatusPageInput {
  slug: string;
  title: string;
  description?: string | null;
  groups: Array<{ name: string; monitors: string[] }>;
}

interface GroupText {
  name: string;
  /** Monitor names or ids, comma-separated. */
  monitors: string;
}

/** The API's field errors by the input they belong to: `groups[1].monitors[0]` → `groups.1.monitors`. */
function errorKey(path: string): string {
  const group = /^groups\[(\d+)\]\.?(name|monitors)?/.exec(path);
  if (group) return `groups.${group[1]}.${group[2] ?? 'monitors'}`;
  const top = path.split(/[.[]/)[0] ?? '';
  return ['slug', 'title', 'description'].includes(top) ? top : '';
}

interface Props {
  page: StatusPageInput | null;
  save: (body: StatusPageInput) => Promise<void>;
  onCancel: () => void;
}

/** A status page: slug, title, description and groups of monitors (by name or id). */
export function StatusPageForm({ page, save, onCancel }: Props) {
  const [slug, setSlug] = useState(page?.slug ?? '');
  const [title, setTitle] = useState(page?.title ?? '');
  const [description, setDescription] = useState(page?.description ?? '');
  const [groups, setGroups] = useState<GroupText[]>(page?.groups.map((g) => ({ name: g.name, monitors: g.monitors.join(', ') })) ?? [{ name: 'Services', monitors: '' }]);
  const [errors, setErrors] = useState<Map<string, string[]>>(new Map());
  const [saving, setSaving] = useState(false);

  const setGroup = (i: number, change: Partial<GroupText>) => setGroups((gs) => gs.map((g, k) => (k === i ? { ...g, ...change } : g)));
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    try {
      await save({
        slug: slug.trim(),
        title: title.trim(),
        // Empty is no description: left out of a new page, sent as '' to clear an existing one's.
        ...(description.trim() !== '' || page ? { description: description.trim() } : {}),
        groups: groups.map((g) => ({ name: g.name.trim(), monitors: g.monitors.split(',').map((m) => m.trim()).filter(Boolean) })),
      });
    } catch (err) {
      const fields: FieldError[] = err instanceof ApiError ? err.fields : [];
      const byKey = new Map<string, string[]>();
      for (const f of fields) {
        const key = errorKey(f.path);
        byKey.set(key, [...(byKey.get(key) ?? []), key === '' ? `${f.path}: ${f.message}` : f.message]);
      }
      if (fields.length === 0) byKey.set('', [errorMessage(err)]);
      setErrors(byKey);
    } finally {
      setSaving(false);
    }
  };
  const error = (key: string) => {
    const list = errors.get(key);
    return list ? (
      <p class="field-error" role="alert" data-testid={`error-${key}`}>
        {list.join('; ')}
      </p>
    ) : null;
  };

  return (
    <form class="form panel" onSubmit={onSubmit} aria-label={page ? `Edit status page ${page.slug}` : 'New status page'} noValidate>
      <h2>{page ? `Edit ${page.title}` : 'New status page'}</h2>
      {error('')}
      <fieldset disabled={saving}>
        <div class="field">
          <label for="sp-slug">Slug</label>
          <input id="sp-slug" data-testid="field-slug" value={slug} onInput={(e) => setSlug(e.currentTarget.value)} placeholder="public" disabled={page !== null} />
          <small class="hint">The page's address: /status/slug.</small>
          {error('slug')}
        </div>
        <div class="field">
          <label for="sp-title">Title</label>
          <input id="sp-title" data-testid="field-title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} placeholder="Example status" />
          {error('title')}
        </div>
        <div class="field">
          <label for="sp-description">Description</label>
          <textarea id="sp-description" data-testid="field-description" rows={2} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
          {error('description')}
        </div>
        {groups.map((g, i) => (
          <div class="group-box" key={i} data-testid="group">
            <div class="field">
              <label for={`sp-group-${i}`}>Group name</label>
              <input id={`sp-group-${i}`} data-testid={`field-groups.${i}.name`} value={g.name} onInput={(e) => setGroup(i, { name: e.currentTarget.value })} />
              {error(`groups.${i}.name`)}
            </div>
            <div class="field">
              <label for={`sp-monitors-${i}`}>Monitors</label>
              <input id={`sp-monitors-${i}`} data-testid={`field-groups.${i}.monitors`} value={g.monitors} onInput={(e) => setGroup(i, { monitors: e.currentTarget.value })} placeholder="api, website" />
              <small class="hint">Monitor names (or ids), comma-separated.</small>
              {error(`groups.${i}.monitors`)}
            </div>
            {groups.length > 1 && (
              <button type="button" class="button small" onClick={() => setGroups((gs) => gs.filter((_, k) => k !== i))}>
                Remove group
              </button>
            )}
          </div>
        ))}
        <button type="button" class="button small" onClick={() => setGroups((gs) => [...gs, { name: '', monitors: '' }])}>
          Add group
        </button>
        <div class="form-actions">
          <button type="submit" class="button primary" data-testid="save-status-page">
            {saving ? 'Saving…' : page ? 'Save changes' : 'Create status page'}
          </button>
          <button type="button" class="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </fieldset>
    </form>
  );
}
