import { modelNotes } from '../../core/router/modelCatalog';
import * as vscode from 'vscode';
import type { SpendSource } from '../../core/ledger/record';
import { startOfLocalDay, startOfLocalMonth } from '../../core/router/budgets';
import type { PriceTable } from '../../core/router/pricing';
import type { BudgetCap } from '../../core/router/budgetInput';
import type { MenuInputs } from '../../core/status/statusMenu';
import type { Config } from '../config';
import type { CompletionPause } from '../pause';
import { budgetLimits } from '../settings';
import { chooseModels } from './chooseModels';
import { setBudget } from './setBudget';
import { registerStatusMenu } from './statusMenu';

export interface MenuDeps {
  config: Config;
  pause: CompletionPause;
  prices(): PriceTable;
  notesOf?(model: string): string[];
  spent(cap: BudgetCap): number;
  menuInputs(): Omit<MenuInputs, 'paused' | 'language' | 'languagePaused' | 'hasSelection'>;
}

/** The menus' readers over the settings and the ledger's spend. */
export function menuDeps(config: Config, pause: CompletionPause, spend: SpendSource, prices: () => PriceTable): MenuDeps {
  const today = (): number => spend.spentSince(startOfLocalDay(Date.now()));
  return {
    config,
    pause,
    prices,
    notesOf: modelNotes,
    spent: (cap) => (cap === 'monthly' ? spend.spentSince(startOfLocalMonth(Date.now())) : today()),
    menuInputs: () => ({ todaySpendUsd: today(), dailyBudgetUsd: budgetLimits(config).dailyUsd ?? undefined }),
  };
}

/** The status-bar menu and the pickers it leads to (models, budgets, pause for one language). */
export function registerMenus(deps: MenuDeps): vscode.Disposable {
  return vscode.Disposable.from(
    registerStatusMenu(() => {
      const editor = vscode.window.activeTextEditor;
      const language = editor?.document.languageId;
      return {
        ...deps.menuInputs(),
        paused: deps.pause.paused,
        language,
        languagePaused: language !== undefined && deps.pause.pausedFor(language),
        hasSelection: editor !== undefined && !editor.selection.isEmpty,
      };
    }),
    vscode.commands.registerCommand('tandem.toggleCompletionsForLanguage', (language?: string) => {
      const id = language ?? vscode.window.activeTextEditor?.document.languageId;
      return id ? deps.pause.toggleLanguage(id) : undefined;
    }),
    vscode.commands.registerCommand('tandem.chooseModels', () => chooseModels(deps)),
    vscode.commands.registerCommand('tandem.setBudget', () => setBudget(deps)),
  );
}
