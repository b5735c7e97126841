import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from '../../../src/core/log';
import type { LedgerRecord } from '../../../src/core/ledger/record';

/** A fresh directory per test, removed afterwards. */
export function useTempDir(): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-ledger-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

export interface CapturingLog extends Log {
  warnings: string[];
}

export function capturingLog(): CapturingLog {
  const warnings: string[] = [];
  const noop = (): void => undefined;
  return { warnings, trace: noop, debug: noop, info: noop, error: noop, warn: (m: string) => void warnings.push(m) };
}

export function completionRecord(id: string, ts: number, costUsd = 0.0004): LedgerRecord {
  return {
    id,
    ts,
    task: 'completion',
    provider: 'mistral',
    model: 'codestral-2508',
    decision: 'primary',
    inputTokens: 900,
    outputTokens: 40,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd,
    ttftMs: 120,
    latencyMs: 310,
    outcome: 'ok',
    language: 'typescript',
    completion: { source: 'network', shown: false },
  };
}

export function explainRecord(id: string, ts: number, costUsd: number): LedgerRecord {
  return {
    id,
    ts,
    task: 'explain',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    decision: 'primary',
    inputTokens: 3000,
    outputTokens: 700,
    cacheReadTokens: 12_000,
    cacheWriteTokens: 0,
    costUsd,
    ttftMs: 900,
    latencyMs: 8000,
    outcome: 'ok',
  };
}

/** Resolves on the next onDidChange of `source`. */
export function nextChange(source: { onDidChange(l: () => void): { dispose(): void } }): Promise<void> {
  return new Promise((resolve) => {
    const sub = source.onDidChange(() => {
      sub.dispose();
      resolve();
    });
  });
}
