import * as vscode from 'vscode';
import { renderAssistPage } from '../../core/assist/panel/panelPage';
import type { PageMessage, PanelMessage } from '../../core/assist/panel/panelProtocol';
import { newNonce } from '../../core/webviewPage';

export type { PanelMessage } from '../../core/assist/panel/panelProtocol';

/** One conversation in the panel (a first question and its follow-ups). */
export interface PanelSession {
  post(message: PanelMessage): void;
  /** A follow-up turn under the earlier ones; `onCancel` is its Cancel. */
  followup(question: string, subtitle: string, onCancel: () => void): void;
  /** Offers the follow-up input (undefined hides it); `onQuestion` runs for each question asked. */
  offerFollowup(onQuestion: ((question: string) => void) | undefined): void;
  /** The current turn has ended: Cancel no longer applies to it. */
  done(): void;
}

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
  private generation = 0;
  /** Every message shown, for extension-host tests. */
  readonly history: PanelMessage[] = [];

  constructor(private readonly extensionUri: vscode.Uri) {}

  /**
   * Opens (or reuses) the panel for a new conversation; `onCancel` runs when the user presses Cancel.
   * The session's messages reach the page only while it is the current one: a request still ending
   * after a newer one began cannot write into the newer answer.
   */
  begin(title: string, subtitle: string, onCancel: () => void): PanelSession {
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation;
    this.cancelHandler?.();
    this.cancelHandler = onCancel;
    this.followupHandler = undefined;
    this.ensurePanel().reveal(vscode.ViewColumn.Beside, true);
    this.history.length = 0;
    this.post({ type: 'start', title, subtitle });
    return {
      post: (m) => {
        if (current()) this.post(m);
      },
      followup: (question, sub, cancel) => {
        if (!current()) return;
        this.cancelHandler = cancel;
        this.post({ type: 'followup', question, subtitle: sub });
      },
      offerFollowup: (onQuestion) => {
        if (!current()) return;
        this.followupHandler = onQuestion;
        this.post({ type: 'followupEnabled', enabled: onQuestion !== undefined });
      },
      done: () => {
        if (current()) this.cancelHandler = undefined;
      },
    };
  }

  post(message: PanelMessage): void {
    this.history.push(message);
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      'tandem.assist',
      'Tandem',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: [media],
        retainContextWhenHidden: true,
      },
    );
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

  /** What the page's follow-up input does (also for extension-host tests). */
  ask(question: string): void {
    if (question.trim() !== '') this.followupHandler?.(question.trim());
  }

  private onPageMessage(m: PageMessage): void {
    if (m.type === 'ready') {
      this.ready = true;
      for (const queued of this.queue.splice(0)) void this.panel?.webview.postMessage(queued);
    } else if (m.type === 'cancel') this.cancelHandler?.();
    else if (m.type === 'reveal') void revealLine(m.path, m.line);
    else if (m.type === 'followup' && typeof m.question === 'string') this.ask(m.question);
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
