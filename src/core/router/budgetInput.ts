import { formatUsd } from '../status/statusModel';

export type BudgetCap = 'daily' | 'monthly' | 'request';

export type ParsedBudget = { ok: true; value: number | null } | { ok: false; error: string };

/** What a user types for a cap: "5", "$5", "2.50", or nothing for no cap. */
export function parseBudgetInput(text: string): ParsedBudget {
  const trimmed = text.trim().replace(/^\$/, '').trim();
  if (trimmed === '') return { ok: true, value: null };
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return { ok: false, error: 'A amount in US$, e.g. 5 or 2.50 (empty for no cap).' };
  return { ok: true, value: Number(trimmed) };
}

/** The line shown under the input while typing: where the spend so far stands against the new cap. */
export function budgetHint(cap: number | null, spent: number | undefined, period: string): string {
  if (spent === undefined) return cap === null ? 'No ceiling per request.' : `Requests estimated above ${formatUsd(cap)} will be refused.`;
  if (cap === null) return `No cap. Spent ${period}: ${formatUsd(spent)}.`;
  if (spent >= cap) return `Spent ${period}: ${formatUsd(spent)} — already at this cap: requests stop until the period ends.`;
  return `Spent ${period}: ${formatUsd(spent)} of ${formatUsd(cap)} (${Math.round((100 * spent) / Math.max(cap, 1e-9))} %), ${formatUsd(cap - spent)} left.`;
}
