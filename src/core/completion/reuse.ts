import type { TextWindow } from './window';

/** Where a suggestion was made: enough to tell whether the user has since typed into it. */
export interface Anchor {
  path: string;
  line: number;
  linePrefix: string;
  lineSuffix: string;
  /** The end of the text before the cursor (cursor line included). */
  before: string;
  /** The start of the text after the cursor (cursor line included). */
  after: string;
}

const TAIL_CHARS = 600;
/** How much of the old text must still stand right before what was typed. */
const CONTEXT_CHARS = 200;
/** Backspacing further than this is a rewrite, not a correction. */
const MAX_BACKSPACE = 40;

export function anchorOf(path: string, line: number, w: TextWindow): Anchor {
  return {
    path,
    line,
    linePrefix: w.linePrefix,
    lineSuffix: w.lineSuffix,
    before: w.prefix.slice(-TAIL_CHARS),
    after: w.suffix.slice(0, TAIL_CHARS),
  };
}

/**
 * How the text of a suggestion made at `then` reads at `now`: typed-through (the user typed its first
 * characters — across lines too, when a multi-line suggestion is typed out — so show the rest),
 * backspaced (the user deleted a few characters on the line: those plus the suggestion), or undefined
 * when the edit contradicts the suggestion or happened elsewhere.
 */
export function continueSuggestion(then: Anchor, text: string, now: Anchor): { text: string; typed: number } | undefined {
  if (then.path !== now.path || then.after !== now.after) return undefined;
  if (then.before === now.before) return { text, typed: 0 };
  const context = then.before.slice(-CONTEXT_CHARS);
  for (let typed = Math.min(text.length - 1, now.before.length); typed > 0; typed--) {
    const candidate = text.slice(0, typed);
    if (now.before.endsWith(candidate) && now.before.slice(0, -typed).endsWith(context)) return { text: text.slice(typed), typed };
  }
  return backspaced(then, text, now);
}

function backspaced(then: Anchor, text: string, now: Anchor): { text: string; typed: number } | undefined {
  if (then.line !== now.line || !then.linePrefix.startsWith(now.linePrefix)) return undefined;
  const deleted = then.linePrefix.slice(now.linePrefix.length);
  if (deleted.length > MAX_BACKSPACE || deleted.trim() === '') return undefined; // deleting indentation changes what should come
  if (!then.before.slice(0, -deleted.length).endsWith(now.before.slice(-CONTEXT_CHARS))) return undefined;
  return { text: deleted + text, typed: -deleted.length };
}

/** Whether a request in flight for `then` will still be useful at `now` (the user typed on the same line). */
export function extendsAnchor(then: Anchor, now: Anchor): string | undefined {
  if (then.path !== now.path || then.line !== now.line || then.lineSuffix !== now.lineSuffix || then.after !== now.after) return undefined;
  if (!now.linePrefix.startsWith(then.linePrefix)) return undefined;
  const typed = now.linePrefix.slice(then.linePrefix.length);
  return now.before.slice(0, now.before.length - typed.length).endsWith(then.before.slice(-CONTEXT_CHARS)) ? typed : undefined;
}
