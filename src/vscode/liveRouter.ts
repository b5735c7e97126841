import type * as vscode from 'vscode';
import type { Ledger } from '../core/ledger/ledger';
import type { Log } from '../core/log';
import { Breakers } from '../core/router/breaker';
import { Budgets } from '../core/router/budgets';
import { resolvePrices, type PriceTable } from '../core/router/pricing';
import { Router } from '../core/router/router';
import { chainFor, resolveRoutes, type RouteSettings, type RouteTable } from '../core/router/routes';
import type { Config } from './config';
import type { Connections } from './connections';
import { budgetLimits } from './settings';

/** What completion, assist, the menus and telemetry read of routing: the router, and the routes and prices in force. */
export type LiveRouter = Pick<Router, 'stream' | 'budgetState'> &
  vscode.Disposable & {
    /** Prices in force (`tandem.prices` over the built-in table). */
    prices(): PriceTable;
    /** The model a task's first attempt goes to (`tandem.routes` over the defaults). */
    firstModel(task: string): string;
  };

/**
 * The router, rebuilt when routes or prices change; budgets and circuit breakers carry over so open
 * circuits and in-flight reservations survive a settings edit. A provider's circuits close when its
 * key or endpoint changes: the fix should work at once, not after the cool-down. The budgets' limits
 * follow `tandem.budget.*` live. Routes and prices are resolved once per change, here only.
 */
export function liveRouter(config: Config, connections: Connections, ledger: Ledger, log: Log): LiveRouter {
  const budgets = new Budgets({ spend: ledger, book: ledger, limits: budgetLimits(config) });
  const breakers = new Breakers();
  const build = (): { router: Router; table: RouteTable; prices: PriceTable } => {
    const routes = resolveRoutes(config.get<RouteSettings>('routes'));
    if (routes.invalid.length) log.warn(`tandem.routes: ignored ${routes.invalid.join('; ')}`);
    const prices = resolvePrices(config.get('prices'));
    return { router: new Router({ routes: routes.table, prices, budgets, breakers, ledger, log }), table: routes.table, prices };
  };
  let current = build();
  const subscriptions = [
    config.onDidChange('routing', () => (current = build())),
    config.onDidChange('budget', () => budgets.setLimits(budgetLimits(config))),
    connections.onDidChange((provider) => breakers.reset(provider)),
  ];
  return {
    stream: (req, invoke) => current.router.stream(req, invoke),
    budgetState: (task) => current.router.budgetState(task),
    prices: () => current.prices,
    // resolveRoutes keeps the built-in chain for any task a setting leaves empty.
    firstModel: (task) => chainFor(current.table, task)[0]!.model,
    dispose: () => subscriptions.forEach((d) => d.dispose()),
  };
}
