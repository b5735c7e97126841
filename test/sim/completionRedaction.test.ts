import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { WorkspaceContext } from '../../src/core/completion/context/gather';
import type { OpenDocument } from '../../src/core/completion/context/snippet';
import { documentFromText, type Cursor, type DocumentView } from '../../src/core/completion/document';
import { prepareRequest } from '../../src/core/completion/prepare';
import { createRoutedEngine } from '../../src/core/completion/routed';
import { DEFAULT_COMPLETION_SETTINGS, type CompletionSettings } from '../../src/core/completion/settings';
import { windowAround } from '../../src/core/completion/window';
import { silentLog } from '../../src/core/log';
import { NoticeBoard } from '../../src/core/notices';
import { redactSecrets } from '../../src/core/privacy/redact';
import { createCodestralClient } from '../../src/core/providers/codestral';
import { Budgets } from '../../src/core/router/budgets';
import { DEFAULT_PRICES } from '../../src/core/router/pricing';
import { Router } from '../../src/core/router/router';
import { DEFAULT_ROUTES } from '../../src/core/router/routes';
import { start, type Simulator } from '../../src/simulator/server';
import { FakeLedger } from '../unit/router/fakes';
import { anthropicKey, corpusFiles, leaked, pemKey, redactedCorpusText, seeded, stringsOf } from '../harness/secretProbe';
import { startWireRecorder, type WireRecorder } from '../harness/wireRecorder';

const redact = (text: string): string => redactSecrets(text).text;
const CODE = [
  'export function total(items: Item[]): number {',
  '  let sum = 0;',
  '  for (const item of items) sum += item.price * item.qty;',
  '  return sum;',
  '}',
  '',
];

interface Planted {
  text: string;
  secrets: string[];
  /** Line range [first, last] of the secret in `text`, and the line and column span of its body. */
  firstLine: number;
  lastLine: number;
}

/** Code, then a secret (a PEM block in a template string, or an sk-ant key on one line), then code. */
function plant(seed: number, kind: 'pem' | 'ant', codeAbove: number, codeBelow: number): Planted {
  const rng = seeded(seed);
  const above = Array.from({ length: codeAbove }, (_, i) => CODE[i % CODE.length]!);
  const below = Array.from({ length: codeBelow }, (_, i) => CODE[(i + 3) % CODE.length]!);
  if (kind === 'pem') {
    const key = pemKey(rng, 10 + Math.floor(rng() * 60));
    const lines = `const SIGNING_KEY = \`${key.text}\`;`.split('\n');
    return {
      text: [...above, ...lines, ...below].join('\n'),
      secrets: key.bodyLines,
      firstLine: above.length,
      lastLine: above.length + lines.length - 1,
    };
  }
  const key = anthropicKey(rng);
  return {
    text: [...above, `const client = new Anthropic({ apiKey: "${key}" });`, ...below].join('\n'),
    secrets: [key],
    firstLine: above.length,
    lastLine: above.length,
  };
}

function openDoc(path: string, text: string): OpenDocument {
  const doc = documentFromText(path, 'typescript', text);
  return { ...doc, version: 1 };
}

async function prepared(
  doc: DocumentView,
  cursor: Cursor,
  others: OpenDocument[],
  settings: CompletionSettings,
  edits: Array<{ path: string; line: number }>,
): Promise<string> {
  const context = new WorkspaceContext({ openDocuments: () => others, isExcluded: () => false });
  for (const e of edits) context.recentEdits.noteEdit(e.path, e.line, 0);
  const window = windowAround(doc, cursor, settings);
  const deps = { context, redact, redactRepeated: redact };
  const req = await prepareRequest(deps, doc, cursor, window, settings, new AbortController().signal);
  assert.ok(req);
  return `${req.request.prompt}\n${req.request.suffix}`;
}

