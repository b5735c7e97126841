import * as vscode from 'vscode';
import type { Ledger } from '../../core/ledger/ledger';
import type { Log } from '../../core/log';
import { OtlpExporter } from '../../core/telemetry/otlpExporter';
import type { Config } from '../config';

/** Team view (opt-in): the OTLP exporter, started, stopped and rebuilt as `tandem.otlp.*` changes. */
export function startOtlpExport(config: Config, ledger: Ledger, log: Log, version: string): vscode.Disposable {
  let exporter: OtlpExporter | undefined;
  const rebuild = (): void => {
    exporter?.dispose();
    exporter = undefined;
    if (!config.get('otlp.enabled', false)) return;
    const endpoint = config.get('otlp.endpoint', 'http://127.0.0.1:4318');
    exporter = new OtlpExporter({
      endpoint,
      intervalMs: Math.max(5, config.get('otlp.intervalSeconds', 60)) * 1000,
      resource: { serviceName: 'tandem', serviceVersion: version, developerId: config.get('otlp.developerId', '') || undefined, team: config.get('otlp.team', '') || undefined },
      log,
    });
    exporter.start(() => ledger.records());
    log.info(`OTLP export on: ${endpoint}/v1/metrics`);
  };
  rebuild();
  const subscription = config.onDidChange('otlp', rebuild);
  return { dispose: () => (subscription.dispose(), exporter?.dispose()) };
}
