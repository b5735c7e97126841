import { strict as assert } from 'node:assert';
import { buildExplainRequest, buildReviewRequest, type AssistRequest } from '../../../src/core/assist/prompt/prompts';
import { toolChoiceFor } from '../../../src/core/assist/findings/reviewTool';
import { toClaudeRequest } from '../../../src/core/assist/runAssist';
import type { ClaudeRequest } from '../../../src/core/providers/claude';
import { estimateTokens } from '../../../src/core/tokens';
import { ESLINTRC, GO_HANDLER, README, TYPES_TS, typescriptService } from './samples';

const target = { path: 'src/billing.ts', languageId: 'typescript', text: typescriptService(6) };
const common = {
  related: [{ path: 'src/types.ts', text: TYPES_TS }],
  conventions: [
    { path: '.eslintrc.json', text: ESLINTRC },
    { path: 'README.md', text: README },
  ],
  contextTokens: 12_000,
  maxTokens: 1500,
};

function breakpoints(req: AssistRequest): number {
  return [...req.system, ...req.messages.flatMap((m) => m.content)].filter((b) => b.cache_control).length;
}

/** The tool choice sent to `model` (thinking off, so a forced choice stays forced). */
function toolChoiceOf(model: string, req: AssistRequest): ClaudeRequest['toolChoice'] {
  return toClaudeRequest(model, req, (t) => t, { thinking: 'off', effort: 'high' }).toolChoice;
}

function questionOf(req: AssistRequest): string {
  return req.messages[0]!.content.map((b) => b.text).join('\n');
}

