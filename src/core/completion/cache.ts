/**
 * Completions by what decides them: the file, the code just before the cursor and the code right after
 * it. Context snippets are deliberately not part of the key — they churn with unrelated edits in other
 * files, which would make the cache miss for the same spot.
 */
export interface CacheKeyParts {
  path: string;
  prefix: string;
  suffix: string;
}

const PREFIX_KEY_CHARS = 1500;
const SUFFIX_KEY_CHARS = 400;

export function cacheKey(parts: CacheKeyParts): string {
  return `${parts.path}\u0000${parts.prefix.slice(-PREFIX_KEY_CHARS)}\u0000${parts.suffix.slice(0, SUFFIX_KEY_CHARS)}`;
}

/** A small LRU on a Map (insertion order = recency). */
export class LruCache<V> {
  private readonly map = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}
