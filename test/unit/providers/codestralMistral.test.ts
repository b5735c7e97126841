import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { WorkspaceContext } from '../../../src/core/completion/context/gather';
import { documentWithCursor } from '../../../src/core/completion/document';
import { createRoutedEngine } from '../../../src/core/completion/routed';
import { DEFAULT_COMPLETION_SETTINGS } from '../../../src/core/completion/settings';
import { silentLog } from '../../../src/core/log';
import { NoticeBoard } from '../../../src/core/notices';
import { createCodestralClient, otherMistralEndpoint, type FimRequest } from '../../../src/core/providers/codestral';
import { ProviderError } from '../../../src/core/providers/errors';
import { RateLimitState } from '../../../src/core/providers/rateLimit';
import type { StreamEvent, Usage } from '../../../src/core/providers/types';
import { Breakers } from '../../../src/core/router/breaker';
import { Budgets } from '../../../src/core/router/budgets';
import { costOf, DEFAULT_PRICES } from '../../../src/core/router/pricing';
import { Router } from '../../../src/core/router/router';
import { DEFAULT_ROUTES } from '../../../src/core/router/routes';
import { start, type Simulator } from '../../../src/simulator/server';
import { FakeLedger } from '../router/fakes';

const CODE =
  'export interface Item { sku: string; qty: number; price: number }\n\nexport function lineTotal(item: Item): number {\n  return item.qty * item.price;\n}\n';
const FIM: FimRequest = {
  model: 'codestral-latest',
  prompt: `+++++ src/items.ts\n${CODE.repeat(3)}\n+++++ src/cart.ts\nexport function cartLine(item: Item): number {\n  return `,
  suffix: '\n}\n',
  maxTokens: 16,
  stop: [],
  temperature: 0,
};
const live = (): AbortSignal => new AbortController().signal;
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function run(events: AsyncIterable<StreamEvent>): Promise<{ text: string; usage?: Usage; error?: ProviderError }> {
  let text = '';
  try {
    for await (const e of events) {
      if (e.type === 'text') text += e.text;
      else if (e.type === 'done') return { text, usage: e.usage };
    }
    return { text };
  } catch (error) {
    assert.ok(error instanceof ProviderError, String(error));
    return { text, error };
  }
}

describe('Codestral prompt caching through the real SDK and the simulator', () => {
  let sim: Simulator;
  before(async () => (sim = await start({ quiet: true })));
  after(() => sim.close());

  it('sends prompt_cache_key and reads the cached tokens: input excludes them, they cost 10 % of the input price', async () => {
    const client = createCodestralClient({ apiKey: 'k', baseUrl: sim.url });
    const first = await run(client.stream({ ...FIM, promptCacheKey: 'tandem-fim-test' }, live()));
    const second = await run(client.stream({ ...FIM, promptCacheKey: 'tandem-fim-test' }, live()));
    assert.equal(first.usage?.cacheReadTokens, 0, first.error?.message);
    const u = second.usage!;
    assert.ok(u.cacheReadTokens > 0 && u.cacheReadTokens % 64 === 0, `cached ${u.cacheReadTokens}`);
    assert.equal(u.inputTokens + u.cacheReadTokens, first.usage!.inputTokens, 'prompt tokens split into uncached + cached');
    const expected = (u.inputTokens * 0.3 + u.cacheReadTokens * 0.03 + u.outputTokens * 0.9) / 1e6;
    assert.ok(Math.abs(costOf('codestral-latest', u, DEFAULT_PRICES) - expected) < 1e-12);
    const unkeyed = await run(client.stream(FIM, live()));
    assert.equal(unkeyed.usage?.cacheReadTokens, 0, 'no key, no cache read');
  });
});

describe('Codestral keys: the other official endpoint, once', () => {
  let sim: Simulator;
  before(async () => (sim = await start({ quiet: true, keyKinds: { codestral: ['codestral-key'], general: ['general-key'] } })));
  after(() => sim.close());
  const unauthorized = (): number => sim.stats().byStatus['401'] ?? 0;

  it('a general key sent to the Codestral endpoint is tried at the general one; accepted, it stays there and the user is told once', async () => {
    const switched: string[] = [];
    const client = createCodestralClient({
      apiKey: 'general-key',
      baseUrl: `${sim.url}/codestral`,
      alternateBaseUrl: sim.url,
      onEndpointSwitched: (url) => switched.push(url),
    });
    const before401 = unauthorized();
    const first = await run(client.stream(FIM, live()));
    assert.ok(first.usage && first.text.length > 0, first.error?.message);
    const second = await run(client.stream(FIM, live()));
    assert.ok(second.usage);
    assert.deepEqual(switched, [sim.url]);
    assert.equal(unauthorized() - before401, 1, 'only the first request met the 401');
  });

  it('a key both endpoints reject fails saying so, and the other endpoint is not tried again', async () => {
    const client = createCodestralClient({
      apiKey: 'no-such-key',
      baseUrl: `${sim.url}/codestral`,
      alternateBaseUrl: sim.url,
      onEndpointSwitched: () => assert.fail('must not switch'),
    });
    const before401 = unauthorized();
    const first = await run(client.stream(FIM, live()));
    assert.equal(first.error?.kind, 'auth');
    assert.match(first.error!.message, /rejected by .* and by /);
    assert.equal(unauthorized() - before401, 2);
    await run(client.stream(FIM, live()));
    assert.equal(unauthorized() - before401, 3, 'the second request went to the configured endpoint only');
  });

  it('only the two official endpoints have an "other" one; no other host ever gets the key', () => {
    assert.equal(otherMistralEndpoint('https://codestral.mistral.ai'), 'https://api.mistral.ai');
    assert.equal(otherMistralEndpoint('https://api.mistral.ai/'), 'https://codestral.mistral.ai');
    for (const url of [
      'http://api.mistral.ai',
      'https://api.mistral.ai.evil.com',
      'https://api.mistral.ai:8443',
      'https://user@api.mistral.ai',
      'https://api.mistral.ai/v1',
      'http://127.0.0.1:8787',
      'not a url',
    ]) {
      assert.equal(otherMistralEndpoint(url), undefined, url);
    }
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        const other = otherMistralEndpoint(url);
        return other === undefined || other === 'https://api.mistral.ai' || other === 'https://codestral.mistral.ai';
      }),
      { numRuns: 500 },
    );
  });
});

