import type * as vscode from 'vscode';
import type { Ledger } from '../core/ledger/ledger';
import type { Log } from '../core/log';
import { Breakers } from '../core/router/breaker';
import { Budgets } from '../core/router/budgets';
import { resolvePrices } from '../core/router/pricing';
import { Router } from '../core/router/router';
import { resolveRoutes } from '../core/router/routes';
import type { Config } from './config';
import type { Connections } from './connections';
import { budgetLimits } from './settings';

/** What completion and assist call on the router. */
export type LiveRouter = Pick<Router, 'stream' | 'budgetState'> & vscode.Disposable;

/**
 * The router, rebuilt when routes or prices change; budgets and circuit breakers carry over so open
 * circuits and in-flight reservations survive a settings edit. A provider's circuits close when its
 * key or endpoint changes: the fix should work at once, not after the cool-down. The budgets' limits
 * follow `tandem.budget.*` live.
 */
export function liveRouter(config: Config, connections: Connections, ledger: Ledger, log: Log): LiveRouter {
  const budgets = new Budgets({ spend: ledger, book: ledger, limits: budgetLimits(config) });
  const breakers = new Breakers();
  const build = (): Router => {
    const routes = resolveRoutes(config.get('routes', {}));
    if (routes.invalid.length) log.warn(`tandem.routes: ignored ${routes.invalid.join('; ')}`);
    return new Router({ routes: routes.table, prices: resolvePrices(config.get('prices', {})), budgets, breakers, ledger, log });
  };
  let current = build();
  const rebuild = (): void => {
    current = build();
  };
  const subscriptions = [
    config.onDidChange('routes', rebuild),
    config.onDidChange('prices', rebuild),
    config.onDidChange('budget', () => budgets.setLimits(budgetLimits(config))),
    connections.onDidChange((provider) => breakers.reset(provider)),
  ];
  return {
    stream: (req, invoke) => current.stream(req, invoke),
    budgetState: (task) => current.budgetState(task),
    dispose: () => subscriptions.forEach((d) => d.dispose()),
  };
}
