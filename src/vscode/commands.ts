import * as vscode from 'vscode';
import type { Log } from '../core/log';
import type { CompletionPause } from './pause';
import { promptForKey, type Keys } from './secrets';
import type { TelemetryView } from './telemetry/panel';

export interface CommandDeps {
  keys: Keys;
  pause: CompletionPause;
  log: Log & { show(): void };
  telemetry: TelemetryView;
}

/** The commands that only forward to a service: set a key, pause, show the log or the telemetry view. */
export function registerServiceCommands(deps: CommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('tandem.setCodestralKey', () => promptForKey(deps.keys, 'mistral')),
    vscode.commands.registerCommand('tandem.setAnthropicKey', () => promptForKey(deps.keys, 'anthropic')),
    vscode.commands.registerCommand('tandem.toggleCompletions', () => deps.pause.toggle()),
    vscode.commands.registerCommand('tandem.showLog', () => deps.log.show()),
    vscode.commands.registerCommand('tandem.showTelemetry', () => deps.telemetry.show()),
  );
}
