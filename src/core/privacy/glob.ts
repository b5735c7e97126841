/**
 * A small gitignore-flavoured glob compiler: `*`, `?`, `**`, `{a,b}`, `[abc]`/`[!abc]`, anchoring and
 * directory patterns. Each pattern becomes one RegExp, built once, tested against a `/`-separated
 * path relative to the workspace root.
 */
export interface CompiledGlob {
  /** The pattern as written, for the reason shown to the user. */
  source: string;
  /** `!pattern`: a match re-includes instead of excluding. */
  negated: boolean;
  regex: RegExp;
}

/**
 * - no `/` except a trailing one: matches a file or directory name at any depth (`*.pem`, `.env`);
 * - otherwise anchored at the root (`/build`, `config/secrets.yml`, `**` for any depth);
 * - a trailing `/` matches directories only, so everything below them;
 * - a pattern matching a directory also matches everything inside it.
 */
export function compileGlob(pattern: string): CompiledGlob {
  const negated = pattern.startsWith('!');
  let body = negated ? pattern.slice(1) : pattern;
  if (body.startsWith('\\!') || body.startsWith('\\#')) body = body.slice(1);
  const directoryOnly = body.endsWith('/');
  if (directoryOnly) body = body.replace(/\/+$/, '');
  const anchored = body.includes('/');
  body = body.replace(/^\//, '');
  const head = anchored ? '^' : '(?:^|/)';
  const tail = directoryOnly ? '/' : '(?:/|$)';
  return { source: pattern, negated, regex: new RegExp(head + translate(body) + tail) };
}

/** Glob syntax to regex source; `{a,b}` alternatives are translated recursively. */
function translate(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      const double = glob[i + 1] === '*';
      if (double && glob[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else if (double) {
        out += '.*';
        i += 1;
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      const set = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
      out += `[${set}]`;
      i = close;
    } else if (ch === '{') {
      const close = matchingBrace(glob, i);
      if (close < 0) {
        out += '\\{';
        continue;
      }
      out += `(?:${splitAlternatives(glob.slice(i + 1, close)).map(translate).join('|')})`;
      i = close;
    } else if (ch === '\\' && i + 1 < glob.length) {
      out += escapeRegex(glob[++i]!);
    } else {
      out += escapeRegex(ch);
    }
  }
  return out;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{') depth++;
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
    if (inner[i] === '{') depth++;
    else if (inner[i] === '}') depth--;
    else if (inner[i] === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}

function escapeRegex(ch: string): string {
  return /[.+^$|()[\]{}\\]/.test(ch) ? `\\${ch}` : ch;
}
