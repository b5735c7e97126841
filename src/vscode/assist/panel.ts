import * as vscode from 'vscode';
import { renderAssistPage } from '../../core/assist/panelPage';
import type { PageMessage, PanelMessage } from '../../core/assist/panelProtocol';
import { newNonce } from '../../core/webviewPage';

export type { PanelMessage } from '../../core/assist/panelProtocol';

/**
 * The one "Tandem" panel where explanations and reviews stream in. Strict CSP with a nonce, assets
 * from media/ only, data by postMessage only. Messages sent before the page is ready are queued.
 */
export class AssistPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: PanelMessage[] = [];
  private cancelHandler: (() => void) | undefined;
  private followupHandler: ((question: string) => void) | undefined;
  /** Every message shown, for extension-host tests. */
  readonly history: PanelMessage[] = [];

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Opens (or reuses) the panel for a new answer; `onCancel` runs when the user presses Cancel. */
  begin(title: string, subtitle: string, onCancel: () => void): void {
    this.cancelHandler = onCancel;
    this.ensurePanel().reveal(vscode.ViewColumn.Beside, true);
    this.history.length = 0;
    this.followupHandler = undefined;
    this.post({ type: 'start', title, subtitle });
  }

  /** A follow-up turn in the same panel, under the earlier ones. */
  beginFollowup(question: string, subtitle: string, onCancel: () => void): void {
    this.cancelHandler = onCancel;
    this.post({ type: 'followup', question, subtitle });
  }

  /** Offers the follow-up input; `onQuestion` runs for each question asked, until the next `begin`. */
  offerFollowup(onQuestion: ((question: string) => void) | undefined): void {
    this.followupHandler = onQuestion;
    this.post({ type: 'followupEnabled', enabled: onQuestion !== undefined });
  }

  post(message: PanelMessage): void {
    this.history.push(message);
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('tandem.assist', 'Tandem', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    });
    panel.webview.html = pageHtml(panel.webview, media);
    panel.webview.onDidReceiveMessage((m: PageMessage) => this.onPageMessage(m));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
      this.cancelHandler?.();
    });
    this.panel = panel;
    return panel;
  }

  private onPageMessage(m: PageMessage): void {
    if (m.type === 'ready') {
      this.ready = true;
      for (const queued of this.queue.splice(0)) void this.panel?.webview.postMessage(queued);
    } else if (m.type === 'cancel') this.cancelHandler?.();
    else if (m.type === 'reveal') void revealLine(m.path, m.line);
    else if (m.type === 'followup' && typeof m.question === 'string' && m.question.trim() !== '') this.followupHandler?.(m.question.trim());
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

async function revealLine(path: string, line: number): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, path));
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
}

function pageHtml(webview: vscode.Webview, media: vscode.Uri): string {
  return renderAssistPage({
    cspSource: webview.cspSource,
    nonce: newNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'assist.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'assist.css')).toString(),
  });
}
