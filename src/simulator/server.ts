import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleAdmin } from './admin';
import { sendAnthropicError } from './anthropic/errors';
import { handleAnthropic } from './anthropic/routes';
import { PromptCache } from './anthropic/promptCache';
import { createRealClock } from './clock';
import type { SimContext } from './context';
import { DEFAULT_LATENCY, wasCutByServer } from './delivery';
import { FaultBoard } from './faults';
import { headerValue, sendJson } from './http';
import { FimPromptCache } from './mistral/fimCache';
import { MistralRateLimiter } from './mistral/rateLimit';
import { handleMistral } from './mistral/routes';
import { loadCorpus } from './model/corpus';
import { StatsRecorder } from './stats';
import { VendorBill } from './vendorBill';
import type { SimOptions, Simulator } from './types';

export { createManualClock, type SimClock } from './clock';
export type { FaultSpec, LatencyKnobs, SimOptions, SimStats, Simulator } from './types';

/** The Messages API's documented request limit. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Starts the vendor simulator (Mistral + Anthropic on one loopback port). */
export async function start(opts: SimOptions = {}): Promise<Simulator> {
  const clock = opts.clock ?? createRealClock();
  const ctx: SimContext = {
    keys: new Set((opts.keys ?? []).filter((k) => k !== '')),
    corpus: opts.corpusDir ? loadCorpus(opts.corpusDir) : [],
    clock,
    latency: { ...DEFAULT_LATENCY, ...opts.latency },
    faults: new FaultBoard(),
    stats: new StatsRecorder(),
    cache: new PromptCache(clock),
    fimCache: new FimPromptCache(clock),
    mistralLimits: new MistralRateLimiter(clock, opts.mistralLimits),
    ...(opts.keyKinds ? { keyKinds: { codestral: new Set(opts.keyKinds.codestral), general: new Set(opts.keyKinds.general) } } : {}),
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    ...(opts.thinkingTokens !== undefined ? { thinkingTokens: opts.thinkingTokens } : {}),
    tokenScale: { ...opts.tokenScale },
    bill: new VendorBill(),
  };
  // eslint-disable-next-line prefer-const -- assigned below, once the server its request handler closes over exists
  let sim: Simulator | undefined;
  const server = createServer((req, res) => {
    observe(ctx, res, opts.quiet !== false ? undefined : req);
    void route(ctx, sim!, req, res).catch((e: unknown) => failed(res, e));
  });
  const port = await listen(server, opts.port ?? 0);
  sim = {
    url: `http://127.0.0.1:${port}`,
    clock: ctx.clock,
    close: () => closeServer(server),
    setLatency: (k) => Object.assign(ctx.latency, definedOnly(k)),
    injectFault: (f) => ctx.faults.inject(f),
    clearFaults: () => ctx.faults.clear(),
    stats: () => ctx.stats.snapshot(),
    setMistralLimits: (limits) => ctx.mistralLimits.setLimits(limits),
    bill: () => ctx.bill.snapshot(),
    setTokenScale: (scale) => void (ctx.tokenScale = { ...scale }),
  };
  return sim;
}

async function route(ctx: SimContext, sim: Simulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://sim').pathname.replace(/\/+$/, '') || '/';
  if (path.startsWith('/_sim/')) return handleAdmin(sim, req, res, path);
  if (path.startsWith('/codestral/')) return handleMistral(ctx, req, res, path.slice('/codestral'.length), 'codestral');
  if (isAnthropic(req, path)) return handleAnthropic(ctx, req, res, path);
  return handleMistral(ctx, req, res, path);
}

/** `/v1/messages*` is Anthropic's; `/v1/models` belongs to whichever vendor's headers the client sends. */
function isAnthropic(req: IncomingMessage, path: string): boolean {
  if (path.startsWith('/v1/messages')) return true;
  return headerValue(req, 'anthropic-version') !== undefined || headerValue(req, 'x-api-key') !== undefined;
}

/** Counts the status of every answered request and notices clients that leave early. */
function observe(ctx: SimContext, res: ServerResponse, logReq: IncomingMessage | undefined): void {
  const startedAt = Date.now();
  res.on('close', () => {
    if (res.headersSent) ctx.stats.countStatus(res.statusCode);
    if (!res.writableFinished && !wasCutByServer(res)) ctx.stats.clientAborted();
    if (logReq)
      console.log(`${logReq.method} ${logReq.url} → ${res.headersSent ? res.statusCode : 'no answer'} in ${Date.now() - startedAt} ms`);
  });
}

function failed(res: ServerResponse, e: unknown): void {
  console.error('[simulator] handler failed:', e);
  if (res.headersSent) return void res.destroy();
  if (res.req && res.req.url?.startsWith('/v1/messages')) return sendAnthropicError(res, 500);
  sendJson(res, 500, { object: 'error', message: 'Internal server error', type: 'internal_server_error', param: null, code: null });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Stops listening and ends every open connection, stalled ones included. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
