/**
 * One step of the client, in the manner of undici's interceptors: a layer takes the next step and
 * returns a step of the same shape, so retry, breaker and timeout compose as plain functions.
 */
export type FetchStep = (request: Request, context: CallContext) => Promise<Response>;

export type FetchLayer = (next: FetchStep) => FetchStep;

export interface CallContext {
  /** The caller's own signal: an abort from it ends the whole call, retries included. */
  readonly callerSignal: AbortSignal;
  /**
   * The signal of one attempt (its deadline or the caller's abort), handed to fetch in its init.
   * Signals are passed here rather than inside Request objects: a Request follows another's
   * signal through a weak reference, and once the intermediate Request is garbage collected the
   * abort never arrives (an attempt meant to time out hung until undici's own 300 s limit).
   */
  readonly attemptSignal?: AbortSignal;
}

/** Whether the caller gave up, as opposed to one attempt timing out. */
export function callerAborted(context: CallContext): boolean {
  return context.callerSignal.aborted;
}
