import * as vscode from 'vscode';
import { NoticeBoard, type Notice, type NoticeAction } from '../core/notices';
import type { Log } from '../core/log';

/** Each action a notice may offer: the button the user sees and the command it runs. */
const NOTICE_ACTIONS: Record<NoticeAction, { label: string; command: string; args?: unknown[] }> = {
  setCodestralKey: { label: 'Set Codestral key', command: 'tandem.setCodestralKey' },
  setAnthropicKey: { label: 'Set Anthropic key', command: 'tandem.setAnthropicKey' },
  openSettings: { label: 'Open settings', command: 'workbench.action.openSettings', args: ['tandem'] },
  openLog: { label: 'Open log', command: 'tandem.showLog' },
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
    const buttons = (notice.actions ?? []).map((action) => ({ title: NOTICE_ACTIONS[action].label, action }));
    void show(notice.message, ...buttons).then((choice) => {
      if (!choice) return;
      const { command, args = [] } = NOTICE_ACTIONS[choice.action];
      void vscode.commands.executeCommand(command, ...args);
    });
  });
}
