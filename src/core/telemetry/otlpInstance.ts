/**
 * One window as an OTLP instance: a random `service.instance.id`, its start time, and the ledger
 * records it wrote itself. Other windows' records (the ledger directory is shared) belong to their
 * own instances, so no request is counted twice. A record that leaves the ledger (retention) keeps its
 * last known version here, so no counter ever goes down while the window lives.
 */
import { randomUUID } from 'node:crypto';
import type { LedgerRecord } from '../ledger/record';
import type { PriceTable } from '../router/pricing';
import { buildOtlpMetrics, type OtlpResource } from './otlp';
import type { ExportMetricsServiceRequest } from './otlpTypes';

/** The ledger as an instance sees it: every window's records, and the ones this window writes. */
export interface InstanceLedger {
  records(): readonly LedgerRecord[];
  onDidRecord(listener: (r: LedgerRecord) => void): { dispose(): void };
}

export class OtlpInstance {
  readonly id: string;
  private readonly own = new Map<string, LedgerRecord>();

  constructor(
    readonly startMs: number,
    id: string = randomUUID(),
  ) {
    this.id = id;
  }

  /** A record this window wrote (from the ledger's onDidRecord). */
  add(r: LedgerRecord): void {
    this.own.set(r.id, r);
  }

  /** The own records, updated from the ledger's current versions (acceptance arrives later). */
  records(current: readonly LedgerRecord[]): LedgerRecord[] {
    for (const r of current) if (this.own.has(r.id)) this.own.set(r.id, r);
    return [...this.own.values()];
  }
}

/** Follows `ledger` for `instance` and builds its exports; dispose stops following. */
export function instanceExport(
  instance: OtlpInstance,
  ledger: InstanceLedger,
  resource: () => Omit<OtlpResource, 'instanceId'>,
  prices: () => PriceTable | undefined = () => undefined,
): { build: (nowMs: number) => ExportMetricsServiceRequest; dispose(): void } {
  const subscription = ledger.onDidRecord((r) => instance.add(r));
  return {
    build: (nowMs) =>
      buildOtlpMetrics(
        instance.records(ledger.records()),
        { ...resource(), instanceId: instance.id },
        { startMs: instance.startMs, nowMs },
        prices(),
      ),
    dispose: () => subscription.dispose(),
  };
}
