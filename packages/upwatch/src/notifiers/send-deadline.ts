/**
 * A signal that aborts when `parent` does or after `ms`, whichever comes first, and `dispose` to
 * let both go once the send is over.
 *
 * Not AbortSignal.any or AbortSignal.timeout: on Node 20 the signal AbortSignal.any returns is held
 * only weakly by its sources, and a collection during a long send lost the abort. Here the parent's
 * listener and the timer hold the controller until dispose.
 * @example const deadline = sendDeadline(context.signal, 10_000); try { … } finally { deadline.dispose() }
 */
export function sendDeadline(parent: AbortSignal, ms: number): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const onParent = () => controller.abort(parent.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
  }, ms);
  if (parent.aborted) onParent();
  else parent.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParent);
    },
  };
}
