/**
 * The names that hold a secret keyword (`DB_PASSWORD`, `apiKey`, `client.secret`), found in one scan of
 * the text that the assignment rules share: each then tries its own pattern at those names only.
 */

/** Every keyword of the generic rule (`passw` via `pass`) and of the password rule. */
const KEYWORD = /key|secret|token|pass|pwd|credential|auth/gi;
/**
 * The generic rule's own keywords, tried on the name from a `pass` hit on (a name with only `pass`, e.g.
 * `DB_PASS`, is the password rule's); a keyword before the hit would have been the hit.
 */
const GENERIC_KEYWORD = /key|secret|token|passw|pwd|credential|auth/i;

/** No real name is that long; a run of name characters is skipped whole (keeps the scan linear). */
const MAX_NAME = 200;

export interface KeywordNames {
  /** Flat [start, end, start, end, …] of each name (a run of [A-Za-z0-9_.-]) that holds a keyword. */
  readonly spans: number[];
  /** Per name: whether it holds one of the generic rule's keywords. */
  readonly generic: boolean[];
}

export function findKeywordNames(text: string): KeywordNames {
  const spans: number[] = [];
  const generic: boolean[] = [];
  KEYWORD.lastIndex = 0;
  for (let hit = KEYWORD.exec(text); hit !== null; hit = KEYWORD.exec(text)) {
    let start = hit.index;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    let end = KEYWORD.lastIndex;
    while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
    KEYWORD.lastIndex = end;
    if (end - start > MAX_NAME) continue;
    spans.push(start, end);
    generic.push(!/^pass$/i.test(hit[0]) || GENERIC_KEYWORD.test(text.slice(hit.index, end)));
  }
  return { spans, generic };
}

/** `${DB_PASSWORD:?unset}`, `$SECRET`, `arn:…:secret:name`: the name is part of something else. */
export function isInsideReference(text: string, nameStart: number): boolean {
  const before = text.charAt(nameStart - 1);
  return before === '$' || before === ':' || (before === '{' && text.charAt(nameStart - 2) === '$');
}

/** [A-Za-z0-9_.-] */
function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}
