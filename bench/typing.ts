/** The benchmarks' editor and developer: a document being typed into, fixtures, and the typist. */
import { setTimeout as sleep } from 'node:timers/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { WorkspaceContext } from '../src/core/completion/context/gather';
import type { OpenDocument } from '../src/core/completion/context/snippet';
import type { DocumentView } from '../src/core/completion/document';
import type { CompletionEngine, Suggestion } from '../src/core/completion/engine';

/** A document being typed into: lines, a cursor at the end of the typed text, a version. */
export class TypingDocument implements DocumentView {
  private lines: string[];
  version = 1;

  constructor(
    readonly path: string,
    readonly languageId: string,
    text: string,
    /** Lines after the cursor, fixed while typing. */
    private readonly after: string[],
  ) {
    this.lines = text.split('\n');
  }

  get lineCount(): number {
    return this.lines.length + this.after.length;
  }

  lineAt(i: number): string {
    return i < this.lines.length ? this.lines[i]! : (this.after[i - this.lines.length] ?? '');
  }

  /** The cursor sits at the end of the typed part. */
  get cursor(): { line: number; character: number } {
    return { line: this.lines.length - 1, character: this.lines[this.lines.length - 1]!.length };
  }

  insert(text: string): void {
    const parts = text.split('\n');
    this.lines[this.lines.length - 1] += parts[0]!;
    this.lines.push(...parts.slice(1));
    this.version++;
  }

  backspace(): void {
    const last = this.lines[this.lines.length - 1]!;
    if (last.length > 0) this.lines[this.lines.length - 1] = last.slice(0, -1);
    else if (this.lines.length > 1) this.lines.pop();
    this.version++;
  }
}

/** A small deterministic PRNG (mulberry32), so both policies type exactly the same keystrokes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fixture sources the typist types (five languages); the simulator's corpus too. */
export const FIXTURES = join(__dirname, 'fixtures', 'typing');
export const LANGUAGE: Record<string, string> = { '.py': 'python', '.go': 'go', '.rs': 'rust', '.java': 'java', '.ts': 'typescript' };

export function fixtureFiles(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => LANGUAGE[extname(f)])
    .sort();
}

/** Twenty open editors made of the fixtures, eight copies each, for the similar-code context. */
export function buildOpenEditors(files: string[]): OpenDocument[] {
  const editors: OpenDocument[] = [];
  for (let i = 0; i < 20; i++) {
    const file = files[i % files.length]!;
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    const lines = Array.from({ length: 8 }, () => text)
      .join('\n')
      .split('\n');
    editors.push({
      path: `open/${i}-${file}`,
      languageId: LANGUAGE[extname(file)]!,
      version: 1,
      lineCount: lines.length,
      lineAt: (n) => lines[n] ?? '',
    });
  }
  return editors;
}

/**
 * 10,000 lines: filler from the other fixtures, then the start of the file being typed (the first
 * `typedFrom` of its lines); `script` is what is left to type, at most `maxChars`.
 */
export function typingDocument(
  file: string,
  files: string[],
  maxChars: number,
  variant = '',
  typedFrom = 0.55,
): { doc: TypingDocument; script: string } {
  const lines = readFileSync(join(FIXTURES, file), 'utf8').split('\n');
  const cut = Math.floor(lines.length * typedFrom);
  const region = lines.slice(cut).join('\n');
  const script = region.slice(0, region.lastIndexOf('\n', maxChars) + 1 || maxChars);
  const filler: string[] = [];
  const others = files.filter((f) => f !== file).map((f) => readFileSync(join(FIXTURES, f), 'utf8').split('\n'));
  while (filler.length + cut < 10_000) filler.push(...others[filler.length % others.length]!.map((l) => `// ${l}`));
  filler.length = 10_000 - cut;
  const top = lines.slice(0, cut);
  // A unique document (no cache hit) with the same cursor spot: a comment a few lines up.
  if (variant) top.splice(Math.max(0, cut - 8), 0, `${extname(file) === '.py' ? '#' : '//'} ${variant}`);
  const head = [...filler, ...top].join('\n') + '\n';
  return {
    doc: new TypingDocument(
      `src/${file}`,
      LANGUAGE[extname(file)]!,
      head,
      lines.slice(cut).join('\n').slice(script.length).split('\n').slice(1),
    ),
    script,
  };
}

/** What became of one keystroke's completion call. */
export interface CallResult {
  suggestion: Suggestion | undefined;
  /** From the call to its result, ms. */
  ms: number;
  /** From the cancellation (the next keystroke) to the result, ms; undefined if never cancelled. */
  afterCancelMs: number | undefined;
}

