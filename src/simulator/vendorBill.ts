/**
 * What the vendor bills, per key and model: every request whose prompt it processed — also streams
 * the client aborted or that were cut — at the input it counted and the output it had sent. Tests
 * and the budgets bench compare the ledger with it. A request the client left before the answer
 * started (before message_start / the first chunk) is not billed.
 */
import { estimateTokens } from '../core/tokens';

export interface BilledTokens {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** key → model → tokens billed. */
export type VendorBillSnapshot = Record<string, Record<string, BilledTokens>>;

export class VendorBill {
  private readonly byKey = new Map<string, Map<string, BilledTokens>>();

  add(key: string, model: string, usage: Omit<BilledTokens, 'requests'>): void {
    let models = this.byKey.get(key);
    if (!models) this.byKey.set(key, (models = new Map()));
    const t = models.get(model) ?? { requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
    t.requests++;
    t.inputTokens += usage.inputTokens;
    t.outputTokens += usage.outputTokens;
    t.cacheReadTokens += usage.cacheReadTokens;
    t.cacheWriteTokens += usage.cacheWriteTokens;
    models.set(model, t);
  }

  snapshot(): VendorBillSnapshot {
    const out: VendorBillSnapshot = {};
    for (const [key, models] of this.byKey) out[key] = Object.fromEntries([...models].map(([m, t]) => [m, { ...t }]));
    return out;
  }
}

/**
 * How a model family counts tokens: the shared estimate times the factor of the longest matching
 * model-id prefix (`{ 'claude-': 2, 'codestral': 1.25 }`), never above one token per UTF-8 byte —
 * byte-level BPE cannot produce more. No factor (or 1): exactly the estimate.
 */
export function tokenCounter(scale: Readonly<Record<string, number>>, model: string): (text: string) => number {
  const prefix = Object.keys(scale)
    .filter((p) => model.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  const factor = prefix === undefined ? 1 : scale[prefix]!;
  if (factor === 1) return estimateTokens;
  return (text) => Math.min(Math.ceil(estimateTokens(text) * factor), Buffer.byteLength(text, 'utf8'));
}
