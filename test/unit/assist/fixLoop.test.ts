/** review → apply the fixes → re-review, through the real request builder, SDK, simulator and parser. */
import { strict as assert } from 'node:assert';
import Anthropic from '@anthropic-ai/sdk';
import { parseFindings } from '../../../src/core/assist/findings/findings';
import { applyEdits, planFixes, sealFixes } from '../../../src/core/assist/findings/fixes';
import { buildReviewRequest } from '../../../src/core/assist/prompt/prompts';
import { toolChoiceFor } from '../../../src/core/assist/findings/reviewTool';
import type { Finding } from '../../../src/core/assist/types';
import { redactSecrets } from '../../../src/core/privacy/redact';
import { start, type Simulator } from '../../../src/simulator/server';

const CODE = `export function load(id: string, cache: Map<string, string>): string | undefined {
  if (id == '') return undefined;
  console.log('loading', id);
  try {
    return cache.get(id);
  } catch (e) {
  }
  return undefined;
}
`;

describe('assist fix loop against the vendor simulator (real SDK)', () => {
  let sim: Simulator;
  let client: Anthropic;
  before(async () => {
    sim = await start({ port: 0, keys: ['test'] });
    client = new Anthropic({ apiKey: 'test', baseURL: sim.url, maxRetries: 0 });
  });
  after(async () => sim.close());

  async function review(text: string, model = 'claude-haiku-5-5'): Promise<Finding[]> {
    const req = buildReviewRequest({
      related: [],
      conventions: [],
      contextTokens: 12_000,
      maxTokens: 3000,
      target: { path: 'src/load.ts', languageId: 'typescript', text },
      scope: { kind: 'file' },
    });
    const msg = await client.messages.create({
      model,
      system: req.system,
      messages: req.messages,
      max_tokens: req.maxTokens,
      tools: req.tools!,
      tool_choice: toolChoiceFor(model),
    });
    const block = msg.content.find((b) => b.type === 'tool_use');
    assert.ok(block && block.type === 'tool_use');
    const parsed = parseFindings(block.input, req.scope);
    assert.equal(parsed.malformed, false);
    return sealFixes(
      parsed.findings,
      () => text,
      (t) => redactSecrets(t).text,
    );
  }

  it('proposes fixes for ==, console.log and an empty catch; applying them all leaves a clean re-review', async () => {
    const findings = await review(CODE);
    assert.deepEqual(
      findings.map((f) => [f.line, Boolean(f.fix?.originalHash)]),
      [
        [2, true],
        [3, true],
        [6, true],
      ],
    );
    const plan = planFixes(CODE, findings);
    assert.equal(plan.refused.length, 0);
    const fixed = applyEdits(CODE, plan.edits);
    assert.match(fixed, /id === ''/);
    assert.doesNotMatch(fixed, /console\.log/);
    assert.match(fixed, /catch \(e\) \{\n {4}console\.error\(e\);\n {2}\}/);
    assert.deepEqual(await review(fixed), []);
  });

  it('a fix over a line the developer changed since the review is refused, the others still apply', async () => {
    const findings = await review(CODE);
    const edited = CODE.replace("if (id == '')", 'if (id == null)');
    const plan = planFixes(edited, findings);
    assert.deepEqual(
      plan.refused.map((f) => f.line),
      [2],
    );
    assert.equal(plan.edits.length, 2);
    assert.match(applyEdits(edited, plan.edits), /if \(id == null\)/, 'the changed line is left as the developer wrote it');
  });
});
