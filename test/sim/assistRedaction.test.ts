import { strict as assert } from 'node:assert';
import { buildExplainRequest, buildReviewRequest, type AssistRequest, type ReviewInput } from '../../src/core/assist/prompt/prompts';
import { redactText } from '../../src/core/assist/prompt/redactInputs';
import { runAssist, toClaudeRequest, type AssistDeps } from '../../src/core/assist/runAssist';
import type { ChangedFile } from '../../src/core/assist/prompt/questions';
import type { SourceFile, TargetFile } from '../../src/core/assist/types';
import { createClaudeClient } from '../../src/core/providers/claude';
import { start, type Simulator } from '../../src/simulator/server';
import { anthropicKey, corpusFiles, leaked, pemKey, redactedCorpusText, seeded, stringsOf } from '../harness/secretProbe';
import { startWireRecorder, type WireRecorder } from '../harness/wireRecorder';

const MODEL = 'claude-sonnet-5-5';
const rng = seeded(12);
const pem = pemKey(rng, 25);
const antKey = anthropicKey(rng);
const oldKey = anthropicKey(rng);
const planted = [...pem.bodyLines, antKey, oldKey];

const TARGET_TEXT = [
  "import { connect } from './db';",
  '',
  `const SIGNING_KEY = \`${pem.text}\`;`,
  '',
  `export const client = connect({ apiKey: "${antKey}" });`,
  '',
  'export function sign(payload: string): string {',
  '  return connect.sign(payload, SIGNING_KEY);',
  '}',
  '',
].join('\n');
const TARGET: TargetFile = { path: 'src/signing.ts', languageId: 'typescript', text: TARGET_TEXT };
const KEY_LINE = 4; // the BEGIN line is line 3, the body lines 4..28

const corpus = corpusFiles();
const corpusSecrets = corpus.flatMap((f) => f.secrets);
const PUBLIC = redactedCorpusText();
const related: SourceFile[] = corpus.map((f) => ({ path: f.path, text: f.text }));
const common = { model: MODEL, related, conventions: [{ path: 'README.md', text: TARGET_TEXT }], contextTokens: 150_000, maxTokens: 512 };

/** A working-tree diff adding the key, and a staged rename whose old side removes another. */
function changes(): ChangedFile[] {
  const added = TARGET_TEXT.split('\n').map((l) => `+${l}`);
  const newFile = [
    'diff --git a/src/signing.ts b/src/signing.ts',
    '--- a/src/signing.ts',
    '+++ b/src/signing.ts',
    `@@ -0,0 +1,${added.length} @@`,
    ...added,
    '',
  ].join('\n');
  const old = pemKey(seeded(99), 20);
  planted.push(...old.bodyLines);
  const removed = [`const LEGACY = "${oldKey}";`, ...old.text.split('\n')].map((l) => `-${l}`);
  const rename = [
    'diff --git a/config/legacy.ts b/config/current.ts',
    'similarity index 60%',
    'rename from config/legacy.ts',
    'rename to config/current.ts',
    '--- a/config/legacy.ts',
    '+++ b/config/current.ts',
    `@@ -1,${removed.length + 1} +1,2 @@`,
    ' export const region = "eu";',
    ...removed,
    '+export const key = process.env.KEY;',
    '',
  ].join('\n');
  return [
    { path: 'src/signing.ts', diff: newFile, text: TARGET_TEXT },
    { path: 'config/current.ts', diff: rename, text: 'export const region = "eu";\nexport const key = process.env.KEY;\n' },
  ];
}

function requests(): Array<[string, () => AssistRequest]> {
  const review = (input: Omit<ReviewInput, keyof typeof common>) => () => buildReviewRequest({ ...common, ...input } as ReviewInput);
  return [
    [
      'explain selection starting inside the key',
      () => buildExplainRequest({ ...common, target: TARGET, range: { startLine: KEY_LINE + 3, endLine: KEY_LINE + 30 } }),
    ],
    [
      'explain selection of the key',
      () => buildExplainRequest({ ...common, target: TARGET, range: { startLine: 3, endLine: 5 }, question: 'what is this?' }),
    ],
    ['explain whole file', () => buildExplainRequest({ ...common, target: TARGET })],
    ['review selection', review({ target: TARGET, scope: { kind: 'selection', startLine: KEY_LINE + 10, endLine: 29 } })],
    ['review file', review({ target: TARGET, scope: { kind: 'file' } })],
    ['review changes and staged rename', review({ scope: { kind: 'changes', files: changes() } })],
  ];
}

