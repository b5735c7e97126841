import { isBlank } from './languages';

export type CompletionMode = 'single' | 'multi';

const CLOSERS = /^[\s)\]}>;,'"`]*$/;
const OPENS_BLOCK = /([{[:]|=>|\bdo|\bthen)\s*$/;

/**
 * Single line unless the cursor is where a block begins: on an empty line, or at the end of a line
 * that opens a block (`{`, `[`, `:`, `=>`, `do`) with nothing but closers to its right. Mid-line (code to
 * the right of the cursor) completes the line only, as Copilot does.
 */
export function decideMode(linePrefix: string, lineSuffix: string): CompletionMode {
  if (!CLOSERS.test(lineSuffix)) return 'single';
  if (isBlank(linePrefix)) return 'multi';
  return OPENS_BLOCK.test(linePrefix) ? 'multi' : 'single';
}
