/**
 * The simulator's answer at a novel position: when the prompt's tail was never seen (or continuing it
 * would re-type another function with its name), it writes the body of the block just opened by
 * adapting the most similar block of the workspace — the same kind of header (`export function`,
 * `def`, `func`, a YAML key) — with the donor's names, parameters and antonyms replaced by the new
 * block's. Deterministic, like the rest of the simulator's model; plausible, not clever.
 */

interface Header {
  indent: number;
  /** Keywords before the name: "export function", "def", "func (c *Cart)"… */
  shape: string;
  name: string;
  params: string[];
  opener: '{' | ':';
}

interface Donor {
  header: Header;
  body: string[];
  closer?: string;
  fromPrompt: boolean;
}

const HEADER =
  /^(\s*)((?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|def|func(?:\s*\([^)]*\))?|class|interface|fn|pub fn|(?:public|private|protected|static|\s)*)\s*)([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*(\(([^)]*)\))?.*?([{:])\s*$/;
const KEYWORDS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'else',
  'try',
  'return',
  'const',
  'let',
  'var',
  'await',
  'new',
  'throw',
]);
const YAML_KEY = /^(\s*)([A-Za-z_][\w-]*):\s*$/;

const ANTONYMS: Array<[string, string]> = [
  ['cheapest', 'expensive'],
  ['min', 'max'],
  ['first', 'last'],
  ['smallest', 'largest'],
  ['lowest', 'highest'],
  ['add', 'remove'],
  ['increment', 'decrement'],
  ['open', 'close'],
  ['start', 'end'],
  ['show', 'hide'],
  ['enable', 'disable'],
  ['oldest', 'newest'],
  ['before', 'after'],
  ['least', 'most'],
];

export function adaptedContinuation(prompt: string, suffix: string, sources: string[]): string | undefined {
  const lines = prompt.split('\n');
  const cursorLine = lines[lines.length - 1] ?? '';
  const atHeaderEnd = cursorLine.trim() !== '' && parseHeader(cursorLine) !== undefined;
  const headerIndex = atHeaderEnd ? lines.length - 1 : enclosingHeader(lines);
  if (headerIndex === undefined) return undefined;
  const header = parseHeader(lines[headerIndex]!)!;
  const typed = lines.slice(headerIndex + 1, -1).filter((l) => l.trim() !== '').length;
  const candidates = findDonors(header, sources, prompt)
    .map((donor) => {
      const closer = donor.closer !== undefined && !closesAlready(suffix, header.indent) ? [' '.repeat(header.indent) + donor.closer] : [];
      return [...adaptBody(donor, header).slice(typed), ...closer];
    })
    .filter((out) => out.some((l) => l.trim() !== ''));
  // Every donor re-typed whole would repeat code: start the body as the best one does, and stop.
  const out = candidates.find((c) => !duplicatesSource(c, sources)) ?? candidates[0]?.slice(0, 2);
  if (!out) return undefined;
  if (atHeaderEnd) return '\n' + out.join('\n') + '\n';
  const first = out[0]!.slice(Math.min(cursorLine.length, leading(out[0]!)));
  return [first, ...out.slice(1)].join('\n') + '\n';
}

/** Whether the lines re-type code that exists: three non-blank lines in a row found verbatim. */
export function duplicatesSource(out: string[], sources: string[]): boolean {
  const code = out.map((l) => l.trim()).filter((l) => l.length > 2);
  for (let i = 0; i + 3 <= code.length; i++) {
    const run = code.slice(i, i + 3);
    if (sources.some((s) => containsRun(s, run))) return true;
  }
  return false;
}

function containsRun(source: string, run: string[]): boolean {
  const lines = source
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 2);
  for (let i = 0; i + run.length <= lines.length; i++) if (run.every((r, k) => lines[i + k] === r)) return true;
  return false;
}

