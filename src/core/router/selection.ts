import type { RouteDecision } from '../ledger/record';
import type { ProviderId } from '../providers/errors';
import type { RouteTarget } from '../providers/types';
import type { Breakers } from './breaker';
import type { Budgets, BudgetState, Reservation } from './budgets';
import { estimateCost, type PriceTable } from './pricing';
import { routeKey } from './routes';

export interface SelectionContext {
  /** The id of the record that will settle the reservation. */
  id?: string;
  task: string;
  estimatedInputTokens: number;
  inputBoundTokens?: number;
  maxOutputTokens: number;
  maxOutputTokensFor?: (model: string) => number;
  prices: PriceTable;
  budgets: Budgets;
  breakers: Breakers;
  /** Providers whose key or request was rejected: none of their routes may run again. */
  blocked: ReadonlySet<ProviderId>;
}

export type Selection =
  | { kind: 'route'; target: RouteTarget; position: number; reservation: Reservation; downgraded?: string; skipped: string[] }
  | { kind: 'refused'; state: BudgetState; target: RouteTarget; skipped: string[] }
  | { kind: 'none'; skipped: string[] };

interface Candidate {
  target: RouteTarget;
  position: number;
  costUsd: number;
}

/**
 * Picks the next route at or after `from` and reserves its worst-case cost — synchronously, so no
 * other request can slip in between the budget check and the reservation.
 */
export function selectRoute(chain: readonly RouteTarget[], from: number, ctx: SelectionContext): Selection {
  const skipped: string[] = [];
  const candidates: Candidate[] = [];
  chain.forEach((target, position) => {
    if (position < from || ctx.blocked.has(target.provider)) return;
    if (!ctx.breakers.for(target).allows()) return void skipped.push(`circuit open: ${routeKey(target)}`);
    candidates.push({
      target,
      position,
      costUsd: estimateCost(
        target.model,
        ctx.inputBoundTokens ?? ctx.estimatedInputTokens,
        ctx.maxOutputTokensFor?.(target.model) ?? ctx.maxOutputTokens,
        ctx.prices,
      ),
    });
  });
  const first = candidates[0];
  if (!first) return { kind: 'none', skipped };
  const state = ctx.budgets.assess(ctx.task, first.costUsd);
  const chosen = state.level === 'ok' ? first : (cheaperThatFits(candidates, first, ctx) ?? first);
  const { state: final, reservation } = ctx.budgets.tryReserve(ctx.task, chosen.costUsd, {
    ...(ctx.id ? { id: ctx.id } : {}),
    ...chosen.target,
  });
  if (!reservation) return { kind: 'refused', state: state.level === 'spent' ? state : final, target: first.target, skipped };
  const downgraded = chosen === first ? undefined : `budget ${state.level}: ${state.budget ?? 'unknown'}`;
  return { kind: 'route', target: chosen.target, position: chosen.position, reservation, skipped, ...(downgraded ? { downgraded } : {}) };
}

/** The first later route, in preference order, that costs less and still fits every cap. */
function cheaperThatFits(candidates: readonly Candidate[], first: Candidate, ctx: SelectionContext): Candidate | undefined {
  return candidates.slice(1).find((c) => c.costUsd < first.costUsd && ctx.budgets.assess(ctx.task, c.costUsd).level !== 'spent');
}

export function decisionOf(selection: Extract<Selection, { kind: 'route' }>, afterFailure: boolean): RouteDecision {
  if (selection.downgraded) return 'downgrade';
  return afterFailure || selection.skipped.length > 0 ? 'fallback' : 'primary';
}
