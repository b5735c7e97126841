import * as vscode from 'vscode';
import { Config } from './vscode/config';
import { createLog } from './vscode/log';
import { Keys, promptForKey } from './vscode/secrets';

/** Returned from activate so extension-host tests can reach the wired services. */
export interface TandemApi {
  readonly keys: Keys;
  readonly config: Config;
}

export async function activate(context: vscode.ExtensionContext): Promise<TandemApi> {
  const started = Date.now();
  const log = createLog();
  context.subscriptions.push(log);
  try {
    const config = new Config();
    const keys = new Keys(context.secrets);
    context.subscriptions.push(config, keys);
    await keys.load();

    context.subscriptions.push(
      vscode.commands.registerCommand('tandem.setCodestralKey', () => promptForKey(keys, 'mistral')),
      vscode.commands.registerCommand('tandem.setAnthropicKey', () => promptForKey(keys, 'anthropic')),
      vscode.commands.registerCommand('tandem.showLog', () => log.show()),
      ...['tandem.toggleCompletions', 'tandem.explain', 'tandem.review', 'tandem.showTelemetry'].map((id) =>
        vscode.commands.registerCommand(id, () => vscode.window.showInformationMessage(`Tandem: ${id} is not built yet.`)),
      ),
    );
    log.info(`Tandem activated in ${Date.now() - started} ms`);
    return { keys, config };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(`Tandem failed to start: ${message}`, 'Open Log').then((choice) => {
      if (choice) log.show();
    });
    throw err;
  }
}

export function deactivate(): void {
  // Everything is in context.subscriptions; VS Code disposes it.
}
