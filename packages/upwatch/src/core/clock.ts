/**
 * Time as the scheduler, detector and outbox see it. Everything that waits or reads the time takes a
 * Clock, so tests can run hours of schedule in milliseconds under a manual one.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` after `ms`; the handle cancels it. */
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly __timer: unique symbol;
}

/** The real clock. Timers are unref'd: a pending check must not keep a stopping process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return t as unknown as TimerHandle;
  },
  clearTimer(handle) {
    clearTimeout(handle as unknown as NodeJS.Timeout);
  },
};