describe('Codestral rate limits: one request per keystroke at most, paused until retry-after', () => {
  let sim: Simulator;
  before(async () => (sim = await start({ quiet: true })));
  after(() => sim.close());
  afterEach(() => sim.clearFaults());

  function stack(): { complete: (line: string) => Promise<string | undefined>; breakers: Breakers; rateLimits: RateLimitState } {
    const ledger = new FakeLedger();
    const breakers = new Breakers();
    const rateLimits = new RateLimitState();
    const router = new Router({
      routes: DEFAULT_ROUTES,
      prices: DEFAULT_PRICES,
      budgets: new Budgets({ spend: ledger, limits: { dailyUsd: 100 } }),
      breakers,
      ledger,
      log: silentLog,
    });
    const client = createCodestralClient({ apiKey: 'k', baseUrl: sim.url, onHeaders: (h) => rateLimits.noteHeaders(h) });
    const context = new WorkspaceContext({ openDocuments: () => [], isExcluded: () => false });
    const settings = { ...DEFAULT_COMPLETION_SETTINGS, debounceMinMs: 1, debounceMaxMs: 5 };
    const engine = createRoutedEngine({
      router,
      codestral: () => client,
      ledger,
      context,
      settings: () => settings,
      log: silentLog,
      notices: new NoticeBoard(() => undefined),
      rateLimits,
      cacheScope: () => 'test',
    });
    const complete = async (line: string): Promise<string | undefined> =>
      (await engine.complete({ ...documentWithCursor('src/cart.ts', 'typescript', `${CODE}\n${line}█\n`), trigger: 'manual' }, live()))
        ?.text;
    return { complete, breakers, rateLimits };
  }

  it('under a 429 five keystrokes send one request, not three per keystroke; the breaker stays closed; right after retry-after it asks again and shows text', async () => {
    const { complete, breakers, rateLimits } = stack();
    sim.injectFault({ api: 'mistral', kind: 'status', status: 429, retryAfterMs: 400, count: Infinity });
    const before = sim.stats().requests.mistral;
    for (const line of ['export function a', 'export function ab', 'export function abc', 'export function abcd', 'export function abcde'])
      await complete(line);
    assert.equal(sim.stats().requests.mistral - before, 1);
    assert.ok(rateLimits.pausedUntilMs() > 0);
    assert.equal(breakers.for({ provider: 'mistral', model: 'codestral-latest' }).state, 'closed');
    sim.clearFaults();
    await pause(420);
    assert.equal(rateLimits.pausedUntilMs(), 0);
    const text = await complete('export function lineT');
    assert.equal(sim.stats().requests.mistral - before, 2, 'asked right after retry-after');
    assert.ok(text && text.length > 0, 'ghost text is back');
  });

  it('slows down before a 429: the quota from the headers stretches the debounce, and a spent minute sends one probe per 5 s', async () => {
    const { complete, rateLimits } = stack();
    sim.setMistralLimits({ requestsPerMinute: 1_000_000 });
    await complete('export function x');
    assert.equal(rateLimits.debounceStretch(), 1);
    assert.ok(rateLimits.latest?.requestsPerMinute && rateLimits.latest.tokensPerMinute && rateLimits.latest.tokensPerMonth);
    const used = 1_000_000 - rateLimits.latest.requestsPerMinute.remaining;
    sim.setMistralLimits({ requestsPerMinute: used + 2 });
    await complete('export function xy');
    assert.ok(rateLimits.debounceStretch() > 1, `stretch ${rateLimits.debounceStretch()}`);
    await complete('export function xyz'); // takes the last request of the minute
    assert.equal(rateLimits.latest?.requestsPerMinute?.remaining, 0);
    assert.equal(rateLimits.debounceStretch(), 4, 'quota gone: the longest wait');
    const before = sim.stats().requests.mistral;
    await complete('export function xyzw');
    await complete('export function xyzwv');
    assert.equal(sim.stats().requests.mistral - before, 0, 'nothing sent into a spent quota');
    sim.setMistralLimits({ requestsPerMinute: 1_000_000 });
  });
});
