import { strict as assert } from 'node:assert';
import { buildWorkspaceContext, splitContextBudget } from '../../../src/core/assist/prompt/context';
import { estimateTokens } from '../../../src/core/tokens';
import { EDITORCONFIG, ESLINTRC, PYPROJECT, README, TYPES_TS, typescriptService } from './samples';

const target = { path: 'src/billing.ts', languageId: 'typescript', text: typescriptService(3) };
const conventions = [
  { path: 'README.md', text: README },
  { path: '.eslintrc.json', text: ESLINTRC },
  { path: 'pyproject.toml', text: PYPROJECT },
  { path: '.editorconfig', text: EDITORCONFIG },
];
const related = [{ path: 'src/types.ts', text: TYPES_TS }];

describe('workspace context', () => {
  it('holds conventions, related files and the whole target when they fit, lint configs before the README', () => {
    const ctx = buildWorkspaceContext({ target, related, conventions, budget: splitContextBudget(12_000), gutter: false });
    assert.equal(ctx.truncated, false);
    assert.deepEqual(ctx.targetRange, { startLine: 1, endLine: target.text.split('\n').length - 1 });
    assert.ok(ctx.text.includes(target.text.trimEnd()));
    assert.ok(ctx.text.indexOf('.editorconfig') < ctx.text.indexOf('README.md'));
    assert.ok(ctx.text.indexOf('<conventions>') < ctx.text.indexOf('<related_files>'));
    assert.ok(ctx.text.indexOf('<related_files>') < ctx.text.indexOf('<target_file'));
  });

  it('keeps only the style tables of pyproject.toml', () => {
    const ctx = buildWorkspaceContext({ related: [], conventions, budget: splitContextBudget(12_000), gutter: false });
    assert.ok(ctx.text.includes('[tool.ruff.lint]') && ctx.text.includes('line-length = 100'));
    assert.ok(!ctx.text.includes('hatchling') && !ctx.text.includes('httpx'));
  });

  it('is byte-identical whatever order the files arrive in, and drops duplicates', () => {
    const budget = splitContextBudget(12_000);
    const a = buildWorkspaceContext({
      target,
      related: [...related, { path: 'src/a.ts', text: 'export const a = 1;\n' }],
      conventions,
      budget,
      gutter: true,
    });
    const b = buildWorkspaceContext({
      target,
      related: [{ path: 'src/a.ts', text: 'export const a = 1;\n' }, ...related, ...related],
      conventions: [...conventions].reverse(),
      budget,
      gutter: true,
    });
    assert.equal(a.text, b.text);
  });

  it('numbers the target with a right-aligned gutter for review', () => {
    const ctx = buildWorkspaceContext({ target, related: [], conventions: [], budget: splitContextBudget(12_000), gutter: true });
    const lines = ctx.text.split('\n');
    assert.ok(lines.includes(" 1| import { readFile } from 'node:fs/promises';"));
    assert.ok(lines.includes(' 5| export async function loadBatch0(path: string, rate: number): Promise<number> {'));
    assert.ok(lines.includes('38| }') && !ctx.text.includes('39|'));
  });

  it('respects each part budget, cutting whole lines and saying so', () => {
    const big = { path: 'src/big.ts', languageId: 'typescript', text: typescriptService(400) };
    const hugeReadme = { path: 'README.md', text: README.repeat(200) };
    const hugeRelated = [1, 2, 3].map((n) => ({ path: `src/dep${n}.ts`, text: typescriptService(100) }));
    const budget = { targetTokens: 1500, relatedTokens: 900, conventionsTokens: 300 };
    const ctx = buildWorkspaceContext({
      target: big,
      focus: { startLine: 2000, endLine: 2010 },
      related: hugeRelated,
      conventions: [hugeReadme],
      budget,
      gutter: true,
    });
    const section = (tag: string): string => ctx.text.slice(ctx.text.indexOf(`<${tag}`), ctx.text.indexOf(`</${tag}>`) + tag.length + 3);
    assert.ok(estimateTokens(section('target_file')) <= budget.targetTokens, `target ${estimateTokens(section('target_file'))}`);
    assert.ok(estimateTokens(section('related_files')) <= budget.relatedTokens, `related ${estimateTokens(section('related_files'))}`);
    assert.ok(estimateTokens(section('conventions')) <= budget.conventionsTokens, `conventions ${estimateTokens(section('conventions'))}`);
    assert.equal(ctx.truncated, true);
    assert.equal((ctx.text.match(/<file path="src\/dep\d\.ts">/g) ?? []).length, 3, 'every related file gets a share');
    assert.match(ctx.text, /… \d+ lines \(1–\d+\) not shown \(token budget\) …/);
    assert.match(ctx.text, /… \d+ lines more not shown/);
    const range = ctx.targetRange!;
    assert.ok(range.startLine < 2000 && range.endLine > 2010, JSON.stringify(range));
    for (const line of ctx.text.split('\n')) assert.ok(!line.startsWith('<file') || line.endsWith('">'), 'no line is cut in the middle');
  });

  it('keeps the window of a huge target stable for nearby selections (same cached bytes)', () => {
    const big = { path: 'src/big.ts', languageId: 'typescript', text: typescriptService(400) };
    const budget = splitContextBudget(6000);
    const at = (startLine: number): string =>
      buildWorkspaceContext({
        target: big,
        focus: { startLine, endLine: startLine + 8 },
        related: [],
        conventions: [],
        budget,
        gutter: true,
      }).text;
    assert.equal(at(2003), at(2030));
    assert.notEqual(at(2003), at(3500));
  });

  it('splits the setting 55/30/15 between target, related files and conventions', () => {
    assert.deepEqual(splitContextBudget(12_000), { targetTokens: 6600, relatedTokens: 3600, conventionsTokens: 1800 });
  });
});
