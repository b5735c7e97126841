/**
 * A controller that also aborts when `parent` does; `dispose` stops listening to the parent. Built on
 * a plain listener, not AbortSignal.any, whose derived signal can be collected and then never fire.
 */
export function linkedController(parent: AbortSignal): { controller: AbortController; dispose(): void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  if (parent.aborted) controller.abort();
  else parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}

/**
 * A controller that aborts after `ms` (with a TimeoutError reason) or when `parent` does; `dispose`
 * clears the timer and the listener. The timer is a plain setTimeout that holds the controller, so a
 * garbage collection cannot lose the deadline as it can `AbortSignal.any([…, AbortSignal.timeout()])`
 * on Node 20, where the timeout signal is only weakly held.
 */
export function deadlineController(parent: AbortSignal, ms: number): { signal: AbortSignal; dispose(): void } {
  const link = linkedController(parent);
  const timer = setTimeout(() => link.controller.abort(new DOMException(`deadline of ${ms} ms passed`, 'TimeoutError')), ms);
  return {
    signal: link.controller.signal,
    dispose: () => {
      clearTimeout(timer);
      link.dispose();
    },
  };
}
