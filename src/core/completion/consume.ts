import type { StreamEvent } from '../providers/types';
import { cutStream, postprocess, type FilterContext } from './filters';

export interface ConsumeOptions {
  /** Time allowed from the first token; a slow network before it does not count. */
  budgetMs: number;
  now: () => number;
  /** Ends the HTTP stream (used when the time budget runs out while waiting for a chunk). */
  abort: () => void;
  onFirstToken?: () => void;
}

export interface Consumed {
  /** What the user sees; undefined when the filters leave nothing worth showing. */
  text: string | undefined;
  /** Characters right of the cursor the suggestion replaces (0: an insertion). */
  replace: number;
  firstTokenAt?: number;
  /** The filters found the end before the model did; the rest of the stream was not read. */
  stoppedEarly: boolean;
  /** The time budget or max_tokens cut the completion. */
  truncated: boolean;
}

/**
 * Reads a streamed completion through the line-based stop filters, leaving the stream as soon as a
 * stop is found (so the HTTP stream ends and no more tokens are generated for nothing), and enforces
 * the time budget from the first token.
 */
export async function consumeCompletion(events: AsyncIterable<StreamEvent>, ctx: FilterContext, opts: ConsumeOptions): Promise<Consumed> {
  const iterator = events[Symbol.asyncIterator]();
  let raw = '';
  let firstTokenAt: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let outOfTime = false;
  try {
    for (;;) {
      let step: IteratorResult<StreamEvent>;
      try {
        step = await iterator.next();
      } catch (err) {
        if (outOfTime && firstTokenAt !== undefined) return finish(raw, ctx, firstTokenAt, false, true);
        throw err;
      }
      if (step.done) return finish(raw, ctx, firstTokenAt, false, false);
      const event = step.value;
      if (event.type === 'done') return finish(raw, ctx, firstTokenAt, false, event.stopReason === 'length');
      if (event.type === 'billed') continue; // the router keeps these; a raw provider stream may carry them
      if (firstTokenAt === undefined) {
        firstTokenAt = opts.now();
        opts.onFirstToken?.();
        timer = setTimeout(() => {
          outOfTime = true;
          opts.abort();
        }, opts.budgetMs);
      }
      raw += event.text;
      const cut = cutStream(raw, ctx);
      if (cut.stopped) {
        await iterator.return?.();
        const shown = postprocess(cut.text, ctx, false);
        return { text: shown?.text, replace: shown?.replace ?? 0, firstTokenAt, stoppedEarly: true, truncated: false };
      }
      if (opts.now() - firstTokenAt > opts.budgetMs) {
        await iterator.return?.();
        return finish(raw, ctx, firstTokenAt, false, true);
      }
    }
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function finish(raw: string, ctx: FilterContext, firstTokenAt: number | undefined, stoppedEarly: boolean, truncated: boolean): Consumed {
  const cut = cutStream(raw, ctx, true);
  const shown = postprocess(cut.text, ctx, truncated && !cut.stopped);
  return { text: shown?.text, replace: shown?.replace ?? 0, firstTokenAt, stoppedEarly: stoppedEarly || cut.stopped, truncated };
}
