import type { TextWindow } from './window';

/** Where a suggestion was made: enough to tell whether the user has since typed into it. */
export interface Anchor {
  path: string;
  line: number;
  linePrefix: string;
  lineSuffix: string;
  /** The end of the code above the cursor line, to be sure nothing else changed. */
  above: string;
}

const ABOVE_CHARS = 300;

export function anchorOf(path: string, line: number, w: TextWindow): Anchor {
  const above = w.prefix.slice(0, w.prefix.length - w.linePrefix.length).slice(-ABOVE_CHARS);
  return { path, line, linePrefix: w.linePrefix, lineSuffix: w.lineSuffix, above };
}

/**
 * How the text of a suggestion made at `then` reads at `now`: typed-through (the user typed its first
 * characters → the rest), backspaced (the user deleted characters on the line → those plus the
 * suggestion), or undefined when the edit is elsewhere or contradicts the suggestion.
 */
export function continueSuggestion(then: Anchor, text: string, now: Anchor): { text: string; typed: number } | undefined {
  if (then.path !== now.path || then.line !== now.line || then.lineSuffix !== now.lineSuffix || then.above !== now.above) return undefined;
  if (now.linePrefix.startsWith(then.linePrefix)) {
    const typed = now.linePrefix.slice(then.linePrefix.length);
    if (typed.length === 0) return { text, typed: 0 };
    if (text.length > typed.length && text.startsWith(typed)) return { text: text.slice(typed.length), typed: typed.length };
    return undefined;
  }
  if (then.linePrefix.startsWith(now.linePrefix)) {
    const deleted = then.linePrefix.slice(now.linePrefix.length);
    if (deleted.trim() === '') return undefined; // deleting indentation changes what should come
    return { text: deleted + text, typed: -deleted.length };
  }
  return undefined;
}

/** Whether a request in flight for `then` will still be useful at `now` (the user typed on the same line). */
export function extendsAnchor(then: Anchor, now: Anchor): string | undefined {
  if (then.path !== now.path || then.line !== now.line || then.lineSuffix !== now.lineSuffix || then.above !== now.above) return undefined;
  return now.linePrefix.startsWith(then.linePrefix) ? now.linePrefix.slice(then.linePrefix.length) : undefined;
}
