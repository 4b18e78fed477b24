import type { Clock } from '../../core/clock.js';
import type { CompressibleBody } from '../send-compressible.js';

/**
 * The public pages as last rendered, each kept `ttlMs`. A status page is read by a crowd exactly
 * when something is down, and each render of 100 monitors costs ~11 ms of the one thread that
 * also runs the checks: with the copy kept 10 s, a thousand visitors a second cost one render
 * every 10 s, and one gzip. Requests that miss together wait for the same render. Only pages that exist are
 * kept (a miss for an unknown slug is not), so the map is bounded by the pages there are.
 */
export class RenderedPageCache {
  private readonly entries = new Map<string, { expiresAt: number; body: Promise<CompressibleBody | undefined> }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** The kept copy of `key`, or `render`'s (undefined: no such page, nothing kept). */
  get(key: string, render: () => Promise<CompressibleBody | undefined>): Promise<CompressibleBody | undefined> {
    const now = this.clock.now();
    const kept = this.entries.get(key);
    if (kept && kept.expiresAt > now) return kept.body;
    this.dropExpired(now);
    const body = render().then(
      (rendered) => {
        if (rendered === undefined) this.forget(key, body);
        return rendered;
      },
      (err: unknown) => {
        this.forget(key, body);
        throw err;
      },
    );
    this.entries.set(key, { expiresAt: now + this.ttlMs, body });
    return body;
  }

  private forget(key: string, body: Promise<CompressibleBody | undefined>): void {
    if (this.entries.get(key)?.body === body) this.entries.delete(key);
  }

  private dropExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
