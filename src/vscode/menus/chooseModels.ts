import * as vscode from 'vscode';
import { currentChain, describePrice, modelChoices, ROUTED_TASKS, withChain, type ModelChoice } from '../../core/router/modelCatalog';
import type { PriceTable } from '../../core/router/pricing';
import type { RouteSettings } from '../../core/router/routes';
import type { Config } from '../config';

export interface ChooseModelsDeps {
  config: Config;
  prices(): PriceTable;
  /** Thinking, effort and minimum cacheable prompt of a model, where known. */
  notesOf?(model: string): string[];
}

const TASK_TITLES: Record<string, string> = { completion: 'Completion (ghost text)', explain: 'Explain', review: 'Review' };
const NO_FALLBACK = 'No fallback';

/**
 * "Tandem: Choose Models…": per task, the model and its fallback, chosen from the priced models with
 * their prices; written to `tandem.routes` in user settings (the router picks it up without a reload).
 */
export async function chooseModels(deps: ChooseModelsDeps): Promise<RouteSettings | undefined> {
  const settings = deps.config.get<RouteSettings>('routes');
  const task = await vscode.window.showQuickPick(
    ROUTED_TASKS.map((t) => ({ label: TASK_TITLES[t] ?? t, description: currentChain(t, settings).join(' → '), task: t })),
    { title: 'Tandem: Choose Models (1/3) — task', placeHolder: 'Which task?' },
  );
  if (!task) return undefined;
  const choices = modelChoices(task.task, deps.prices(), deps.notesOf);
  const chain = currentChain(task.task, settings);
  const primary = await pickModel(choices, chain[0], `Tandem: Choose Models (2/3) — ${task.label}`, 'Model to use first');
  if (!primary) return undefined;
  const others = choices.filter((c) => c.route !== primary.route);
  const fallback = await pickModel(
    others,
    chain[1],
    `Tandem: Choose Models (3/3) — ${task.label}`,
    'Fallback when it fails or is near a budget',
    true,
  );
  if (fallback === undefined) return undefined;
  const next = withChain(settings, task.task, fallback === null ? [primary.route] : [primary.route, fallback.route]);
  await deps.config.update('routes', next, vscode.ConfigurationTarget.Global);
  void vscode.window.setStatusBarMessage(`Tandem: ${task.label} → ${next[task.task]!.join(' → ')}`, 4000);
  return next;
}

type ChoiceItem = vscode.QuickPickItem & { choice: ModelChoice | null };

/** undefined: cancelled; null: "No fallback". */
async function pickModel(
  choices: ModelChoice[],
  current: string | undefined,
  title: string,
  placeHolder: string,
  optional = false,
): Promise<ModelChoice | null | undefined> {
  const items: ChoiceItem[] = choices.map((c) => ({
    label: `${c.route === current ? '$(check) ' : ''}${c.model}`,
    description: describePrice(c.price),
    detail: c.notes.length > 0 ? c.notes.join(' · ') : undefined,
    choice: c,
  }));
  if (optional) items.unshift({ label: NO_FALLBACK, description: current ? '' : '(current)', choice: null });
  const chosen = await vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true, matchOnDetail: true });
  return chosen === undefined ? undefined : chosen.choice;
}
