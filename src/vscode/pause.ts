import * as vscode from 'vscode';

const STATE_KEY = 'tandem.completionsPaused';

/** Pause/resume of completions, remembered across reloads (per user, not per workspace). */
export class CompletionPause implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<boolean>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: vscode.Memento) {}

  get paused(): boolean {
    return this.state.get<boolean>(STATE_KEY, false);
  }

  async toggle(): Promise<void> {
    await this.state.update(STATE_KEY, !this.paused);
    this.emitter.fire(this.paused);
    void vscode.window.setStatusBarMessage(`Tandem completions ${this.paused ? 'paused' : 'resumed'}`, 2500);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
