import * as vscode from 'vscode';
import { statusView, type StatusInputs, type StatusView } from '../core/status/statusModel';

const BACKGROUND: Record<StatusView['level'], vscode.ThemeColor | undefined> = {
  normal: undefined,
  warning: new vscode.ThemeColor('statusBarItem.warningBackground'),
  error: new vscode.ThemeColor('statusBarItem.errorBackground'),
};

/** Renders the core's status view; `refresh()` is cheap and coalesced, call it on any change. */
export class TandemStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tandem.status', vscode.StatusBarAlignment.Right, 100);
  private pending: ReturnType<typeof setTimeout> | undefined;
  private current: StatusView | undefined;

  constructor(private readonly inputs: () => StatusInputs) {
    this.item.name = 'Tandem';
    this.render();
    this.item.show();
  }

  /** The view last rendered (extension-host tests assert on it). */
  get view(): StatusView | undefined {
    return this.current;
  }

  refresh(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.render();
    }, 50);
  }

  render(): void {
    const view = statusView(this.inputs());
    this.current = view;
    this.item.text = view.text;
    this.item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
    const tooltip = new vscode.MarkdownString(view.tooltipMarkdown, true);
    this.item.tooltip = tooltip;
    this.item.backgroundColor = BACKGROUND[view.level];
    this.item.command = view.command;
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.item.dispose();
  }
}
