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
