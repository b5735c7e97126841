import * as vscode from 'vscode';
import type { Ledger } from '../../core/ledger/ledger';
import type { Log } from '../../core/log';
import type { PriceTable } from '../../core/router/pricing';
import { OtlpExporter } from '../../core/telemetry/otlpExporter';
import { instanceExport, OtlpInstance } from '../../core/telemetry/otlpInstance';
import type { Config } from '../config';
import { otlpSettings } from '../settings';

/**
 * Team view (opt-in): this window as one OTLP instance, exported as `tandem.otlp.*` says and rebuilt
 * live when those settings change. The instance (id, start, own records) lives as long as the window;
 * a new developer or team label starts a new instance, so no request is exported under two labels.
 */
export function startOtlpExport(config: Config, ledger: Ledger, log: Log, version: string, prices: () => PriceTable): vscode.Disposable {
  const labels = (): { developerId?: string; team?: string } => {
    const { developerId, team } = otlpSettings(config);
    return { developerId, team };
  };
  const resource = (): { serviceName: string; serviceVersion: string; developerId?: string; team?: string } => ({
    serviceName: 'tandem',
    serviceVersion: version,
    ...labels(),
  });
  let current = {
    labels: JSON.stringify(labels()),
    follow: instanceExport(new OtlpInstance(Date.now()), ledger, resource, prices),
  };
  let exporter: OtlpExporter | undefined;
  const rebuild = (): void => {
    exporter?.dispose();
    exporter = undefined;
    if (JSON.stringify(labels()) !== current.labels) {
      current.follow.dispose();
      current = {
        labels: JSON.stringify(labels()),
        follow: instanceExport(new OtlpInstance(Date.now()), ledger, resource, prices),
      };
    }
    const settings = otlpSettings(config);
    if (!settings.enabled) return;
    const endpoint = settings.endpoint;
    exporter = new OtlpExporter({
      endpoint,
      intervalMs: settings.intervalMs,
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
