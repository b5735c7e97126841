import { strict as assert } from 'node:assert';
import { Mistral } from '@mistralai/mistralai';
import { HTTPClient } from '@mistralai/mistralai/lib/http';
import { SDKError } from '@mistralai/mistralai/models/errors';
import fc from 'fast-check';
import { estimateTokens } from '../../src/core/tokens';
import { FIM_CACHE_BLOCK_TOKENS, FIM_CACHE_TTL_MS, tokenStarts } from '../../src/simulator/mistral/fimCache';
import { createManualClock } from '../../src/simulator/server';
import { CODE_FILE, useSimulator } from './helpers';

const MODEL = 'codestral-latest';
const LONG_PROMPT = `+++++ src/pricing.ts\n${CODE_FILE.repeat(6)}\n\n+++++ src/cart.ts\nexport function cartLine(item: Item): number {\n  return `;

/** `prompt_tokens_details.cached_tokens` as the SDK hands it over (an extra field of UsageInfo). */
function cachedOf(usage: Record<string, unknown> | undefined): number {
  const details = usage?.['prompt_tokens_details'] as { cached_tokens?: number } | undefined;
  return details?.cached_tokens ?? -1;
}

async function fim(client: Mistral, prompt: string, promptCacheKey?: string): Promise<{ prompt: number; cached: number }> {
  const stream = await client.fim.stream({
    model: MODEL,
    prompt,
    suffix: '\n}\n',
    maxTokens: 8,
    ...(promptCacheKey ? { promptCacheKey } : {}),
  });
  let usage: Record<string, unknown> | undefined;
  for await (const e of stream) if (e.data.usage) usage = e.data.usage as Record<string, unknown>;
  return { prompt: Number(usage?.['promptTokens']), cached: cachedOf(usage) };
}

describe('simulator: Mistral prompt caching (FIM) over the real SDK', () => {
  const clock = createManualClock(Date.UTC(2026, 11, 2, 12, 0, 0));
  const { sim } = useSimulator({ clock });
  const client = (key = 'k1'): Mistral => new Mistral({ apiKey: key, serverURL: sim().url });

  it('a repeated prompt with the same prompt_cache_key reads whole 64-token blocks of it from the cache', async () => {
    const first = await fim(client(), LONG_PROMPT, 'key-a');
    const second = await fim(client(), `${LONG_PROMPT}item.qty`, 'key-a');
    assert.equal(first.cached, 0);
    assert.ok(second.cached > 0 && second.cached % FIM_CACHE_BLOCK_TOKENS === 0, `cached ${second.cached}`);
    assert.ok(
      second.cached <= second.prompt && second.prompt - second.cached < FIM_CACHE_BLOCK_TOKENS + 8,
      `prompt ${second.prompt}, cached ${second.cached}`,
    );
  });

  it('no key, another key, another API key, a changed beginning or an expired entry: nothing cached', async () => {
    await fim(client(), LONG_PROMPT, 'key-b');
    assert.equal((await fim(client(), LONG_PROMPT)).cached, 0, 'no prompt_cache_key');
    assert.equal((await fim(client(), LONG_PROMPT, 'key-c')).cached, 0, 'another prompt_cache_key');
    assert.equal((await fim(client('k2'), LONG_PROMPT, 'key-b')).cached, 0, 'another API key (workspace)');
    assert.equal((await fim(client(), `// changed\n${LONG_PROMPT}`, 'key-b')).cached, 0, 'changed first line');
    assert.ok((await fim(client(), LONG_PROMPT, 'key-b')).cached > 0, 'still live');
    clock.advance(FIM_CACHE_TTL_MS + 1);
    assert.equal((await fim(client(), LONG_PROMPT, 'key-b')).cached, 0, 'expired 5 min after its last use');
  });

  it('a prompt shorter than one block is never cached', async () => {
    await fim(client(), 'def f(', 'short');
    assert.equal((await fim(client(), 'def f(', 'short')).cached, 0);
  });

  it('tokenStarts agrees with estimateTokens on any text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'Z', '_', '1', ' ', '\t', '\n', '(', ')', '.', '=', 'é', '😀', '\r'), maxLength: 300 }),
        (text) => tokenStarts(text).length === estimateTokens(text),
      ),
      { numRuns: 300 },
    );
  });
});

describe('simulator: Mistral x-ratelimit headers and limits', () => {
  const clock = createManualClock(Date.UTC(2026, 11, 2, 12, 0, 0));
  const { sim } = useSimulator({ clock, mistralLimits: { requestsPerMinute: 3 } });

  it('every answer carries the x-ratelimit-* quota; over the limit a 429 with retry-after to the next minute, which then answers again', async () => {
    let headers = new Headers();
    const sdk = new Mistral({
      apiKey: 'k',
      serverURL: sim().url,
      httpClient: new HTTPClient({
        fetcher: async (input, init) => {
          const res = await fetch(input, init);
          headers = res.headers;
          return res;
        },
      }),
    });
    await sdk.fim.complete({ model: MODEL, prompt: 'def f(', suffix: '' });
    assert.equal(headers.get('x-ratelimit-limit-req-minute'), '3');
    assert.equal(headers.get('x-ratelimit-remaining-req-minute'), '2');
    assert.ok(Number(headers.get('x-ratelimit-remaining-tokens-minute')) > 0);
    assert.ok(Number(headers.get('x-ratelimit-tokens-query-cost')) > 0);
    await sdk.fim.complete({ model: MODEL, prompt: 'def f(' });
    await sdk.fim.complete({ model: MODEL, prompt: 'def f(' });
    const limited = await sdk.fim.complete({ model: MODEL, prompt: 'def f(' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(limited instanceof SDKError && limited.statusCode === 429);
    assert.equal(limited.headers.get('x-ratelimit-remaining-req-minute'), '0');
    assert.equal(limited.headers.get('retry-after'), '60');
    clock.advance(60_000);
    const again = await sdk.fim.complete({ model: MODEL, prompt: 'def f(' });
    assert.ok(again.choices.length === 1);
  });
});

describe('simulator: Codestral and general keys at their own endpoints', () => {
  const { sim } = useSimulator({ keyKinds: { codestral: ['codestral-key'], general: ['general-key'] } });
  const at = (path: string, key: string): Promise<unknown> =>
    new Mistral({ apiKey: key, serverURL: `${sim().url}${path}` }).fim.complete({ model: MODEL, prompt: 'def f(' }).then(
      () => 'ok',
      (e: unknown) => (e instanceof SDKError ? e.statusCode : e),
    );

  it('/codestral takes only Codestral keys, the root only general keys, each else a bare 401', async () => {
    assert.deepEqual(
      [
        await at('/codestral', 'codestral-key'),
        await at('/codestral', 'general-key'),
        await at('', 'general-key'),
        await at('', 'codestral-key'),
      ],
      ['ok', 401, 'ok', 401],
    );
  });
});
