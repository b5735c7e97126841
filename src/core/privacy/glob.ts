/**
 * A gitignore-flavoured glob matcher that never backtracks: `*`, `?`, `**`, `{a,b}`, `[abc]`/`[!abc]`,
 * anchoring and directory patterns, matched case-insensitively (`.ENV`, `Server.PEM` are the same
 * files on Windows and macOS). A pattern is split into path segments; segments are matched one path
 * segment at a time with a single-star-backtrack scan (O(segment × pattern) at worst), and `**` by one
 * pass over the path's segments, so no pattern can take more than O(path × pattern) steps.
 * Regex translation (and picomatch, which also emits backtracking regexes) can go exponential on
 * `**\/**\/…` or `a*a*a*…b`; see the README.
 */
export interface CompiledGlob {
  /** The pattern as written, for the reason shown to the user. */
  source: string;
  /** `!pattern`: a match re-includes instead of excluding. */
  negated: boolean;
  /** `segments`: the lower-cased path split at `/`. */
  matches(segments: readonly string[]): boolean;
}

const STAR = -1;
const ANY = -2;
interface CharClass {
  negated: boolean;
  ranges: number[];
}
type Token = number | CharClass;
const GLOBSTAR = 'globstar';
/** One path segment's tokens; `literal` when it has no wildcard (compared as a string). */
interface SegmentGlob {
  chunks: Token[][];
  literal: string | undefined;
  /** Characters the segment needs at least (its non-star tokens). */
  minLength: number;
}
type Segment = SegmentGlob | typeof GLOBSTAR;

/** Brace expansion stops here: a pattern with more alternatives is rejected as invalid. */
const MAX_ALTERNATIVES = 256;

export class InvalidGlobError extends Error {}

/**
 * - no `/` except a trailing one: matches a file or directory name at any depth (`*.pem`, `.env`);
 * - otherwise anchored at the root (`/build`, `config/secrets.yml`, `**` for any depth);
 * - a trailing `/` matches directories only, so everything below them;
 * - a pattern matching a directory also matches everything inside it.
 * Throws InvalidGlobError for a pattern it cannot compile (`[z-a]`, too many brace alternatives).
 */
export function compileGlob(pattern: string): CompiledGlob {
  const negated = pattern.startsWith('!');
  let body = negated ? pattern.slice(1) : pattern;
  if (body.startsWith('\\!') || body.startsWith('\\#')) body = body.slice(1);
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.replace(/\/+$/, '');
  if (body === '') throw new InvalidGlobError('empty pattern');
  const alternatives = expandBraces(body.toLowerCase()).map((alt) => compileAlternative(alt));
  return {
    source: pattern,
    negated,
    matches: (segments) => alternatives.some((alt) => matchesPrefix(alt, segments, directoryOnly)),
  };
}

function compileAlternative(glob: string): Segment[] {
  const anchored = glob.replace(/\/+$/, '').includes('/');
  const parts = glob
    .replace(/^\/+/, '')
    .split('/')
    .filter((p) => p !== '');
  const segments: Segment[] = anchored ? [] : [GLOBSTAR];
  parts.forEach((part, i) => {
    if (part === '**') {
      // A trailing `**` means "something inside": one level, the prefix rule covers the rest.
      if (i === parts.length - 1) segments.push(segmentOf([STAR]));
      else if (segments[segments.length - 1] !== GLOBSTAR) segments.push(GLOBSTAR);
    } else segments.push(segmentOf(compileSegment(part)));
  });
  return segments;
}

function segmentOf(tokens: Token[]): SegmentGlob {
  const plain = tokens.every((t) => typeof t === 'number' && t >= 0);
  return {
    chunks: chunksOf(tokens),
    literal: plain ? String.fromCharCode(...(tokens as number[])) : undefined,
    minLength: tokens.filter((t) => t !== STAR).length,
  };
}

function segmentMatches(seg: SegmentGlob, s: string): boolean {
  if (seg.literal !== undefined) return seg.literal === s;
  return s.length >= seg.minLength && matchChunks(seg.chunks, s);
}

/** True when the pattern matches the first k segments for some k ≥ 1 (k < length for directories). */
function matchesPrefix(pattern: Segment[], path: readonly string[], directoryOnly: boolean): boolean {
  const last = directoryOnly ? path.length - 1 : path.length;
  // The common shape, a name at any depth (`*.pem`, `.env`, `id_rsa*`): any segment that may end a prefix.
  if (pattern.length === 2 && pattern[0] === GLOBSTAR && pattern[1] !== GLOBSTAR) {
    for (let j = 0; j < last; j++) if (segmentMatches(pattern[1]!, path[j]!)) return true;
    return false;
  }
  if (path.length < 30) return (prefixBits(pattern, path) >>> 1) & ((1 << last) - 1) ? true : false;
  let reach = new Uint8Array(path.length + 1);
  reach[0] = 1;
  for (const seg of pattern) {
    const next = new Uint8Array(path.length + 1);
    if (seg === GLOBSTAR) {
      let any = 0;
      for (let j = 0; j <= path.length; j++) next[j] = any = any | reach[j]!;
    } else {
      for (let j = 0; j < path.length; j++) if (reach[j] && segmentMatches(seg, path[j]!)) next[j + 1] = 1;
    }
    reach = next;
  }
  for (let k = 1; k <= last; k++) if (reach[k]) return true;
  return false;
}

