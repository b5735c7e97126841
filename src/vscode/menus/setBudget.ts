import * as vscode from 'vscode';
import { budgetHint, parseBudgetInput, type BudgetCap } from '../../core/router/budgetInput';
import { formatUsd } from '../../core/status/statusModel';
import type { Config } from '../config';

export interface SetBudgetDeps {
  config: Config;
  /** US$ spent so far in the cap's period. */
  spent(cap: BudgetCap): number;
}

const CAPS: Array<{ cap: BudgetCap; key: 'budget.dailyUsd' | 'budget.monthlyUsd' | 'budget.requestUsd'; label: string; period: string }> = [
  { cap: 'daily', key: 'budget.dailyUsd', label: 'Daily cap', period: 'today' },
  { cap: 'monthly', key: 'budget.monthlyUsd', label: 'Monthly cap', period: 'this month' },
  { cap: 'request', key: 'budget.requestUsd', label: 'Per-request ceiling', period: 'largest request estimate' },
];

/** "Tandem: Set Budget…": pick a cap, type the new value with the spend so far shown while typing. */
export async function setBudget(deps: SetBudgetDeps): Promise<boolean> {
  const picked = await vscode.window.showQuickPick(
    CAPS.map((c) => {
      const value = deps.config.get<number | null>(c.key);
      const spent = c.cap === 'request' ? '' : `${formatUsd(deps.spent(c.cap))} ${c.period} · `;
      return { label: c.label, description: `${spent}cap ${value === null ? 'none' : formatUsd(value)}`, cap: c };
    }),
    { title: 'Tandem: Set Budget', placeHolder: 'Which cap?' },
  );
  if (!picked) return false;
  const { cap } = picked;
  const current = deps.config.get<number | null>(cap.key);
  const spent = cap.cap === 'request' ? undefined : deps.spent(cap.cap);
  const input = await vscode.window.showInputBox({
    title: `Tandem: ${cap.label} (US$)`,
    value: current === null ? '' : String(current),
    prompt: 'Empty for no cap. Applies to all windows at once.',
    validateInput: (text) => {
      const parsed = parseBudgetInput(text);
      if (!parsed.ok) return { message: parsed.error, severity: vscode.InputBoxValidationSeverity.Error };
      return { message: budgetHint(parsed.value, spent, cap.period), severity: vscode.InputBoxValidationSeverity.Info };
    },
  });
  if (input === undefined) return false;
  const parsed = parseBudgetInput(input);
  if (!parsed.ok) return false;
  await deps.config.update(cap.key, parsed.value, vscode.ConfigurationTarget.Global);
  return true;
}