function parseHeader(line: string): Header | undefined {
  const m = HEADER.exec(line);
  // A bare `name(...) {` is a method; a bare `name … {` without parameters is an expression or a statement.
  const method = m !== null && (m[2]!.trim() !== '' || (m[4] !== undefined && !KEYWORDS.has(m[3]!)));
  if (m && method && !/^\s*(if|for|while|switch|catch|else|try|return|const|let|var)\b/.test(line)) {
    const params = (m[5] ?? '')
      .split(',')
      .map((p) => /^\s*\.{0,3}([A-Za-z_$][\w$]*)/.exec(p)?.[1])
      .filter((p): p is string => !!p && p !== 'self');
    return { indent: m[1]!.length, shape: m[2]!.trim().replace(/\s+/g, ' '), name: m[3]!, params, opener: m[6] as '{' | ':' };
  }
  const y = YAML_KEY.exec(line);
  return y ? { indent: y[1]!.length, shape: 'key', name: y[2]!, params: [], opener: ':' } : undefined;
}

/** The header of the block the cursor is in, when only blank or body lines follow it. */
function enclosingHeader(lines: string[]): number | undefined {
  const cursorIndent = leading(lines[lines.length - 1]!);
  for (let i = lines.length - 2; i >= 0 && i >= lines.length - 8; i--) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const header = parseHeader(line);
    if (header && (cursorIndent > header.indent || lines[lines.length - 1]!.trim() === '')) return i;
    if (leading(line) <= cursorIndent && !header) return undefined;
  }
  return undefined;
}

function findDonors(header: Header, sources: string[], prompt: string): Donor[] {
  const donors: Array<Donor & { sameFile: boolean }> = [];
  // The current file is the prompt's last `+++++ path` section (or all of it): its own code is the best model.
  const currentFileStart = prompt.lastIndexOf('\n+++++ ');
  for (const [si, source] of sources.entries()) {
    const lines = source.split('\n');
    let offset = 0;
    for (const [i, line] of lines.entries()) {
      const at = offset;
      offset += line.length + 1;
      const h = parseHeader(line);
      if (!h || h.shape !== header.shape || h.opener !== header.opener || h.name === header.name) continue;
      const { body, closer } = blockBody(lines, i, h);
      const fromPrompt = si === 0 && source === prompt;
      if (body.length > 0) donors.push({ header: h, body, closer, fromPrompt, sameFile: fromPrompt && at > currentFileStart });
    }
  }
  const score = (d: Donor & { sameFile: boolean }): number =>
    (d.sameFile ? 3 : 0) +
    (d.fromPrompt ? 3 : 0) +
    (d.header.indent === header.indent ? 2 : 0) +
    (d.header.params.length === header.params.length ? 2 : 0) +
    sharedWords(d.header.name, header.name) -
    d.body.length / 20;
  return donors.sort((a, b) => score(b) - score(a)).slice(0, 12);
}

function blockBody(lines: string[], at: number, h: Header): { body: string[]; closer?: string } {
  const body: string[] = [];
  for (let i = at + 1; i < lines.length && body.length < 12; i++) {
    const line = lines[i]!;
    if (line.trim() === '') {
      if (h.opener === ':') break;
      body.push(line);
      continue;
    }
    if (leading(line) <= h.indent)
      return h.opener === '{' && /^[}\])]/.test(line.trim()) ? { body: trimBlank(body), closer: line.trim() } : { body: trimBlank(body) };
    body.push(line);
  }
  return { body: trimBlank(body) };
}

