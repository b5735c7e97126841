import * as vscode from 'vscode';

const STATE_KEY = 'tandem.completionsPaused';
const LANGUAGES_KEY = 'tandem.completionsPausedLanguages';

/** Pause/resume of completions, everywhere or for one language, remembered across reloads (per user, not per workspace). */
export class CompletionPause implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<boolean>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly state: vscode.Memento) {}

  get paused(): boolean {
    return this.state.get<boolean>(STATE_KEY, false);
  }

  pausedFor(languageId: string): boolean {
    return this.pausedLanguages().includes(languageId);
  }

  async toggleLanguage(languageId: string): Promise<void> {
    const languages = this.pausedLanguages();
    const paused = !languages.includes(languageId);
    await this.state.update(LANGUAGES_KEY, paused ? [...languages, languageId] : languages.filter((l) => l !== languageId));
    this.emitter.fire(this.paused);
    void vscode.window.setStatusBarMessage(`Tandem completions ${paused ? 'paused' : 'resumed'} for ${languageId}`, 2500);
  }

  private pausedLanguages(): string[] {
    return this.state.get<string[]>(LANGUAGES_KEY, []);
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
