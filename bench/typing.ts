/** A document being typed into, as the benchmark's editor: lines, a cursor at the end of the typed text, a version. */
import type { DocumentView } from '../src/core/completion/document';

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
