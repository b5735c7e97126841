import { fixtureFiles, prng, Typist, typingDocument, type CallResult } from '../../bench/typing';
import type { CoreStack } from './coreStack';

/** How many characters a burst of typing is before the developer stops and looks for ghost text. */
const BURST_CHARS = 8;
const SCRIPT_CHARS = 2_000;

export interface DeveloperOptions {
  /** First fixture to type (they rotate when one is typed out). */
  fileIndex: number;
  /** Makes each document unique (no cache hits across rows or runs). */
  label: string;
  seed: number;
  onResult?(result: CallResult): void;
}

/** A developer typing the bench fixtures through the bench's typist, one 10,000-line document after another. */
export class Developer {
  private readonly files = fixtureFiles();
  private readonly random: () => number;
  private typist!: Typist;
  private script = '';
  private typed = 0;
  private documents = 0;
  private typedBefore = 0;

  constructor(
    private readonly stack: CoreStack,
    private readonly opts: DeveloperOptions,
  ) {
    this.random = prng(opts.seed);
    this.open();
  }

  /** Keystrokes so far, corrections included. */
  get typedChars(): number {
    return this.typedBefore + this.typist.typedChars;
  }

  /** Types the next few characters, then stops and waits for what the editor would show. */
  async burst(chars = BURST_CHARS): Promise<CallResult | undefined> {
    await this.type(chars);
    return this.typist.settle();
  }

  /** Types on without waiting for ghost text. */
  async type(chars: number): Promise<void> {
    if (this.typed >= this.script.length) this.open();
    const text = this.script.slice(this.typed, this.typed + chars);
    this.typed += text.length;
    await this.typist.type(text);
  }

  stop(): void {
    this.typist.stop();
  }

  /** The next fixture, as a new document (the previous call is cancelled, as when switching editors). */
  private open(): void {
    if (this.documents > 0) {
      this.typist.stop();
      this.typedBefore += this.typist.typedChars;
    }
    const file = this.files[(this.opts.fileIndex + this.documents) % this.files.length]!;
    const { doc, script } = typingDocument(file, this.files, SCRIPT_CHARS, `${this.opts.label} #${this.documents}`);
    this.documents++;
    this.script = script;
    this.typed = 0;
    const { engine, context, clock } = this.stack;
    this.typist = new Typist(engine, doc, {
      random: this.random,
      timeScale: clock.scale,
      context,
      ...(this.opts.onResult ? { onResult: this.opts.onResult } : {}),
    });
  }
}
