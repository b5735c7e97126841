import Anthropic from '@anthropic-ai/sdk';
import { Mistral } from '@mistralai/mistralai';
import { start, type SimOptions, type Simulator } from '../../src/simulator/server';

export const KEY = 'sim-test-key';

/** Starts a quiet simulator for one `describe` block and closes it afterwards. */
export function useSimulator(opts: SimOptions = {}): { sim: () => Simulator } {
  let sim: Simulator | undefined;
  before(async () => {
    sim = await start({ quiet: true, ...opts });
  });
  afterEach(() => sim?.clearFaults());
  after(async () => {
    await sim?.close();
  });
  return { sim: () => sim! };
}

/** The real Mistral SDK at the simulator, with its documented `serverURL` option. */
export function mistralClient(sim: Simulator, apiKey = KEY): Mistral {
  return new Mistral({ apiKey, serverURL: sim.url });
}

/** The real Anthropic SDK at the simulator, with its documented `baseURL` option (default retries). */
export function anthropicClient(sim: Simulator, opts: { apiKey?: string; maxRetries?: number } = {}): Anthropic {
  return new Anthropic({
    apiKey: opts.apiKey ?? KEY,
    baseURL: sim.url,
    ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}),
  });
}

/** Raw HTTP for what the SDKs would refuse to send. */
export async function post(
  sim: Simulator,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Resolves with what `promise` rejects with; fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

export const CODE_FILE = [
  'export interface Item { sku: string; qty: number; price: number }',
  '',
  'export function lineTotal(item: Item): number {',
  '  return item.qty * item.price;',
  '}',
  '',
  'export function orderTotal(items: Item[]): number {',
  '  return items.reduce((sum, item) => sum + lineTotal(item), 0);',
  '}',
].join('\n');
