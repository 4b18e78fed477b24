import { goToLogin } from './api';
import type { LiveChanges } from './types';

type Listener = (changes: LiveChanges) => void;

const listeners = new Set<Listener>();
const reconnectListeners = new Set<() => void>();
let source: EventSource | null = null;
let opened = false;
/** Tries since the stream last opened, for the backoff of a stream the browser gave up on. */
let failures = 0;

/**
 * The one EventSource of the page (GET /api/events), shared by every view: the server sends at
 * most one `changes` message a second with the latest of each monitor. The browser reconnects by
 * itself (after the server's `retry:`) when the connection drops, but gives up for good when an
 * answer is not a stream (a 401 once the session has ended, a proxy's 502 while the server
 * restarts): then the session is asked for (a 401 sends to the login page) and a new stream is
 * opened after a backoff. What was missed meanwhile is read again by whoever listens to
 * `onReconnect`.
 * @example const stop = subscribeLive((changes) => list.apply(changes));
 */
export function subscribeLive(listener: Listener): () => void {
  listeners.add(listener);
  ensureSource();
  return () => listeners.delete(listener);
}

/** Called each time the stream comes back after a break: changes may have been missed. */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  ensureSource();
  return () => reconnectListeners.delete(listener);
}

function ensureSource(): void {
  if (source) return;
  source = new EventSource('/api/events');
  source.addEventListener('changes', (event) => {
    let changes: LiveChanges;
    try {
      changes = JSON.parse((event as MessageEvent<string>).data) as LiveChanges;
    } catch {
      return;
    }
    for (const listener of listeners) listener(changes);
  });
  source.addEventListener('open', () => {
    if (opened) for (const listener of reconnectListeners) listener();
    opened = true;
    failures = 0;
  });
  source.addEventListener('error', () => {
    if (source?.readyState !== EventSource.CLOSED) return;
    source = null;
    failures++;
    void fetch('/api/session', { credentials: 'same-origin' }).then(
      (res) => (res.status === 401 ? goToLogin() : retryLater()),
      () => retryLater(),
    );
  });
}

/** 1 s, 2 s, 4 s … up to 30 s between tries. */
function retryLater(): void {
  window.setTimeout(ensureSource, Math.min(30_000, 1_000 * 2 ** Math.min(failures - 1, 5)));
}