describe('explain and review requests', () => {
  it('explain: instructions and context are byte-identical across selections; only the question differs', () => {
    const a = buildExplainRequest({ ...common, target, range: { startLine: 5, endLine: 14 } });
    const b = buildExplainRequest({ ...common, target, range: { startLine: 29, endLine: 38 }, question: 'Why round here?' });
    assert.equal(a.system.length, 2);
    assert.equal(JSON.stringify(a.system), JSON.stringify(b.system));
    assert.deepEqual(
      a.system.map((s) => s.cache_control),
      [{ type: 'ephemeral' }, { type: 'ephemeral' }],
    );
    assert.notEqual(questionOf(a), questionOf(b));
    assert.equal(a.messages[0]!.content.at(-1)!.cache_control, undefined, 'the question carries no breakpoint');
    assert.ok(breakpoints(a) <= 4);
    assert.equal(a.tools, undefined);
    assert.ok(questionOf(b).includes('The developer asks: Why round here?'));
  });

  it('explain: the question names the lines and shows them behind the gutter', () => {
    const req = buildExplainRequest({ ...common, target, range: { startLine: 5, endLine: 7 } });
    assert.equal(
      questionOf(req),
      'Explain lines 5–7 of src/billing.ts (typescript).\n\nFile: src/billing.ts\n' +
        ' 5| export async function loadBatch0(path: string, rate: number): Promise<number> {\n' +
        " 6|   const raw = await readFile(path, 'utf8');\n" +
        ' 7|   const orders = JSON.parse(raw) as Order[];',
    );
    assert.ok(req.system[1]!.text.includes('<target_file path="src/billing.ts"'));
  });

  it('explain of the whole file moves the file from the context into the question', () => {
    const req = buildExplainRequest({ ...common, target });
    assert.ok(!req.system[1]!.text.includes('<target_file'));
    assert.ok(questionOf(req).startsWith('Explain the file src/billing.ts (typescript).'));
    assert.ok(questionOf(req).includes('74| }'));
  });

  it('estimates input tokens as the API counts them, and keeps the question within its budget', () => {
    const huge = { ...target, text: typescriptService(2000) };
    const req = buildExplainRequest({ ...common, contextTokens: 4000, target: huge, range: { startLine: 1, endLine: 24_000 } });
    const counted = [...req.system, ...req.messages[0]!.content].reduce((n, b) => n + estimateTokens(b.text), 0);
    assert.equal(req.estimatedInputTokens, counted);
    assert.ok(estimateTokens(questionOf(req)) <= 2200 + 40, `${estimateTokens(questionOf(req))}`);
    assert.ok(estimateTokens(req.system[1]!.text) <= 4000);
    assert.match(questionOf(req), /not shown \(token budget\)/);
  });

  it('review of a selection: tool, tool choice per model, scope = the selected lines', () => {
    const req = buildReviewRequest({
      ...common,
      maxTokens: 3000,
      target,
      scope: { kind: 'selection', startLine: 10, endLine: 20 },
    });
    assert.equal(req.tools![0]!.name, 'report_findings');
    assert.deepEqual(toolChoiceOf('claude-sonnet-5-5', req), { type: 'auto' });
    assert.deepEqual(req.scope, { files: [{ path: 'src/billing.ts', ranges: [{ startLine: 10, endLine: 20 }] }] });
    assert.ok(req.system[0]!.text.includes('Call the report_findings tool exactly once'));
    assert.ok(breakpoints(req) <= 4);
    const haiku = buildReviewRequest({ ...common, target, scope: { kind: 'file' } });
    assert.deepEqual(toolChoiceOf('claude-haiku-5-5', haiku), { type: 'tool', name: 'report_findings' });
    assert.deepEqual(haiku.scope.files[0]!.ranges, [{ startLine: 1, endLine: 74 }]);
  });

  it('one review request for every model: the tool choice is fitted on the way out', () => {
    const req = buildReviewRequest({ ...common, target, scope: { kind: 'file' } });
    assert.equal(req.toolChoice, undefined, 'the built request carries no per-model choice');
    const thinking = { thinking: 'adaptive', effort: 'high' } as const;
    assert.deepEqual(toClaudeRequest('claude-haiku-5-5', req, (t) => t, thinking).toolChoice, { type: 'auto' }, 'thinking: never forced');
    assert.deepEqual(
      toolChoiceOf('claude-haiku-5-5', { ...req, toolChoice: { type: 'none' } }),
      { type: 'none' },
      "the request's own wins",
    );
    assert.equal(toolChoiceOf('claude-haiku-5-5', buildExplainRequest({ ...common, target })), undefined, 'no tool, no choice');
  });

  it('forces the tool only on models known to allow it', () => {
    assert.deepEqual(toolChoiceFor('claude-opus-5-5'), { type: 'auto' });
    assert.deepEqual(toolChoiceFor('claude-sonnet-5-5'), { type: 'auto' });
    assert.deepEqual(toolChoiceFor('claude-some-future-model'), { type: 'auto' });
    assert.equal(toolChoiceFor('claude-haiku-5-5').type, 'tool');
    assert.equal(toolChoiceFor('claude-sonnet-4-6').type, 'tool');
    assert.equal(toolChoiceFor('claude-sonnet-5').type, 'tool');
  });

  it('review of Git changes numbers the new side of each hunk (TypeScript and Go)', () => {
    const tsDiff = [
      'diff --git a/src/billing.ts b/src/billing.ts',
      '--- a/src/billing.ts',
      '+++ b/src/billing.ts',
      '@@ -10,4 +10,5 @@ export async function loadBatch0(',
      '   const orders = JSON.parse(raw) as Order[];',
      '-  let total = 0;',
      '+  let total: any = 0;',
      '+  console.log(orders.length);',
      '   for (const order of orders) {',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const goDiff = '--- a/api/health.go\n+++ b/api/health.go\n@@ -5,0 +6,1 @@ func Health(\n+\t// TODO: check the database too\n';
    const req = buildReviewRequest({
      ...common,
      scope: {
        kind: 'changes',
        files: [
          { path: 'src/billing.ts', diff: tsDiff, text: target.text },
          { path: 'api/health.go', diff: goDiff, text: GO_HANDLER },
        ],
      },
    });
    const q = questionOf(req);
    assert.ok(q.startsWith('Review the uncommitted changes below (2 files).'));
    assert.ok(
      q.includes(
        [
          'File: src/billing.ts',
          '@@ -10,4 +10,5 @@ export async function loadBatch0(',
          '10|   const orders = JSON.parse(raw) as Order[];',
          '  |-  let total = 0;',
          '11|+  let total: any = 0;',
          '12|+  console.log(orders.length);',
          '13|   for (const order of orders) {',
        ].join('\n'),
      ),
    );
    assert.ok(q.includes('File: api/health.go\n@@ -5,0 +6,1 @@ func Health(\n6|+\t// TODO: check the database too'));
    assert.deepEqual(req.scope.files, [
      { path: 'src/billing.ts', ranges: [{ startLine: 10, endLine: 13 }] },
      { path: 'api/health.go', ranges: [{ startLine: 6, endLine: 6 }] },
    ]);
    assert.ok(req.system[1]!.text.includes('<file path="api/health.go">'), 'the changed files are context');
  });
});
