import type { LedgerRecord, LedgerSink, SpendSource } from '../../../src/core/ledger/record';
import { ProviderError, type ProviderErrorKind } from '../../../src/core/providers/errors';
import type { RouteTarget, StreamEvent, Usage } from '../../../src/core/providers/types';

/** Ledger fake: records in memory and reports settled spend from them at once, as the real tally must. */
export class FakeLedger implements LedgerSink, SpendSource {
  readonly records: LedgerRecord[] = [];

  record(r: LedgerRecord): void {
    this.records.push(r);
  }

  updateCompletion(): void {}

  spentSince(sinceMs: number, task?: string): number {
    return this.records.filter((r) => r.ts >= sinceMs && (task === undefined || r.task === task)).reduce((sum, r) => sum + r.costUsd, 0);
  }

  /** Preloads spend as one settled record. */
  seed(costUsd: number, ts: number, task = 'explain'): void {
    this.records.push({
      id: `seed-${this.records.length}`,
      ts,
      task,
      provider: 'anthropic',
      model: 'x',
      decision: 'primary',
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd,
      outcome: 'ok',
    });
  }
}

export function usage(inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0): Usage {
  return { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens };
}

/** What a fake route does on each call, in order; the last step repeats. */
export type Step =
  | { fail: ProviderErrorKind; retryAfterMs?: number; afterText?: string }
  | { text: string[]; usage?: Usage; stopReason?: string }
  | { waitForAbort: true; afterText?: string };

/** A scripted Invoke: steps per route key ("anthropic/claude-haiku-5-5"), with a call log. */
export function scriptedInvoke(script: Record<string, Step[]>): {
  invoke: (target: RouteTarget, signal: AbortSignal) => AsyncIterable<StreamEvent>;
  calls: string[];
} {
  const calls: string[] = [];
  const seen = new Map<string, number>();
  async function* run(target: RouteTarget, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const key = `${target.provider}/${target.model}`;
    calls.push(key);
    const steps = script[key] ?? [{ text: ['ok'] }];
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const step = steps[Math.min(n, steps.length - 1)]!;
    await Promise.resolve();
    if ('waitForAbort' in step) {
      if (step.afterText) yield { type: 'text', text: step.afterText };
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      throw new ProviderError('cancelled', 'aborted', target.provider);
    }
    if ('fail' in step) {
      if (step.afterText) yield { type: 'text', text: step.afterText };
      throw new ProviderError(step.fail, `${step.fail} from fake`, target.provider, {
        retryAfterMs: step.retryAfterMs,
        endpoint: 'api.anthropic.com',
      });
    }
    for (const text of step.text) yield { type: 'text', text };
    yield { type: 'done', usage: step.usage ?? usage(100, 10), stopReason: step.stopReason ?? 'end_turn' };
  }
  return { invoke: (target, signal) => run(target, signal), calls };
}

export async function drain<E>(events: AsyncIterable<E>): Promise<{ events: E[]; error?: unknown }> {
  const out: E[] = [];
  try {
    for await (const e of events) out.push(e);
    return { events: out };
  } catch (error) {
    return { events: out, error };
  }
}
