import { CLOSERS, scanBrackets } from './brackets';
import { CLOSERS_ONLY } from './mode';

/** What the editor shows: `text` inserted at the cursor, replacing `replace` characters right of it. */
export interface Shown {
  text: string;
  replace: number;
}

/**
 * Reconciles a completion with the rest of the cursor line. When that rest is only closers, quotes and
 * punctuation (mostly auto-closed by the editor), each of them is either still needed after the
 * completion (it closes what prefix + completion left open) or already typed by the completion; if any
 * is already typed, the item replaces the rest of the line with the completion plus the ones still
 * needed, so the line reads as the model wrote it (`foo(a, b)` not `foo(a, b))`). Other code right of
 * the cursor stays; a completion that ends by re-typing its start is trimmed.
 */
export function fitToLineSuffix(text: string, prefix: string, suffix: string, languageId: string): Shown {
  const nl = suffix.indexOf('\n');
  const lineSuffix = nl < 0 ? suffix : suffix.slice(0, nl);
  if (lineSuffix.trim() === '') return { text: text.replace(/\s+$/, ''), replace: 0 };
  if (CLOSERS_ONLY.test(lineSuffix)) return replaceClosers(text, prefix, lineSuffix, nl < 0 ? '' : suffix.slice(nl), languageId);
  const body = text.replace(/\s+$/, '');
  // A body whose last line re-types the whole rest of the line (`}, [deps]);`): it replaces it.
  if (
    body.includes('\n') &&
    body
      .slice(body.lastIndexOf('\n') + 1)
      .trim()
      .endsWith(lineSuffix.trim())
  )
    return { text: body, replace: lineSuffix.length };
  const cut = cutUnmatchedCloser(text, lineSuffix);
  const trimmed = cut !== text ? cut : trimLineSuffixOverlap(text, lineSuffix);
  // Whitespace before code right of the cursor is part of the line (`message={message} />`).
  return { text: /^\s/.test(lineSuffix) ? trimmed.replace(/\s+$/, '') : trimmed.replace(/\n\s*$/, ''), replace: 0 };
}

function replaceClosers(text: string, prefix: string, lineSuffix: string, below: string, languageId: string): Shown {
  const body = text.replace(/\s+$/, '');
  const state = scanBrackets(prefix + body, languageId);
  // Openers the code below the cursor line closes are not for this line to close.
  let needed = Math.max(0, state.stack.length - unmatchedClosers(below));
  const lastLine = body.slice(body.lastIndexOf('\n') + 1).trimEnd();
  let kept = '';
  let redundant = false;
  for (const ch of lineSuffix.trimEnd()) {
    if (ch === ' ' || ch === '\t') kept += ch;
    else if (ch in CLOSERS) {
      if (needed > 0 && state.stack[state.stack.length - 1] === CLOSERS[ch]) {
        state.stack.pop();
        needed--;
        kept += ch;
      } else redundant = true;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      if (state.inString === ch || (state.inString === undefined && !body.includes(ch))) {
        kept += ch;
        state.inString = undefined;
      } else if (state.inString === undefined) redundant = true;
      else kept += ch;
    } else if (endsWithPunctuation(lastLine, ch)) redundant = true;
    else kept += ch;
  }
  if (!redundant) return { text: body, replace: 0 };
  return { text: body + kept.replace(/^\s+/, (ws) => (kept.trim() ? ws : '')).trimEnd(), replace: lineSuffix.length };
}

/** How many closers in `code` close something opened before it (strings skipped, per line). */
function unmatchedClosers(code: string): number {
  let depth = 0;
  let unmatched = 0;
  for (const line of code.split('\n')) {
    for (const ch of line.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '')) {
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch in CLOSERS && --depth < 0) {
        unmatched++;
        depth = 0;
      }
    }
  }
  return unmatched;
}

function netOpen(line: string): number {
  let net = 0;
  for (const ch of line.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '')) {
    if (ch === '(' || ch === '[' || ch === '{') net++;
    else if (ch in CLOSERS) net--;
  }
  return net;
}

/** `;` `,` `>`: already typed when the completion's last line ends with it (closers after it aside). */
function endsWithPunctuation(lastLine: string, ch: string): boolean {
  return lastLine.endsWith(ch) || lastLine.replace(/[)\]}'"`]+$/, '').endsWith(ch);
}

/**
 * The code right of the cursor stays in the document, so a completion that ends by re-typing it
 * (`x > 0) {` before `) {`) would duplicate it: drop the overlapping tail of the first line — never an
 * overlap that starts inside an identifier (`for a` + `r` is not `for ar`).
 */
export function trimLineSuffixOverlap(text: string, lineSuffix: string): string {
  const rest = lineSuffix.trim();
  if (!rest) return text;
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  const tail = nl < 0 ? '' : text.slice(nl);
  const line = first.trimEnd();
  for (let n = rest.length; n > 0; n--) {
    const overlap = rest.slice(0, n);
    if (!line.endsWith(overlap)) continue;
    const before = line.slice(0, -n);
    if (/\w/.test(overlap[0]!) && /\w$/.test(before)) continue;
    if (n === 1 && n < rest.length && /\w/.test(overlap)) continue;
    if (/[)\]}]/.test(overlap) && netOpen(before) > 0) continue; // the completion's own closer, not a re-typed one
    return before + tail;
  }
  return text;
}

/**
 * A closer the completion never opened, matching the next character right of the cursor, means the
 * model closed what the document already closes: cut there. Other unmatched closers close code above
 * the cursor (`foo(a` → `, b)`), which is right.
 */
export function cutUnmatchedCloser(text: string, lineSuffix: string): string {
  const next = lineSuffix.trimStart()[0];
  if (!next || !(next in CLOSERS)) return text;
  const stack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') return text;
    if (ch === '(' || ch === '[' || ch === '{') stack.push(ch);
    else if (ch in CLOSERS) {
      if (stack.length && stack[stack.length - 1] === CLOSERS[ch]) stack.pop();
      else if (ch === next) return text.slice(0, i).trimEnd();
    }
  }
  return text;
}
