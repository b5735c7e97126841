import { createHash } from 'node:crypto';
import type { SimClock } from '../clock';

/** Mistral caches prompt prefixes in blocks of 64 tokens (a shorter prompt is never cached). */
export const FIM_CACHE_BLOCK_TOKENS = 64;
/** Our choice (Mistral publishes no lifetime): an entry lives 5 minutes after its last use. */
export const FIM_CACHE_TTL_MS = 5 * 60_000;
const MAX_ENTRIES_BEFORE_PRUNE = 20_000;

/**
 * Mistral's prompt cache as the simulator models it: per API key and `prompt_cache_key` (no key, no
 * cache — the key is what routes related requests to the same cache), the model input (the FIM
 * `suffix` first, then `prompt`, as Codestral's template orders them) is cut into whole 64-token blocks; a request reads the longest run of leading blocks
 * already cached and live, then every full block of its own prompt is stored (refreshing the read
 * ones). Returns the cached prompt tokens, as `usage.prompt_tokens_details.cached_tokens` reports them.
 */
export class FimPromptCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly clock: SimClock) {}

  apply(apiKey: string, cacheKey: string | undefined, prompt: string, suffix: string): number {
    if (!cacheKey) return 0;
    const now = this.clock.now();
    if (this.entries.size > MAX_ENTRIES_BEFORE_PRUNE) this.prune(now);
    // Codestral's FIM input is `<s>[SUFFIX]suffix[PREFIX]prompt` (mistral-common's encode_fim): the suffix comes first.
    const blocks = blockHashes(`${apiKey}\u0000${cacheKey}`, `[SUFFIX]${suffix}[PREFIX]${prompt}`);
    let hit = 0;
    while (hit < blocks.length && (this.entries.get(blocks[hit]!) ?? 0) > now) hit++;
    for (const hash of blocks) this.entries.set(hash, now + FIM_CACHE_TTL_MS);
    return hit * FIM_CACHE_BLOCK_TOKENS;
  }

  private prune(now: number): void {
    for (const [hash, expiresAt] of this.entries) if (expiresAt <= now) this.entries.delete(hash);
  }
}

/**
 * A chained hash per whole 64-token block of `text`: block k covers the text up to where token
 * 64·k + 1 begins, as the project's estimator counts tokens, so a block matches only when everything
 * before its end is identical.
 */
function blockHashes(namespace: string, text: string): string[] {
  const ends = blockEnds(text);
  const hashes: string[] = [];
  let previous = createHash('sha256').update(namespace).digest('hex');
  let from = 0;
  for (const end of ends) {
    previous = createHash('sha256').update(previous).update(text.slice(from, end)).digest('hex');
    hashes.push(previous);
    from = end;
  }
  return hashes;
}

/** Offsets where each full block ends: the start of its next token (or the text's end). */
export function blockEnds(text: string): number[] {
  const ends: number[] = [];
  const starts = tokenStarts(text);
  for (let k = FIM_CACHE_BLOCK_TOKENS; k <= starts.length; k += FIM_CACHE_BLOCK_TOKENS) ends.push(starts[k] ?? text.length);
  return ends;
}

/**
 * Where each token begins, by `estimateTokens`' rule (a word run of up to 6 word characters, a run of
 * up to 2 other non-blank characters, spaces free): `tokenStarts(t).length === estimateTokens(t)`.
 */
export function tokenStarts(text: string): number[] {
  const starts: number[] = [];
  let wordRun = 0;
  let punctRun = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
      punctRun = 0;
      if (wordRun === 0) starts.push(i);
      wordRun = wordRun === 5 ? 0 : wordRun + 1;
      continue;
    }
    wordRun = 0;
    if (c === 32 || c === 9 || c === 13) {
      punctRun = 0;
      continue;
    }
    if (punctRun === 0) starts.push(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
    punctRun = punctRun === 1 ? 0 : punctRun + 1;
  }
  return starts;
}