describe('assist requests carry no secret (real builders, real SDK, bytes on the wire)', function () {
  this.timeout(60_000);
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

  it('the planted secrets are in the raw inputs (the probe can see them)', () => {
    assert.ok(corpusSecrets.length > 50, `${corpusSecrets.length} corpus secrets`);
    assert.deepEqual(leaked(planted.slice(0, 27), TARGET_TEXT), planted.slice(0, 27));
  });

  for (const [name, build] of requests()) {
    it(name, async () => {
      wire.requests.length = 0;
      const claude = createClaudeClient({ apiKey: 'sim-key', baseUrl: wire.url, timeouts: { firstTokenMs: 30_000 } });
      const deps: AssistDeps = { router: passThrough(), claude: () => claude, redact: redactText };
      const task = name.startsWith('explain') ? 'explain' : 'review';
      await runAssist({ task, request: build(), firstModel: MODEL, deps, signal: new AbortController().signal });
      assert.equal(wire.requests.length, 1);
      const sent = stringsOf(wire.requests[0]!.body);
      assert.ok(sent.includes('⟦secret:'), 'placeholders are sent in place of the secrets');
      assert.deepEqual(leaked([...planted, ...corpusSecrets], sent, PUBLIC), []);
    });
  }

  it('every corpus file as the target of every explain/review shape: nothing leaks', () => {
    for (const file of corpus) {
      const target: TargetFile = { path: file.path, languageId: 'plaintext', text: file.text };
      const lines = file.text.split('\n').length;
      const shapes: AssistRequest[] = [];
      const starts = spread(lines, 16);
      for (const start of starts) {
        const range = { startLine: start, endLine: Math.min(lines, start + 4) };
        shapes.push(buildExplainRequest({ ...common, related: [], target, range }));
        shapes.push(buildReviewRequest({ ...common, related: [], target, scope: { kind: 'selection', ...range } }));
      }
      shapes.push(buildReviewRequest({ ...common, related: [], target, scope: { kind: 'file' } }));
      for (const start of starts)
        shapes.push(
          buildReviewRequest({
            ...common,
            related: [],
            scope: { kind: 'changes', files: [{ path: file.path, diff: hunkAt(file.text, start) }] },
          }),
        );
      for (const req of shapes) {
        const sent = JSON.stringify(toClaudeRequest(MODEL, req, (t) => t));
        assert.deepEqual(leaked(file.secrets, stringsOf(sent), PUBLIC), [], file.path);
      }
    }
  });
});

/** Up to `n` start lines spread over 1..lines (every line of a short file). */
function spread(lines: number, n: number): number[] {
  if (lines <= n) return Array.from({ length: lines }, (_, i) => i + 1);
  return Array.from({ length: n }, (_, i) => 1 + Math.floor((i * lines) / n) + (i % 3));
}

/** A one-hunk diff of `text` starting at `start` (1-based): three context lines, one line changed, three more. */
function hunkAt(text: string, start: number): string {
  const lines = text.split('\n').slice(start - 1, start + 6);
  const body = lines.flatMap((l, i) => (i === 3 ? [`-${l}`, `+${l} // edited`] : [` ${l}`]));
  return [`--- a/f`, `+++ b/f`, `@@ -${start},${lines.length} +${start},${lines.length} @@`, ...body].join('\n');
}

/** The router's contract without its policy: the one route, invoked at once. */
function passThrough(): AssistDeps['router'] {
  return {
    stream: (req, invoke) => ({
      recordId: 'r1',
      route: Promise.resolve({ provider: 'anthropic', model: MODEL }),
      events: invoke({ provider: 'anthropic', model: MODEL }, req.signal),
    }),
  };
}
