import * as vscode from 'vscode';
import type { Ledger } from '../../core/ledger/ledger';
import type { Log } from '../../core/log';
import { resolvePrices } from '../../core/router/pricing';
import { buildOtlpMetrics, type OtlpResource } from '../../core/telemetry/otlp';
import { OtlpExporter } from '../../core/telemetry/otlpExporter';
import { OtlpInstance } from '../../core/telemetry/otlpInstance';
import type { Config } from '../config';

/**
 * Team view (opt-in): this window as one OTLP instance, exported as `tandem.otlp.*` says and rebuilt
 * live when those settings change. The instance (id, start, own records) lives as long as the window;
 * a new developer or team label starts a new instance, so no request is exported under two labels.
 */
export function startOtlpExport(config: Config, ledger: Ledger, log: Log, version: string): vscode.Disposable {
  let instance = new OtlpInstance(Date.now());
  let labels = '';
  let exporter: OtlpExporter | undefined;
  const recording = ledger.onDidRecord((r) => instance.add(r));
  const rebuild = (): void => {
    exporter?.dispose();
    exporter = undefined;
    if (!config.get('otlp.enabled', false)) return;
    const resource = (): OtlpResource => ({
      serviceName: 'tandem',
      serviceVersion: version,
      instanceId: instance.id,
      developerId: config.get('otlp.developerId', '') || undefined,
      team: config.get('otlp.team', '') || undefined,
    });
    const nextLabels = JSON.stringify([resource().developerId, resource().team]);
    if (labels !== '' && nextLabels !== labels) instance = new OtlpInstance(Date.now());
    labels = nextLabels;
    const endpoint = config.get('otlp.endpoint', 'http://127.0.0.1:4318');
    const current = instance;
    exporter = new OtlpExporter({
      endpoint,
      intervalMs: Math.max(5, config.get('otlp.intervalSeconds', 60)) * 1000,
      build: (nowMs) =>
        buildOtlpMetrics(current.records(ledger.records()), resource(), { startMs: current.startMs, nowMs }, resolvePrices(config.get('prices', {}))),
      log,
    });
    exporter.start();
    log.info(`OTLP export on: ${endpoint} as instance ${current.id}`);
  };
  rebuild();
  const subscriptions = [config.onDidChange('otlp', rebuild), config.onDidChange('prices', rebuild)];
  return {
    dispose: () => {
      for (const s of [recording, ...subscriptions]) s.dispose();
      const last = exporter;
      exporter = undefined;
      // One last export of the final totals, not awaited: the window is closing and never waits on export.
      void last?.flushNow().finally(() => last.dispose());
    },
  };
}
