import { useState } from 'preact/hooks';
import { api, ApiError, errorMessage } from './api';
import { formatTime } from './format';
import { listOf } from './list-of';
import { useResource } from './use-resource';

interface ApiToken {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** API tokens for scripts and CI: create (the token is shown once), list and revoke. */
export function TokensPage() {
  const list = useResource<unknown>('/api/tokens');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const tokens = listOf<ApiToken>(list.data, 'tokens');

  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setNameError(null);
    try {
      const token = await api<ApiToken & { token: string }>('POST', '/api/tokens', { name: name.trim() });
      setCreated({ name: token.name, token: token.token });
      setName('');
      list.reload();
    } catch (err) {
      const field = err instanceof ApiError ? err.fields.find((f) => f.path === 'name') : undefined;
      if (field) setNameError(field.message);
      else setError(errorMessage(err));
    }
  };
  const revoke = async (token: ApiToken) => {
    if (!confirm(`Revoke token "${token.name}"? Whatever uses it stops working.`)) return;
    try {
      await api('DELETE', `/api/tokens/${encodeURIComponent(token.id)}`);
      list.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <main class="page">
      <h1>API tokens</h1>
      <p class="muted">
        A token lets a script call the API: <code>Authorization: Bearer &lt;token&gt;</code>. Only its hash is stored.
      </p>
      <form class="form inline-form" onSubmit={create} aria-label="New API token">
        <div class="field">
          <label for="token-name">Token name</label>
          <input id="token-name" data-testid="field-token-name" value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="ci" aria-invalid={nameError ? true : undefined} />
          {nameError && (
            <p class="field-error" role="alert">
              {nameError}
            </p>
          )}
        </div>
        <button type="submit" class="button primary" data-testid="create-token">
          Create token
        </button>
      </form>
      {created && (
        <div class="banner ok" role="status" data-testid="new-token">
          <p>
            Token <strong>{created.name}</strong>, shown this once: copy it now.
          </p>
          <input class="mono token-value" readOnly value={created.token} aria-label="New token" data-testid="new-token-value" onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
      {(error || list.error) && <p class="banner error">{error ?? errorMessage(list.error)}</p>}
      <table class="table" aria-label="API tokens">
        <thead>
          <tr>
            <th>Name</th>
            <th>Created</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-testid="token-row" data-name={t.name}>
              <td>{t.name}</td>
              <td>{formatTime(t.created_at)}</td>
              <td>{t.last_used_at ? formatTime(t.last_used_at) : 'never'}</td>
              <td class="row-actions">
                <button type="button" class="button small danger" onClick={() => revoke(t)} data-testid="revoke-token">
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
