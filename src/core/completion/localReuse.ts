import { cacheKey, LruCache } from './cache';
import type { Shown } from './filters';
import type { Fetched } from './inflight';
import { continueSuggestion, type Anchor } from './reuse';
import type { TextWindow } from './window';

/** A suggestion served without a request: the same spot as before, or one the user typed into. */
export type LocalHit =
  | { kind: 'cache'; shown: Shown }
  | { kind: 'typed_through'; shown: Shown; parentId: string }
  /** The model had nothing for this very spot: a hit all the same, no need to ask again. */
  | { kind: 'nothing' };

interface Remembered {
  anchor: Anchor;
  text: string;
  replace: number;
  id: string;
}

/** Cache value for a spot the model had nothing for. */
const NOTHING: Shown = { text: '', replace: 0 };
const RECENT = 8;

/**
 * What was shown recently, to answer without the network: an LRU of answers by spot (including
 * "nothing worth showing here") and the last suggestions, for typing through or backspacing over one.
 */
export class LocalReuse {
  private readonly cache = new LruCache<Shown>(256);
  private recent: Remembered[] = [];

  /** `blocked`: text that must not be shown (it reproduces a redaction placeholder). */
  constructor(private readonly blocked: (text: string) => boolean) {}

  static keyOf(path: string, window: TextWindow): string {
    return cacheKey({ path, prefix: window.prefix, suffix: window.suffix });
  }

  find(anchor: Anchor, key: string): LocalHit | undefined {
    const cached = this.cache.get(key);
    if (cached === NOTHING) return { kind: 'nothing' };
    if (cached !== undefined && !this.blocked(cached.text)) return { kind: 'cache', shown: cached };
    for (const r of this.recent) {
      const continued = continueSuggestion(r.anchor, r.text, anchor);
      if (continued && continued.typed !== 0 && !this.blocked(continued.text))
        return { kind: 'typed_through', shown: { text: continued.text, replace: r.replace }, parentId: r.id };
    }
    return undefined;
  }

  /** A network answer for the spot `key`, once it is complete (also when no caller waits for it any more). */
  storeAnswer(key: string, f: Fetched): void {
    if (f.text !== undefined) this.cache.set(key, { text: f.text, replace: f.replace ?? 0 });
    else if (f.empty) this.cache.set(key, NOTHING);
  }

  /** A suggestion now shown at `anchor`, which later keystrokes may type through. */
  shown(anchor: Anchor, shown: Shown, id: string): void {
    this.recent = [{ anchor, ...shown, id }, ...this.recent.slice(0, RECENT - 1)];
  }

  clear(): void {
    this.cache.clear();
    this.recent = [];
  }
}
