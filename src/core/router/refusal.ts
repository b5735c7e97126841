import type { BudgetName, BudgetState } from './budgets';

/** The router would not start a request because a budget forbids it; `message` is for the user. */
export class BudgetRefusedError extends Error {
  readonly budget: BudgetName | undefined;

  constructor(readonly state: BudgetState) {
    super(state.message ?? 'Budget spent.');
    this.name = 'BudgetRefusedError';
    this.budget = state.budget;
  }
}
