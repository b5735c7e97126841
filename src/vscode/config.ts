import * as vscode from 'vscode';
import manifest from '../../package.json';
import { costBoundsFrom, resolveCostSetting } from '../core/costSettings';
import { manifestDefaults, SETTING_GROUPS, type SettingGroup, type SettingKey } from '../core/settings/settingKeys';

export const SECTION = 'tandem';

/** Defaults and the documented bounds of the cost settings, from package.json: applied here, for every reader. */
const DEFAULTS = manifestDefaults(manifest);
const COST_BOUNDS = costBoundsFrom(manifest);

/**
 * The one reader of the `tandem.*` settings. Keys are typed (settingKeys.ts), defaults come from
 * package.json only, cost settings are clamped to their documented bounds and raised by no workspace
 * value; `onDidChange(group, fn)` fires only when a setting of that group changed. Readers are
 * functions, so every call sees the live value.
 */
export class Config implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.ConfigurationChangeEvent>();
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SECTION)) this.emitter.fire(e);
  });

  get<T>(key: SettingKey): T {
    const fallback = DEFAULTS.get(key) as T;
    const bounds = COST_BOUNDS.get(key);
    if (bounds && typeof fallback === 'number') {
      const i = vscode.workspace.getConfiguration(SECTION).inspect<unknown>(key);
      return resolveCostSetting(
        { defaultValue: fallback, user: i?.globalValue, workspace: i?.workspaceValue, folder: i?.workspaceFolderValue },
        bounds,
      ) as T;
    }
    return vscode.workspace.getConfiguration(SECTION).get<T>(key, fallback);
  }

  /** A numeric setting; a value of another type (a hand-edited settings.json) reads as the default. */
  number(key: SettingKey): number {
    const value = this.get<unknown>(key);
    return typeof value === 'number' && Number.isFinite(value) ? value : (DEFAULTS.get(key) as number);
  }

  /** Writes one setting (the pickers write user settings: `ConfigurationTarget.Global`). */
  update(key: SettingKey, value: unknown, target: vscode.ConfigurationTarget): Thenable<void> {
    return vscode.workspace.getConfiguration(SECTION).update(key, value, target);
  }

  /** A setting's value at each level, for settings a cloned workspace must not be able to weaken. */
  levels<T>(key: SettingKey): { user?: T; workspace?: T; folder?: T } {
    const i = vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
    return { user: i?.globalValue, workspace: i?.workspaceValue, folder: i?.workspaceFolderValue };
  }

  /** Fires when a setting of the group (or the one setting) changed. */
  onDidChange(what: SettingGroup | SettingKey, listener: () => void): vscode.Disposable {
    const keys: readonly string[] = what in SETTING_GROUPS ? SETTING_GROUPS[what as SettingGroup] : [what];
    return this.emitter.event((e) => {
      if (keys.some((key) => e.affectsConfiguration(`${SECTION}.${key}`))) listener();
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
