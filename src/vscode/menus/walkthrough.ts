import * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'tandem-dev.tandem#gettingStarted';
const SHOWN_KEY = 'tandem.walkthroughShown';

/** Opens the getting-started walkthrough once, the first time Tandem runs for this user. */
export function openWalkthroughOnce(context: vscode.ExtensionContext): void {
  if (context.extensionMode === vscode.ExtensionMode.Test || context.globalState.get<boolean>(SHOWN_KEY)) return;
  void context.globalState.update(SHOWN_KEY, true);
  void vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
}
