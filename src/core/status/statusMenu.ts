import { formatUsd } from './statusModel';

/** What the status-bar menu needs to know to label its entries. */
export interface MenuInputs {
  paused: boolean;
  /** The active editor's language, when there is one. */
  language?: string;
  languagePaused: boolean;
  todaySpendUsd: number;
  dailyBudgetUsd?: number;
  hasSelection: boolean;
}

export interface MenuEntry {
  label: string;
  description?: string;
  command: string;
  args?: unknown[];
  /** Entries under one separator share a group. */
  group: 'completions' | 'assist' | 'spend' | 'setup';
}

/** The status-bar menu, like Copilot's: the common actions one click away, each a command. */
export function statusMenu(s: MenuInputs): MenuEntry[] {
  const entries: MenuEntry[] = [
    {
      group: 'completions',
      label: s.paused ? '$(debug-start) Resume completions' : '$(debug-pause) Pause completions',
      command: 'tandem.toggleCompletions',
    },
  ];
  if (s.language) {
    entries.push({
      group: 'completions',
      label: s.languagePaused
        ? `$(debug-start) Resume completions for ${s.language}`
        : `$(debug-pause) Pause completions for ${s.language} only`,
      command: 'tandem.toggleCompletionsForLanguage',
      args: [s.language],
    });
  }
  entries.push(
    {
      group: 'assist',
      label: '$(comment-discussion) Explain code',
      description: s.hasSelection ? 'the selection' : 'the enclosing function',
      command: 'tandem.explain',
    },
    { group: 'assist', label: '$(checklist) Review code…', command: 'tandem.review' },
    { group: 'spend', label: '$(graph) Show telemetry', description: spendToday(s), command: 'tandem.showTelemetry' },
    { group: 'spend', label: '$(credit-card) Set budget…', command: 'tandem.setBudget' },
    { group: 'spend', label: '$(symbol-enum) Choose models…', command: 'tandem.chooseModels' },
    { group: 'setup', label: '$(key) Set Codestral API key', command: 'tandem.setCodestralKey' },
    { group: 'setup', label: '$(key) Set Anthropic API key', command: 'tandem.setAnthropicKey' },
    { group: 'setup', label: '$(output) Show log', command: 'tandem.showLog' },
  );
  return entries;
}

function spendToday(s: MenuInputs): string {
  const spent = `${formatUsd(s.todaySpendUsd)} today`;
  if (s.dailyBudgetUsd === undefined) return spent;
  const share = s.dailyBudgetUsd > 0 ? ` (${Math.round((100 * s.todaySpendUsd) / s.dailyBudgetUsd)} %)` : '';
  return `${spent} of ${formatUsd(s.dailyBudgetUsd)}${share}`;
}