function adaptBody(donor: Donor, header: Header): string[] {
  const renames = new Map<string, string>([[donor.header.name, header.name]]);
  donor.header.params.forEach((p, i) => {
    const to = header.params[i];
    if (to && to !== p) renames.set(p, to);
  });
  const [fromWords, toWords] = [words(donor.header.name), words(header.name)];
  if (fromWords.length === toWords.length) {
    fromWords.forEach((w, i) => {
      const to = toWords[i]!;
      if (w === to || w.length < 2) return;
      renames.set(w, to).set(w.toUpperCase(), to.toUpperCase()).set(capitalized(w), capitalized(to));
    });
  }
  const flip = ANTONYMS.some(
    ([a, b]) => (has(donor.header.name, a) && has(header.name, b)) || (has(donor.header.name, b) && has(header.name, a)),
  );
  const shift = header.indent - donor.header.indent;
  return donor.body.map((line) => {
    let out = line.replace(/[A-Za-z_$][\w$]*/g, (id) => renames.get(id) ?? id);
    if (flip) out = out.replace(/ < | > |\bmin\b|\bmax\b/g, (op) => ({ ' < ': ' > ', ' > ': ' < ', min: 'max', max: 'min' })[op] ?? op);
    return shift >= 0 ? ' '.repeat(shift) + out : out.slice(Math.min(-shift, leading(out)));
  });
}

function closesAlready(suffix: string, indent: number): boolean {
  const next = suffix.split('\n').find((l) => l.trim() !== '');
  return next !== undefined && leading(next) === indent && /^[}\])]/.test(next.trim());
}