describe('completion requests carry no secret', function () {
  this.timeout(120_000);

  it('property: cursor and window edges at random offsets inside a planted secret', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer(),
          kind: fc.constantFrom<'pem' | 'ant'>('pem', 'ant'),
          above: fc.integer({ min: 0, max: 120 }),
          below: fc.integer({ min: 0, max: 40 }),
          lineAt: fc.double({ min: 0, max: 1, noNaN: true }),
          charAt: fc.double({ min: 0, max: 1, noNaN: true }),
          prefixTokens: fc.integer({ min: 8, max: 2000 }),
          suffixTokens: fc.integer({ min: 8, max: 600 }),
          editAt: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        async (p) => {
          const doc = plant(p.seed, p.kind, p.above, p.below);
          const other = plant(p.seed ^ 0x5a5a, p.kind === 'pem' ? 'ant' : 'pem', p.below, p.above);
          const lines = doc.text.split('\n');
          const line = doc.firstLine + Math.floor(p.lineAt * (doc.lastLine - doc.firstLine + 1));
          const cursor = { line, character: Math.floor(p.charAt * (lines[line]!.length + 1)) };
          const current = documentFromText('src/current.ts', 'typescript', doc.text);
          // The other editor shares identifiers with the cursor's neighbourhood, so its windows are candidates.
          const others = [openDoc('src/other.ts', other.text)];
          const edits = [{ path: 'src/other.ts', line: other.firstLine + Math.floor(p.editAt * (other.lastLine - other.firstLine + 1)) }];
          const settings = {
            ...DEFAULT_COMPLETION_SETTINGS,
            prefixTokens: p.prefixTokens,
            suffixTokens: p.suffixTokens,
            contextTokens: 4000,
          };
          const sent = await prepared(current, cursor, others, settings, edits);
          assert.deepEqual(leaked([...doc.secrets, ...other.secrets], sent), []);
        },
      ),
      { numRuns: 300, interruptAfterTimeLimit: 30_000, seed: 1207 },
    );
    assert.ok(Date.now() - started < 60_000);
  });

  it('a prefix window that starts inside a key longer than the redaction margin', async () => {
    const key = pemKey(seeded(5), 200);
    const text = ['const a = 1;', key.text, 'function f() {', '  return a;', '}'].join('\n');
    const doc = documentFromText('k.ts', 'typescript', text);
    const cursor = { line: 203, character: 10 };
    const settings = { ...DEFAULT_COMPLETION_SETTINGS, prefixTokens: 600 };
    assert.ok(windowAround(doc, cursor, settings).firstLine > 1, 'the window starts inside the key');
    assert.deepEqual(leaked(key.bodyLines, await prepared(doc, cursor, [], settings, [])), []);
  });

  describe('on the wire (routed engine, real Mistral SDK, simulator)', () => {
    let sim: Simulator;
    let wire: WireRecorder;
    before(async () => {
      sim = await start({ quiet: true });
      wire = await startWireRecorder(sim.url);
    });
    after(async () => {
      await wire.close();
      await sim.close();
    });

    it('every corpus file, with the cursor at spread positions, and an sk-ant key cut by the cursor', async () => {
      const corpus = corpusFiles();
      const others = corpus.map((f) => openDoc(`other/${f.path}`, f.text));
      const context = new WorkspaceContext({ openDocuments: () => others, isExcluded: () => false });
      const ledger = new FakeLedger();
      const router = new Router({
        routes: DEFAULT_ROUTES,
        prices: DEFAULT_PRICES,
        budgets: new Budgets({ spend: ledger, limits: { dailyUsd: 100 } }),
        ledger,
        log: silentLog,
        sleep: async () => undefined,
      });
      const client = createCodestralClient({ apiKey: 'sim-key', baseUrl: wire.url, timeouts: { firstTokenMs: 30_000, totalMs: 60_000 } });
      const settings = {
        ...DEFAULT_COMPLETION_SETTINGS,
        prefixTokens: 300,
        suffixTokens: 200,
        contextTokens: 3000,
        debounceMinMs: 1,
        debounceMaxMs: 2,
      };
      const engine = createRoutedEngine({
        router,
        codestral: () => client,
        ledger,
        context,
        settings: () => settings,
        log: silentLog,
        notices: new NoticeBoard(() => undefined),
      });
      const key = anthropicKey(seeded(77));
      const docs = [
        ...corpus,
        {
          path: 'src/anthropic.ts',
          text: `import Anthropic from '@anthropic-ai/sdk';\nconst c = new Anthropic({ apiKey: "${key}" });\n`,
          secrets: [key],
        },
      ];
      for (const file of docs) {
        const doc = documentFromText(file.path, 'typescript', file.text);
        const lines = file.text.split('\n');
        for (const line of [0, Math.floor(lines.length / 3), Math.floor(lines.length / 2), lines.length - 1]) {
          const character = Math.min(lines[line]!.length, file.path === 'src/anthropic.ts' ? 60 : Math.floor(lines[line]!.length / 2));
          context.recentEdits.noteEdit(`other/${corpus[line % corpus.length]!.path}`, line, 0);
          await engine.complete({ doc, cursor: { line, character }, trigger: 'manual' }, new AbortController().signal);
        }
      }
      engine.dispose();
      assert.ok(wire.requests.length >= docs.length, `${wire.requests.length} requests sent`);
      const sent = wire.requests.map((r) => stringsOf(r.body)).join('\n');
      assert.ok(sent.includes('⟦secret:'), 'placeholders were sent');
      assert.deepEqual(leaked([...corpus.flatMap((f) => f.secrets), key], sent, redactedCorpusText()), []);
    });
  });
});
