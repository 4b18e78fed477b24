import type { FieldError } from './types';

/** An answer of the API that was not a success, with the fields it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, sent as `x-csrf-token` on every change (GET /api/session gives it). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Where the login page sends the person back to after they log in. */
export function goToLogin(): void {
  const next = `${location.pathname}${location.search}${location.hash}`;
  location.assign(`/login?next=${encodeURIComponent(next)}`);
}

/**
 * One call to the API: JSON both ways, the CSRF header on changes, and a 401 (the session ended)
 * sends the person to log in again.
 * @example const { monitors } = await api<{ monitors: Monitor[] }>('GET', '/api/monitors');
 */
export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? null : JSON.stringify(body) });
  if (res.status === 401 && path !== '/api/session') {
    goToLogin();
    throw new ApiError(401, 'UNAUTHORIZED', 'your session has ended: log in again');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    // A proxy's HTML error page, say: reported below by its status.
  }
  if (!res.ok) {
    const e = (json ?? {}) as { code?: string; message?: string; fields?: FieldError[]; requestId?: string };
    throw new ApiError(res.status, e.code ?? 'HTTP_ERROR', e.message ?? `${res.status} ${res.statusText}`, e.fields ?? [], e.requestId ?? null);
  }
  return json as T;
}

/** The message of any error, for a banner. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.requestId ? `${err.message} (request id ${err.requestId})` : err.message;
  return err instanceof Error ? err.message : String(err);
}