function words(name: string): string[] {
  return name
    .split(/(?<=[a-z0-9])(?=[A-Z])|[_-]/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function sharedWords(a: string, b: string): number {
  const wb = new Set(words(b));
  return words(a).filter((w) => wb.has(w)).length;
}

function has(name: string, word: string): boolean {
  return name.toLowerCase().includes(word);
}

function trimBlank(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  return lines.slice(0, end);
}

function leading(line: string): number {
  return line.length - line.trimStart().length;
}

const NAME_VARIANTS: Record<string, string> = {
  total: 'average',
  average: 'total',
  cheapest: 'mostExpensive',
  find: 'has',
  has: 'find',
  min: 'max',
  max: 'min',
  first: 'last',
  last: 'first',
  add: 'remove',
  remove: 'add',
  count: 'list',
  list: 'count',
  get: 'fetch',
  to: 'from',
  from: 'to',
  is: 'has',
  shelf: 'base',
  promoted: 'discounted',
  revenue: 'margin',
  units: 'orders',
  best: 'worst',
  weekly: 'monthly',
  reorder: 'order',
};
const DECLARATION_START = /^(\s*)((?:export\s+)?(?:async\s+)?(?:function|def|func|class))\s+$/;

/**
 * After a bare `export function ` / `def ` the model proposes a new declaration: a sibling's shape
 * under a name nobody declared yet (a variant of the sibling's name), never the sibling itself.
 */
export function inventedDeclaration(prompt: string, suffix: string, sources: string[]): string | undefined {
  const cursorLine = prompt.slice(prompt.lastIndexOf('\n') + 1);
  const m = DECLARATION_START.exec(cursorLine);
  if (!m) return undefined;
  const declared = new Set(
    sources.flatMap((s) =>
      s
        .split('\n')
        .map((l) => parseHeader(l)?.name)
        .filter((n): n is string => !!n),
    ),
  );
  const shape = m[2]!.replace(/\s+/g, ' ');
  let fallback: string | undefined;
  for (const source of sources) {
    for (const line of source.split('\n')) {
      const h = parseHeader(line);
      if (!h || h.shape !== shape || h.indent !== m[1]!.length) continue;
      const name = variantName(h.name, declared);
      if (!name) continue;
      const headerRest = line.slice(line.indexOf(h.name) + h.name.length);
      const header = { ...h, name };
      const lines = source.split('\n');
      const { body, closer } = blockBody(lines, lines.indexOf(line), h);
      const adapted = adaptBody({ header: h, body, closer, fromPrompt: false }, header);
      const out = [name + headerRest, ...adapted, ...(closer && !closesAlready(suffix, h.indent) ? [' '.repeat(h.indent) + closer] : [])];
      if (!duplicatesSource(out.slice(1), sources)) return out.join('\n') + '\n';
      fallback ??= out.slice(0, 3).join('\n') + '\n'; // the new signature and how its body starts
    }
  }
  return fallback;
}

/** Whether `cursorLine + text` declares a name that is already declared in the workspace. */
export function redeclares(prompt: string, text: string, sources: string[]): boolean {
  const cursorLine = prompt.slice(prompt.lastIndexOf('\n') + 1);
  const header = parseHeader((cursorLine + text).split('\n')[0]!);
  if (!header || header.shape === 'key') return false;
  const typedPart = /[A-Za-z_$][\w$]*$/.exec(cursorLine)?.[0] ?? '';
  // The developer typed the name, or started typing it: their call.
  if (cursorLine.includes(header.name) || (typedPart.length >= 2 && header.name.startsWith(typedPart))) return false;
  return sources.some((s) => s.split('\n').some((l) => parseHeader(l)?.name === header.name && parseHeader(l)?.shape === header.shape));
}

function variantName(name: string, declared: Set<string>): string | undefined {
  const parts = name.split(/(?<=[a-z0-9])(?=[A-Z])|(?=_)/);
  for (const [i, part] of parts.entries()) {
    const bare = part.replace(/^_/, '');
    const variant = NAME_VARIANTS[bare.toLowerCase()];
    if (!variant) continue;
    const cased = i === 0 ? variant : variant[0]!.toUpperCase() + variant.slice(1);
    const snake = part.startsWith('_') ? '_' + variant.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()) : cased;
    const candidate = [...parts.slice(0, i), name.includes('_') ? snake : cased, ...parts.slice(i + 1)].join('');
    if (!declared.has(candidate)) return candidate;
  }
  return undefined;
}

/**
 * What the model answers given what it has seen (`seen`, the continuation of the prompt's tail): kept
 * unless it re-declares a name from elsewhere or re-types three lines of other code; then a new
 * declaration, an adapted block body, or just the line being typed.
 */
export function novelAware(prompt: string, suffix: string, sources: string[], seen: string): string {
  const cursorLine = prompt.slice(prompt.lastIndexOf('\n') + 1);
  // The cursor's own line counts once it holds nothing typed: then the answer writes all of it.
  const lines = (cursorLine + seen).split('\n').slice(cursorLine.trim() === '' ? 0 : 1);
  const copies =
    redeclares(prompt, seen, sources) ||
    duplicatesSource(lines, [suffix]) ||
    (!retypesKnownBlock(prompt, sources.slice(1)) && duplicatesSource(lines, sources));
  if (seen.trim() !== '' && !copies) return seen;
  const invented = inventedDeclaration(prompt, suffix, sources) ?? adaptedContinuation(prompt, suffix, sources);
  if (invented) return invented;
  const firstLine = seen.split('\n')[0]!;
  return firstLine.trim() !== '' && !redeclares(prompt, firstLine, sources) ? firstLine : '';
}

/** The user is typing a block the corpus already has under the same name (restoring or re-typing it). */
function retypesKnownBlock(prompt: string, corpus: string[]): boolean {
  const lines = prompt.split('\n');
  const at = parseHeader(lines[lines.length - 1]!) ? lines.length - 1 : enclosingHeader(lines);
  const name = at === undefined ? undefined : parseHeader(lines[at]!)?.name;
  return name !== undefined && corpus.some((s) => s.split('\n').some((l) => parseHeader(l)?.name === name));
}

/**
 * The corpus files most like the code at the cursor (shared identifiers of its last 40 lines), so the
 * model continues Go from Go and YAML from YAML; at most `limit` files.
 */
export function rankCorpus<T extends { text: string }>(prompt: string, corpus: readonly T[], limit = 3): T[] {
  const recent = prompt.split('\n').slice(-40).join('\n');
  const ids = new Set(recent.match(/[A-Za-z_][\w]{3,}/g) ?? []);
  if (ids.size === 0) return corpus.slice(0, limit);
  const scored = corpus.map((file) => {
    const fileIds = new Set(file.text.match(/[A-Za-z_][\w]{3,}/g) ?? []);
    let shared = 0;
    for (const id of ids) if (fileIds.has(id)) shared++;
    return { file, score: shared / Math.sqrt(fileIds.size + 1) };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((s) => s.file);
}
