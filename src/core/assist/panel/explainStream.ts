export type ExplainState = 'streaming' | 'done' | 'truncated' | 'failed';

/**
 * Collects the Markdown deltas of a streamed explanation. `renderable()` closes a code fence the
 * model has opened but not yet closed, so a partial answer renders as Markdown at every step.
 */
export class ExplainStream {
  private readonly parts: string[] = [];
  private joined = '';
  private dirty = false;
  private current: ExplainState = 'streaming';

  /** Ignored once the stream has ended (late deltas after an abort). */
  append(delta: string): void {
    if (this.current !== 'streaming' || delta === '') return;
    this.parts.push(delta);
    this.dirty = true;
  }

  /** `stopReason` as the API gave it; `max_tokens` means the answer was cut. */
  finish(stopReason: string): void {
    if (this.current === 'streaming') this.current = stopReason === 'max_tokens' ? 'truncated' : 'done';
  }

  fail(): void {
    if (this.current === 'streaming') this.current = 'failed';
  }

  get state(): ExplainState {
    return this.current;
  }

  get text(): string {
    if (this.dirty) {
      this.joined = this.parts.join('');
      this.parts.length = 0;
      this.parts.push(this.joined);
      this.dirty = false;
    }
    return this.joined;
  }

  renderable(): string {
    const text = this.text;
    const fence = openFence(text);
    const closed = fence ? `${text}${text.endsWith('\n') ? '' : '\n'}${fence}` : text;
    return this.current === 'truncated' ? `${closed}\n\n*(Answer cut at the token limit.)*` : closed;
  }
}

/** The fence (``` or ~~~, any length) of a code block left open, if any. */
function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (!m) continue;
    if (open === undefined) open = m[1];
    else if (m[1]![0] === open[0] && m[1]!.length >= open.length && line.trim() === m[1]) open = undefined;
  }
  return open;
}
