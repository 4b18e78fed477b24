import type { IBreaker } from 'cockatiel';

/**
 * Opens once `threshold` failures fall within the last `windowMs`, whatever the successes between
 * them: a service that fails one call in two is as good as down to its callers. cockatiel ships
 * consecutive, count and sampling breakers; none counts failures in a window of time, which is the
 * rule this client documents, so it plugs in through cockatiel's breaker interface.
 */
export class RollingWindowBreaker implements IBreaker {
  private failures: number[] = [];

  constructor(
    private readonly threshold: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  get state(): unknown {
    return { failures: [...this.failures] };
  }

  set state(value: unknown) {
    const failures = (value as { failures?: unknown }).failures;
    this.failures = Array.isArray(failures) ? failures.filter((t): t is number => typeof t === 'number') : [];
  }

  success(): void {
    // A success does not forgive earlier failures inside the window: only time does.
  }

  failure(): boolean {
    const now = this.now();
    this.failures.push(now);
    const cutoff = now - this.windowMs;
    while (this.failures.length > 0 && this.failures[0]! <= cutoff) this.failures.shift();
    if (this.failures.length < this.threshold) return false;
    // Opening starts a new count: after the half-open probe, the circuit gets a fresh window.
    this.failures = [];
    return true;
  }
}
