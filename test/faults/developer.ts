import { fixtureFiles, prng, Typist, typingDocument, type CallResult } from '../../bench/typing';
import type { CoreStack } from '../harness/coreStack';

/** How many characters a burst of typing is before the developer stops and looks for ghost text. */
const BURST_CHARS = 8;

/** A developer typing one of the bench fixtures in bursts, through the bench's typist. */
export class Developer {
  readonly calls: CallResult[] = [];
  private readonly typist: Typist;
  private readonly script: string;
  private typed = 0;

  constructor(stack: CoreStack, fileIndex: number, variant: string, seed: number) {
    const files = fixtureFiles();
    const { doc, script } = typingDocument(files[fileIndex % files.length]!, files, 2_000, variant);
    this.script = script;
    this.typist = new Typist(stack.engine, doc, { random: prng(seed), timeScale: stack.clock.scale, context: stack.context, onResult: (r) => this.calls.push(r) });
  }

  /** Types the next few characters, then stops and waits for what the editor would show. */
  async burst(chars = BURST_CHARS): Promise<CallResult | undefined> {
    const text = this.script.slice(this.typed, this.typed + chars);
    if (text === '') throw new Error('the developer ran out of script');
    this.typed += text.length;
    await this.typist.type(text);
    return this.typist.settle();
  }

  stop(): void {
    this.typist.stop();
  }
}
