import * as vscode from 'vscode';
import { statusMenu, type MenuEntry, type MenuInputs } from '../../core/status/statusMenu';

export const STATUS_MENU_COMMAND = 'tandem.statusMenu';

const GROUP_TITLES: Record<MenuEntry['group'], string> = {
  completions: 'Completions',
  assist: 'Explain and review',
  spend: 'Spend',
  setup: 'Setup',
};

/** The status-bar item's click: a quick pick of Tandem's common actions, each one a command. */
export function registerStatusMenu(inputs: () => MenuInputs): vscode.Disposable {
  return vscode.commands.registerCommand(STATUS_MENU_COMMAND, async () => {
    const entry = await pick(statusMenu(inputs()));
    if (entry) await vscode.commands.executeCommand(entry.command, ...(entry.args ?? []));
  });
}

type EntryItem = vscode.QuickPickItem & { entry?: MenuEntry };

async function pick(entries: MenuEntry[]): Promise<MenuEntry | undefined> {
  const items: EntryItem[] = [];
  let group: MenuEntry['group'] | undefined;
  for (const entry of entries) {
    if (entry.group !== group) items.push({ label: GROUP_TITLES[entry.group], kind: vscode.QuickPickItemKind.Separator });
    group = entry.group;
    items.push({ label: entry.label, description: entry.description, entry });
  }
  const chosen = await vscode.window.showQuickPick(items, { title: 'Tandem', placeHolder: 'Choose an action' });
  return chosen?.entry;
}
