/**
 * Heuristics for the generic `name = value` rule: is a value random enough to be a credential, or is
 * it a placeholder, a reference to one, a path, a URL, code, or plain words?
 */

/** Shannon entropy of the string's characters, in bits per character. */
const asciiCounts = new Uint16Array(128);

/** n·log2(n), computed as the sum below would, for the counts of short values. */
const N_LOG_N = Array.from({ length: 512 }, (_, n) => n * Math.log2(n));

export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  let other: Map<number, number> | undefined;
  let low = 128;
  let high = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) {
      asciiCounts[c]!++;
      if (c < low) low = c;
      if (c > high) high = c;
    } else (other ??= new Map()).set(c, (other.get(c) ?? 0) + 1);
  }
  // Same terms in the same (code) order as a full 0..127 sweep, so the same rounding.
  let bits = 0;
  for (let c = low; c <= high; c++) {
    const n = asciiCounts[c]!;
    if (n > 0) {
      bits -= n < N_LOG_N.length ? N_LOG_N[n]! : n * Math.log2(n);
      asciiCounts[c] = 0;
    }
  }
  for (const n of other?.values() ?? []) bits -= n * Math.log2(n);
  return bits / value.length + Math.log2(value.length);
}

const PLACEHOLDER_WORDS =
  /^(?:x+|\*+|\.+|0+|-+|_+|#+)$|change_?me|your[_-]?|example|placeholder|replace|dummy|sample|redacted|insert|fixme|todo|secret_?here|key_?here|not_?set|none|null|undefined/i;

/** `${VAR}`, `$VAR`, `%VAR%`, `{{ x }}`, `<your-key>`, `[token]`, env look-ups and the like. */
const REFERENCE =
  /^(?:\$\{?[\w.:-]+\}?|%[\w]+%|\{\{.*\}\}|<[^>]*>|\[[^\]]*\]|\$\(.*\))$|\$\{|\{\{|process\.env|os\.environ|getenv|System\.getenv|ENV\[/;

const PATH_LIKE = /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|file:)|^[\w.-]+(?:\/[\w.-]+)+\.[A-Za-z]{1,5}$/;

const URL_LIKE = /^[a-z][\w+.-]*:\/\//i;

/** `a.b.c` and `a?.b.c` property chains: code, not a literal. */
export const PROPERTY_CHAIN = /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+$/;

/** Property chains and `foo(...)` calls. */
function isCodeExpression(value: string): boolean {
  return PROPERTY_CHAIN.test(value) || /[()]/.test(value);
}

export function isPlaceholderValue(value: string): boolean {
  return PLACEHOLDER_WORDS.test(value) || REFERENCE.test(value);
}

const WORD_PART = /v\d+|[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g;

/**
 * Every camelCase / snake / kebab part is a pronounceable word or a short number. A name built of
 * real words may also hold one-letter parts and acronyms (`ExtendedOAuthServerMetadata`,
 * `u?.input_tokens`, `HTTPConnector`): one per two words of four letters or more, those words making
 * 70 % of its letters and digits (random values rarely do: measured on generated base62 strings).
 */
export function isPlainWords(value: string): boolean {
  // Part by part, so a random value is rejected at its first non-word part without splitting it all.
  let parts = 0;
  let covered = 0;
  let words = 0;
  let wordChars = 0;
  let short = 0;
  WORD_PART.lastIndex = 0;
  for (let m = WORD_PART.exec(value); m !== null; m = WORD_PART.exec(value)) {
    const part = m[0];
    if (isShortNumber(part)) covered += part.length;
    else if (isWordLike(part)) {
      covered += part.length;
      if (part.length >= 4) {
        words++;
        wordChars += part.length;
      }
    } else if (isLetterOrAcronym(part)) {
      covered += part.length;
      short++;
    } else return false;
    parts++;
  }
  const alphanumerics = alphanumericCount(value);
  if (parts === 0 || covered < alphanumerics) return false;
  return short === 0 || (words >= 2 && 2 * short <= words && wordChars >= 0.7 * alphanumerics);
}

/** `u`, `O` (of OAuth), `HTTP`, `XML`: one letter, or up to five capitals. */
function isLetterOrAcronym(part: string): boolean {
  if (part.length === 1) return true;
  if (part.length > 5) return false;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return true;
}

/** `/^v?\d{1,4}$/` without a regex per part (values can be long runs of parts). */
function isShortNumber(part: string): boolean {
  const from = part.charCodeAt(0) === 118 /* v */ ? 1 : 0;
  const digits = part.length - from;
  if (digits < 1 || digits > 4) return false;
  for (let i = from; i < part.length; i++) if (!isDigit(part.charCodeAt(i))) return false;
  return true;
}

/** 2–20 characters, a vowel (y counts), and no run of five consonants. */
function isWordLike(part: string): boolean {
  if (part.length < 2 || part.length > 20) return false;
  let vowel = false;
  let consonants = 0;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i) | 0x20; // ASCII letters to lower case; digits stay non-letters
    if (c < 97 || c > 122) consonants = 0;
    else if (VOWELS.has(c)) {
      vowel = true;
      consonants = 0;
    } else if (++consonants >= 5) return false;
  }
  return vowel;
}

const VOWELS = new Set([...'aeiouy'].map((ch) => ch.charCodeAt(0)));

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function alphanumericCount(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) n++;
  }
  return n;
}

/** How many of lower case, upper case, digit and other characters occur. */
function characterClasses(value: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/**
 * A value is judged on its first 2 KB: that says whether it was generated, and a value of megabytes
 * (a hostile line with no separator) costs no more than one of 2 KB. Accepted, it is redacted whole.
 */
const JUDGED_CHARS = 2048;

/** The cheap half of looksLikeSecretValue: long enough, one word, random enough. */
export function mayBeSecretValue(value: string): boolean {
  const judged = judgedPart(value);
  return judged.length >= 8 && !/\s/.test(judged) && shannonEntropy(judged) >= 3.0;
}

function judgedPart(value: string): string {
  return value.length > JUDGED_CHARS ? value.slice(0, JUDGED_CHARS) : value;
}

/** True for a literal that looks like a randomly generated credential rather than anything else. */
export function looksLikeSecretValue(whole: string): boolean {
  const value = judgedPart(whole);
  if (!mayBeSecretValue(value)) return false;
  if (/^[0-9a-f]+$/i.test(value)) return value.length >= 16;
  // All digits is a single class too.
  if (characterClasses(value) < 2) return false;
  if (isPlaceholderValue(value) || PATH_LIKE.test(value) || URL_LIKE.test(value)) return false;
  return !isCodeExpression(value) && !isPlainWords(value);
}

/** The low-entropy body of `ghp_xxxxxxxx…` or `sk_live_000000…`: documentation, not a key. */
export function isFillerBody(value: string): boolean {
  return shannonEntropy(value) < 2.0;
}
