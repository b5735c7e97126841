import * as vscode from 'vscode';
import manifest from '../../package.json';
import { costBoundsFrom, resolveCostSetting } from '../core/costSettings';

export const SECTION = 'tandem';

/** The documented bounds of the cost settings, from package.json: applied here, for every reader. */
const COST_BOUNDS = costBoundsFrom(manifest);

/**
 * One typed reader over the `tandem.*` settings. Readers are functions so every call sees the live
 * value; `onDidChange(prefix, fn)` fires only when a setting under that prefix changed.
 */
export class Config implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.ConfigurationChangeEvent>();
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) this.emitter.fire(e);
  });

  /** A cost setting (COST_SETTINGS) comes back clamped, and raised by no workspace value. */
  get<T>(key: string, fallback: T): T {
    const bounds = COST_BOUNDS.get(key);
    if (bounds && typeof fallback === 'number') {
      const i = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(key);
      const defaultValue = typeof i?.defaultValue === 'number' ? i.defaultValue : fallback;
      return resolveCostSetting(
        { defaultValue, user: i?.globalValue, workspace: i?.workspaceValue, folder: i?.workspaceFolderValue },
        bounds,
      ) as T;
    }
    return vscode.workspace.getConfiguration(SECTION).get<T>(key, fallback);
  }

  /** Writes one setting (the pickers write user settings: `ConfigurationTarget.Global`). */
  update(key: string, value: unknown, target: vscode.ConfigurationTarget): Thenable<void> {
    return vscode.workspace.getConfiguration(SECTION).update(key, value, target);
  }

  /** A setting's value at each level, for settings a cloned workspace must not be able to weaken. */
  levels<T>(key: string): { user?: T; workspace?: T; folder?: T } {
    const i = vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
    return { user: i?.globalValue, workspace: i?.workspaceValue, folder: i?.workspaceFolderValue };
  }

  onDidChange(prefix: string, listener: () => void): vscode.Disposable {
    return this.emitter.event((e) => {
      if (e.affectsConfiguration(`${SECTION}.${prefix}`)) listener();
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
