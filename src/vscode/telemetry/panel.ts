import * as vscode from 'vscode';
import { aggregate } from '../../core/ledger/aggregate';
import type { Aggregates } from '../../core/ledger/aggregateTypes';
import type { Ledger } from '../../core/ledger/ledger';
import type { Log } from '../../core/log';
import { aggregatesToJson, recordsToCsv } from '../../core/telemetry/exportCsv';
import {
  bucketFor,
  isTimeRange,
  parsePageMessage,
  RANGE_MS,
  type ExportFormat,
  type HostToPageMessage,
  type TimeRange,
} from '../../core/telemetry/protocol';
import { newNonce, renderTelemetryHtml } from '../../core/telemetry/webviewHtml';

const VIEW_TYPE = 'tandem.telemetry';
const LIVE_UPDATE_MS = 1000;

export interface TelemetryDeps {
  extensionUri: vscode.Uri;
  ledger: Ledger;
  log: Log;
  dailyBudgetUsd(): number | undefined;
}

/**
 * The telemetry webview: one panel, restored after reload by a serializer, fed aggregates by
 * postMessage only, updated live (coalesced) while the ledger changes, exporting CSV and JSON.
 */
export class TelemetryView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private range: TimeRange = '7d';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The last aggregates sent, for extension-host tests. */
  lastSent: Aggregates | undefined;

  constructor(private readonly deps: TelemetryDeps) {
    this.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const saved = (state as { range?: unknown } | undefined)?.range;
          this.adopt(panel, isTimeRange(saved) ? saved : this.range);
        },
      }),
      deps.ledger.onDidChange(() => this.scheduleUpdate()),
    );
  }

  show(): void {
    if (this.panel) return this.panel.reveal();
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Tandem Telemetry', vscode.ViewColumn.Active, this.options());
    this.adopt(panel, this.range);
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'media')],
      retainContextWhenHidden: false,
    };
  }

  private adopt(panel: vscode.WebviewPanel, range: TimeRange): void {
    this.panel = panel;
    this.range = range;
    panel.webview.options = this.options();
    const media = vscode.Uri.joinPath(this.deps.extensionUri, 'media');
    panel.webview.html = renderTelemetryHtml({
      cspSource: panel.webview.cspSource,
      nonce: newNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'telemetry.js')).toString(),
      formatUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'format.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'telemetry.css')).toString(),
      initialRange: range,
    });
    const listener = panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw));
    const visible = panel.onDidChangeViewState(() => panel.visible && this.scheduleUpdate());
    panel.onDidDispose(() => {
      listener.dispose();
      visible.dispose();
      if (this.panel === panel) this.panel = undefined;
    });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = parsePageMessage(raw);
    if (!m) return this.deps.log.warn('telemetry: ignored an unknown message from the page');
    if (m.type === 'ready') this.update();
    else if (m.type === 'setRange') {
      this.range = m.range;
      this.update();
    } else await this.export(m.format);
  }

  private scheduleUpdate(): void {
    if (!this.panel?.visible || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.update();
    }, LIVE_UPDATE_MS);
  }

  private update(): void {
    if (!this.panel) return;
    const data = this.aggregates();
    this.lastSent = data;
    const open = this.deps.ledger.openReservations();
    const reserved = { requests: open.length, usd: open.reduce((sum, i) => sum + i.usd, 0) };
    this.post({ type: 'aggregates', data, generatedAt: Date.now(), range: this.range, reserved });
  }

  private aggregates(): Aggregates {
    const toMs = Date.now();
    const budget = this.deps.dailyBudgetUsd();
    return aggregate(this.deps.ledger.records(), {
      fromMs: toMs - RANGE_MS[this.range],
      toMs,
      bucket: bucketFor(this.range),
      ...(budget ? { dailyBudgetUsd: budget } : {}),
    });
  }

  private async export(format: ExportFormat): Promise<void> {
    const stamp = new Date().toISOString().slice(0, 10);
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(`tandem-${this.range}-${stamp}.${format}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!target) return;
    const fromMs = Date.now() - RANGE_MS[this.range];
    const text =
      format === 'csv'
        ? recordsToCsv(this.deps.ledger.records().filter((r) => r.ts >= fromMs))
        : aggregatesToJson(this.aggregates(), Date.now());
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.post({ type: 'exported', format, path: target.fsPath });
  }

  private post(message: HostToPageMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