/** The same walk with bit k = "the pattern so far matches the first k segments", for short paths. */
function prefixBits(pattern: Segment[], path: readonly string[]): number {
  let reach = 1;
  const all = (1 << (path.length + 1)) - 1;
  for (const seg of pattern) {
    if (reach === 0) return 0;
    if (seg === GLOBSTAR) {
      reach = all & ~((reach & -reach) - 1);
      continue;
    }
    let next = 0;
    for (let j = 0; j < path.length; j++) if (reach & (1 << j) && segmentMatches(seg, path[j]!)) next |= 1 << (j + 1);
    reach = next;
  }
  return reach;
}

/**
 * Wildcard match of one segment. Between stars the pattern is fixed-length chunks: the first must
 * match at the start, the last at the end, and each middle one at its leftmost place after the
 * previous (leftmost is always safe with only `*` between chunks), so nothing is ever retried.
 */
function chunksOf(tokens: Token[]): Token[][] {
  const chunks: Token[][] = [[]];
  for (const t of tokens) {
    if (t === STAR) chunks.push([]);
    else chunks[chunks.length - 1]!.push(t);
  }
  return chunks;
}

function matchChunks(chunks: Token[][], s: string): boolean {
  if (chunks.length === 1) return s.length === chunks[0]!.length && chunkAt(chunks[0]!, s, 0);
  const first = chunks[0]!;
  const last = chunks[chunks.length - 1]!;
  if (first.length + last.length > s.length || !chunkAt(first, s, 0) || !chunkAt(last, s, s.length - last.length)) return false;
  let from = first.length;
  const end = s.length - last.length;
  for (let c = 1; c < chunks.length - 1; c++) {
    const chunk = chunks[c]!;
    let at = from;
    while (at + chunk.length <= end && !chunkAt(chunk, s, at)) at++;
    if (at + chunk.length > end) return false;
    from = at + chunk.length;
  }
  return true;
}

function chunkAt(chunk: Token[], s: string, at: number): boolean {
  for (let k = 0; k < chunk.length; k++) if (!tokenMatches(chunk[k]!, s.charCodeAt(at + k))) return false;
  return true;
}

function tokenMatches(t: Token, c: number): boolean {
  if (typeof t === 'number') return t === ANY || t === c;
  let inside = false;
  for (let r = 0; r < t.ranges.length && !inside; r += 2) inside = c >= t.ranges[r]! && c <= t.ranges[r + 1]!;
  return inside !== t.negated;
}

function compileSegment(part: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < part.length; i++) {
    const ch = part[i]!;
    if (ch === '*') {
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
    } else if (ch === '?') tokens.push(ANY);
    else if (ch === '[' && part.indexOf(']', i + 2) > 0) {
      const close = part.indexOf(']', i + 2);
      tokens.push(compileClass(part.slice(i + 1, close)));
      i = close;
    } else if (ch === '\\' && i + 1 < part.length) tokens.push(part.charCodeAt(++i));
    else tokens.push(part.charCodeAt(i));
  }
  return tokens;
}

function compileClass(inner: string): CharClass {
  const negated = inner.startsWith('!') || inner.startsWith('^');
  const body = negated ? inner.slice(1) : inner;
  const ranges: number[] = [];
  for (let i = 0; i < body.length; i++) {
    let lo = body.charCodeAt(i);
    if (body[i] === '\\' && i + 1 < body.length) lo = body.charCodeAt(++i);
    let hi = lo;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      hi = body.charCodeAt(i + 2);
      i += 2;
      if (hi < lo) throw new InvalidGlobError(`range out of order in [${inner}]`);
    }
    ranges.push(lo, hi);
  }
  return { negated, ranges };
}

/** `{a,b}` alternatives, nested, expanded into separate patterns (at most MAX_ALTERNATIVES). */
export function expandBraces(glob: string): string[] {
  const open = findUnescaped(glob, '{', 0);
  if (open < 0) return [glob];
  const close = matchingBrace(glob, open);
  if (close < 0) return [glob];
  const head = glob.slice(0, open);
  const tails = expandBraces(glob.slice(close + 1));
  const out: string[] = [];
  for (const alt of splitAlternatives(glob.slice(open + 1, close))) {
    for (const inner of expandBraces(alt)) {
      for (const tail of tails) {
        out.push(head + inner + tail);
        if (out.length > MAX_ALTERNATIVES) throw new InvalidGlobError(`more than ${MAX_ALTERNATIVES} brace alternatives`);
      }
    }
  }
  return out;
}

function findUnescaped(glob: string, ch: string, from: number): number {
  for (let i = from; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === ch) return i;
  }
  return -1;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '\\') i++;
    else if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Top-level commas only: `{a,{b,c}}` → ['a', '{b,c}']. */
function splitAlternatives(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\') i++;
    else if (inner[i] === '{') depth++;
    else if (inner[i] === '}') depth--;
    else if (inner[i] === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}
