import { createHash } from 'node:crypto';
import type { SimClock } from '../clock';
import type { PromptBlock } from './promptBlocks';
import type { Ttl } from './request';

export interface CacheOutcome {
  /** Tokens after the last cache write/read: what `usage.input_tokens` reports. */
  inputTokens: number;
  cacheReadInputTokens: number;
  cacheCreationInputTokens: number;
  ephemeral5mInputTokens: number;
  ephemeral1hInputTokens: number;
}

interface Entry {
  expiresAt: number;
  ttlMs: number;
}

const TTL_MS: Record<Ttl, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };
/** A breakpoint finds earlier cache entries at most this many blocks back (itself included). */
export const LOOKBACK_BLOCKS = 20;
const MAX_ENTRIES_BEFORE_PRUNE = 10_000;

/**
 * Prompt cache keyed by the exact prefix content (per model): a hit on the longest cached prefix
 * reachable from a breakpoint refreshes that entry's TTL; every breakpoint after the hit whose
 * prefix reaches the model's minimum length is written.
 */
export class PromptCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: SimClock) {}

  apply(model: string, blocks: PromptBlock[], minTokens: number): CacheOutcome {
    const now = this.clock.now();
    if (this.entries.size > MAX_ENTRIES_BEFORE_PRUNE) this.prune(now);
    const hashes = prefixHashes(model, blocks);
    const cumulative = cumulativeTokens(blocks);
    const breakpoints = blocks.flatMap((b, i) => (b.breakpoint ? [i] : []));
    const hit = this.longestHit(breakpoints, hashes, now);
    if (hit >= 0) this.refresh(hashes[hit]!, now);

    let covered = hit;
    const created = { '5m': 0, '1h': 0 };
    for (const bp of breakpoints) {
      if (bp <= covered || cumulative[bp]! < minTokens) continue;
      const ttl = blocks[bp]!.breakpoint!;
      created[ttl] += cumulative[bp]! - tokensUpTo(cumulative, covered);
      this.entries.set(hashes[bp]!, { expiresAt: now + TTL_MS[ttl], ttlMs: TTL_MS[ttl] });
      covered = bp;
    }
    const total = tokensUpTo(cumulative, blocks.length - 1);
    const read = tokensUpTo(cumulative, hit);
    const creation = created['5m'] + created['1h'];
    return {
      inputTokens: total - read - creation,
      cacheReadInputTokens: read,
      cacheCreationInputTokens: creation,
      ephemeral5mInputTokens: created['5m'],
      ephemeral1hInputTokens: created['1h'],
    };
  }

  private longestHit(breakpoints: number[], hashes: string[], now: number): number {
    let best = -1;
    for (const bp of breakpoints) {
      for (let j = bp; j > bp - LOOKBACK_BLOCKS && j > best; j--) {
        const entry = this.entries.get(hashes[j]!);
        if (entry && entry.expiresAt > now) {
          best = j;
          break;
        }
      }
    }
    return best;
  }

  private prune(now: number): void {
    for (const [hash, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(hash);
  }

  private refresh(hash: string, now: number): void {
    const entry = this.entries.get(hash)!;
    entry.expiresAt = now + entry.ttlMs;
  }
}

function prefixHashes(model: string, blocks: PromptBlock[]): string[] {
  let previous = createHash('sha256').update(model).digest('hex');
  return blocks.map((b) => {
    previous = createHash('sha256').update(previous).update('\u0000').update(b.key).digest('hex');
    return previous;
  });
}

function cumulativeTokens(blocks: PromptBlock[]): number[] {
  let sum = 0;
  return blocks.map((b) => (sum += b.tokens));
}

function tokensUpTo(cumulative: number[], index: number): number {
  return index < 0 ? 0 : cumulative[index]!;
}
