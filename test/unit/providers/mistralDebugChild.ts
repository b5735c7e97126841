/**
 * Run by sideChannels.test.ts in a child process with MISTRAL_DEBUG set: one FIM request through
 * either Tandem's Codestral client or (the control) the bare SDK, at a simulator in this process.
 * Whatever the SDK logs lands on this process's stdout/stderr, which the parent inspects.
 */
import { Mistral } from '@mistralai/mistralai';
import { createCodestralClient } from '../../../src/core/providers/codestral';
import { start } from '../../../src/simulator/server';

const [which, apiKey, prompt] = process.argv.slice(2) as [string, string, string];

async function main(): Promise<void> {
  const sim = await start({ quiet: true });
  try {
    if (which === 'bare') {
      const sdk = new Mistral({ apiKey, serverURL: sim.url });
      const stream = await sdk.fim.stream({ model: 'codestral-latest', prompt, suffix: '\n', maxTokens: 8 });
      for await (const event of stream) void event;
    } else {
      const client = createCodestralClient({ apiKey, baseUrl: sim.url, timeouts: { firstTokenMs: 60_000, totalMs: 60_000 } });
      const req = { model: 'codestral-latest', prompt, suffix: '\n', maxTokens: 8, stop: [], temperature: 0 };
      for await (const event of client.stream(req, new AbortController().signal)) void event;
    }
  } finally {
    await sim.close();
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`child failed: ${err instanceof Error ? err.name : 'error'}\n`);
    process.exit(1);
  },
);