export interface TypistOptions {
  random: () => number;
  /** Gaps are divided by this (the simulator's latency and the debounce are scaled alike). */
  timeScale: number;
  /** Recent edits are noted here, as the extension's editor events do. */
  context: WorkspaceContext;
  /** Every call's result, superseded ones included. */
  onResult?(result: CallResult): void;
  /** Accept suggestions that match what they meant to type (default true); off, every policy gets the same keystrokes. */
  accepts?: boolean;
}

/**
 * The simulated developer: types key by key with human gaps, typos fixed by backspace and, now and
 * then, second thoughts (back over a few characters, type them again); accepts a shown suggestion
 * when it is what they meant to type. Each keystroke cancels the previous call, as VS Code does.
 */
export class Typist {
  typedChars = 0;
  accepted = 0;
  acceptedChars = 0;
  private controller: AbortController | undefined;
  private shown: { suggestion: Suggestion; version: number } | undefined;
  private last: Promise<CallResult> | undefined;

  constructor(
    private readonly engine: CompletionEngine,
    readonly doc: TypingDocument,
    private readonly opts: TypistOptions,
  ) {}

  /** Types `script` to its end (the last call may still be pending: see `settle` and `stop`). */
  async type(script: string): Promise<void> {
    const random = this.opts.random;
    let pos = 0;
    while (pos < script.length) {
      const taken = await this.maybeAccept(script, pos);
      if (taken > 0) {
        pos += taken;
        continue;
      }
      if (random() < 0.03 && script[pos] !== '\n') await this.typo();
      if (random() < 0.05 && pos > 4 && /[\s(]/.test(script[pos]!) && !script.slice(pos - 4, pos).includes('\n'))
        await this.secondThoughts(script.slice(pos - 2 - Math.floor(random() * 3), pos));
      const ch = script[pos++]!;
      await this.press(ch);
    }
  }

  /** Waits for the last keystroke's call, as a developer who stops typing does. */
  async settle(): Promise<CallResult | undefined> {
    return this.last;
  }

  /** Cancels the pending call (the developer moved on). */
  stop(): void {
    this.controller?.abort();
  }

  private async maybeAccept(script: string, pos: number): Promise<number> {
    const shown = this.shown;
    if (this.opts.accepts === false || !shown || shown.version !== this.doc.version) return 0;
    const text = shown.suggestion.text;
    if (!(text.length >= 3 && script.startsWith(text, pos) && this.opts.random() < 0.85)) return 0;
    await sleep((150 + this.opts.random() * 150) / this.opts.timeScale); // reaction time before Tab
    this.doc.insert(text);
    this.engine.acceptance.accepted(shown.suggestion.id);
    this.accepted++;
    this.acceptedChars += text.length;
    this.shown = undefined;
    this.keystroke();
    return text.length;
  }

  /** A typo, noticed and fixed. */
  private async typo(): Promise<void> {
    await this.press('q');
    this.doc.backspace();
    this.typedChars++;
    this.keystroke();
    await sleep(this.gap('q'));
  }

  /** Back over the last few characters, then type them again. */
  private async secondThoughts(redo: string): Promise<void> {
    for (let i = 0; i < redo.length; i++) {
      this.doc.backspace();
      this.typedChars++;
      this.keystroke();
      await sleep(this.gap('q'));
    }
    for (const c of redo) await this.press(c);
  }

  private async press(ch: string): Promise<void> {
    this.doc.insert(ch);
    this.typedChars++;
    this.keystroke();
    await sleep(this.gap(ch));
  }

  private keystroke(): void {
    this.controller?.abort();
    const mine = new AbortController();
    this.controller = mine;
    this.engine.noteKeystroke();
    this.opts.context.recentEdits.noteEdit(this.doc.path, this.doc.cursor.line, Date.now());
    const version = this.doc.version;
    const t0 = performance.now();
    let cancelledAt: number | undefined;
    mine.signal.addEventListener('abort', () => (cancelledAt = performance.now()), { once: true });
    this.last = this.engine.complete({ doc: this.doc, cursor: this.doc.cursor, trigger: 'auto' }, mine.signal).then((suggestion) => {
      const now = performance.now();
      const result: CallResult = { suggestion, ms: now - t0, afterCancelMs: cancelledAt === undefined ? undefined : now - cancelledAt };
      if (suggestion && version === this.doc.version && !mine.signal.aborted) {
        this.shown = { suggestion, version };
        this.engine.acceptance.markShown(suggestion.id);
      }
      this.opts.onResult?.(result);
      return result;
    });
  }

  /** Human gaps: 80–220 ms between keys, longer after a newline, an occasional pause to think. */
  private gap(ch: string): number {
    const random = this.opts.random;
    let ms = 80 + random() * 140;
    if (ch === '\n') ms += 250;
    if (random() < 0.04) ms += 700 + random() * 1100;
    return ms / this.opts.timeScale;
  }
}
