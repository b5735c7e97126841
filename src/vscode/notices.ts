import * as vscode from 'vscode';
import { NoticeBoard, type Notice } from '../core/notices';
import type { Log } from '../core/log';

/** The commands behind the action labels notices may carry. */
const ACTION_COMMANDS: Record<string, string> = {
  'Set Codestral key': 'tandem.setCodestralKey',
  'Set Anthropic key': 'tandem.setAnthropicKey',
  'Open settings': 'workbench.action.openSettings',
  'Open log': 'tandem.showLog',
  'Resume completions': 'tandem.toggleCompletions',
  'Manage trust': 'workbench.trust.manage',
};

/** A NoticeBoard whose notices become VS Code messages with working action buttons. */
export function createNoticeBoard(log: Log): NoticeBoard {
  return new NoticeBoard((notice: Notice) => {
    log[notice.severity === 'info' ? 'info' : notice.severity === 'warning' ? 'warn' : 'error'](`notice: ${notice.message}`);
    const show =
      notice.severity === 'error'
        ? vscode.window.showErrorMessage
        : notice.severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    void show(notice.message, ...(notice.actions ?? [])).then((choice) => {
      const command = choice ? ACTION_COMMANDS[choice] : undefined;
      if (command === 'workbench.action.openSettings') void vscode.commands.executeCommand(command, 'tandem');
      else if (command) void vscode.commands.executeCommand(command);
    });
  });
}
