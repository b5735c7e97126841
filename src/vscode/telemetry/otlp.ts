import * as vscode from 'vscode';
import type { Ledger } from '../../core/ledger/ledger';
import type { Log } from '../../core/log';
import { resolvePrices } from '../../core/router/pricing';
import { OtlpExporter } from '../../core/telemetry/otlpExporter';
import { instanceExport, OtlpInstance } from '../../core/telemetry/otlpInstance';
import type { Config } from '../config';

/**
 * Team view (opt-in): this window as one OTLP instance, exported as `tandem.otlp.*` says and rebuilt
 * live when those settings change. The instance (id, start, own records) lives as long as the window;
 * a new developer or team label starts a new instance, so no request is exported under two labels.
 */
export function startOtlpExport(config: Config, ledger: Ledger, log: Log, version: string): vscode.Disposable {
  const labels = (): { developerId?: string; team?: string } => ({
    developerId: config.get('otlp.developerId', '') || undefined,
    team: config.get('otlp.team', '') || undefined,
  });
  const resource = (): { serviceName: string; serviceVersion: string; developerId?: string; team?: string } => ({
    serviceName: 'tandem',
    serviceVersion: version,
    ...labels(),
  });
  let current = {
    labels: JSON.stringify(labels()),
    follow: instanceExport(new OtlpInstance(Date.now()), ledger, resource, () => resolvePrices(config.get('prices', {}))),
  };
  let exporter: OtlpExporter | undefined;
  const rebuild = (): void => {
    exporter?.dispose();
    exporter = undefined;
    if (JSON.stringify(labels()) !== current.labels) {
      current.follow.dispose();
      current = {
        labels: JSON.stringify(labels()),
        follow: instanceExport(new OtlpInstance(Date.now()), ledger, resource, () => resolvePrices(config.get('prices', {}))),
      };
    }
    if (!config.get('otlp.enabled', false)) return;
    const endpoint = config.get('otlp.endpoint', 'http://127.0.0.1:4318');
    exporter = new OtlpExporter({
      endpoint,
      intervalMs: Math.max(5, config.get('otlp.intervalSeconds', 60)) * 1000,
      build: current.follow.build,
      log,
    });
    exporter.start();
    log.info(`OTLP export on: ${endpoint}`);
  };
  rebuild();
  const subscriptions = [config.onDidChange('otlp', rebuild)];
  return {
    dispose: () => {
      for (const s of subscriptions) s.dispose();
      current.follow.dispose();
      const last = exporter;
      exporter = undefined;
      // One last export of the final totals, not awaited: the window is closing and never waits on export.
      void last?.flushNow().finally(() => last.dispose());
    },
  };
}
