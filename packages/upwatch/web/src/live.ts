import type { LiveChanges } from './types';

type Listener = (changes: LiveChanges) => void;

const listeners = new Set<Listener>();
const reconnectListeners = new Set<() => void>();
let source: EventSource | null = null;
let opened = false;

/**
 * The one EventSource of the page (GET /api/events), shared by every view: the server sends at
 * most one `changes` message a second with the latest of each monitor. The browser reconnects by
 * itself (after the server's `retry:`); what was missed meanwhile is read again by whoever
 * listens to `onReconnect`.
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
  });
}
