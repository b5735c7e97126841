import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseFindings } from '../../../src/core/assist/findings/findings';
import { applyEdits, fixEdit, linesHash, locateFix, needsPreview, planFixes, sealFixes } from '../../../src/core/assist/findings/fixes';
import type { Finding, FindingScope } from '../../../src/core/assist/types';

const SCOPE: FindingScope = { files: [{ path: 'src/a.ts', ranges: [{ startLine: 1, endLine: 6 }] }] };
const TEXT = ['function f(a, b) {', '  if (a == b) {', '    console.log(a);', '  }', '  return a;', '}'].join('\n');
const identity = (t: string): string => t;

function sealed(fix: Finding['fix'], text = TEXT): Finding {
  const [f] = sealFixes([{ path: 'src/a.ts', line: fix!.startLine, severity: 'warning', message: 'm', fix }], () => text, identity);
  return f!;
}

describe('assist/fixes', () => {
  it('parses a fix leniently: digit strings, missing endLine, other replacement keys, CRLF', () => {
    const parsed = parseFindings(
      {
        summary: 's',
        findings: [
          { line: 2, severity: 'warning', message: 'loose', fix: { startLine: '2', replacement: '  if (a === b) {\r\n' } },
          { line: 3, severity: 'info', message: 'log', fix: { startLine: 3, endLine: 3, code: '' } },
        ],
      },
      SCOPE,
    );
    assert.deepEqual(
      parsed.findings.map((f) => f.fix),
      [
        { startLine: 2, endLine: 2, replacement: '  if (a === b) {' },
        { startLine: 3, endLine: 3, replacement: '' },
      ],
    );
    assert.equal(parsed.malformed, false);
  });

  it('drops an unusable fix but keeps its finding, and says something was off', () => {
    const parsed = parseFindings(
      {
        summary: 's',
        findings: [
          { line: 2, severity: 'warning', message: 'outside', fix: { startLine: 2, endLine: 9, replacement: 'x' } },
          { line: 3, severity: 'warning', message: 'reversed', fix: { startLine: 3, endLine: 2, replacement: 'x' } },
          { line: 4, severity: 'warning', message: 'no text', fix: { startLine: 4, endLine: 4 } },
          { line: 5, severity: 'warning', message: 'none', fix: null },
        ],
      },
      SCOPE,
    );
    assert.deepEqual(
      parsed.findings.map((f) => [f.message, f.fix]),
      [
        ['outside', undefined],
        ['reversed', undefined],
        ['no text', undefined],
        ['none', undefined],
      ],
    );
    assert.equal(parsed.malformed, true);
  });

  it('never throws and never yields a fix outside the reviewed lines, whatever the model sends', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (fix, line) => {
        const parsed = parseFindings({ summary: 's', findings: [{ line, severity: 'error', message: 'x', fix }] }, SCOPE);
        for (const f of parsed.findings)
          if (f.fix) assert.ok(f.fix.startLine >= 1 && f.fix.endLine <= 6 && f.fix.startLine <= f.fix.endLine);
      }),
      { numRuns: 500 },
    );
  });

  it('seals a fix with the hash of its lines; drops no-op fixes and fixes over redacted lines', () => {
    assert.equal(sealed({ startLine: 2, endLine: 2, replacement: '  if (a === b) {' }).fix?.originalHash, linesHash(['  if (a == b) {']));
    assert.equal(sealed({ startLine: 2, endLine: 2, replacement: '  if (a == b) {' }).fix, undefined);
    assert.equal(sealed({ startLine: 6, endLine: 7, replacement: '' }).fix, undefined, 'past the end');
    const redacting = (t: string): string => t.replace('console', '[REDACTED]');
    const [f] = sealFixes(
      [{ path: 'src/a.ts', line: 3, severity: 'info', message: 'm', fix: { startLine: 3, endLine: 3, replacement: '' } }],
      () => TEXT,
      redacting,
    );
    assert.equal(f!.fix, undefined);
  });

  it('applies a one-line fix, deletes a line, and replaces several lines keeping CRLF', () => {
    const eq = sealed({ startLine: 2, endLine: 2, replacement: '  if (a === b) {' });
    assert.equal(applyEdits(TEXT, planFixes(TEXT, [eq]).edits), TEXT.replace('==', '==='));
    const del = sealed({ startLine: 3, endLine: 3, replacement: '' });
    assert.equal(applyEdits(TEXT, planFixes(TEXT, [del]).edits), TEXT.replace('    console.log(a);\n', ''));
    const crlf = TEXT.replace(/\n/g, '\r\n');
    const multi = sealed({ startLine: 2, endLine: 4, replacement: '  if (a === b) {\n    return b;\n  }' }, crlf);
    assert.equal(
      applyEdits(crlf, planFixes(crlf, [multi]).edits),
      crlf.replace('a == b) {\r\n    console.log(a);', 'a === b) {\r\n    return b;'),
    );
    assert.ok(needsPreview(multi.fix!));
    assert.ok(!needsPreview(eq.fix!));
  });

  it('refuses a fix whose lines changed; follows lines that only moved; refuses an ambiguous move', () => {
    const eq = sealed({ startLine: 2, endLine: 2, replacement: '  if (a === b) {' });
    assert.equal(locateFix(TEXT.replace('a == b', 'a == c'), eq.fix!), undefined);
    assert.deepEqual(locateFix(`// header\n${TEXT}`, eq.fix!), { startLine: 3, endLine: 3 });
    assert.deepEqual(locateFix(`${TEXT.replace('  if (a == b) {', '// moved')}\n  if (a == b) {`, eq.fix!), { startLine: 7, endLine: 7 });
    assert.equal(
      locateFix(`  if (a == b) {\n// x\n${TEXT.replace('  if (a == b) {', '//')}\n  if (a == b) {`, eq.fix!),
      undefined,
      'twice elsewhere: ambiguous',
    );
    const plan = planFixes(TEXT.replace('a == b', 'a == c'), [eq]);
    assert.deepEqual([plan.edits.length, plan.refused.length], [0, 1]);
  });

  it('fix all: overlapping fixes are refused, the rest applied in one pass', () => {
    const a = sealed({ startLine: 2, endLine: 4, replacement: '  if (a === b) {}' });
    const b = sealed({ startLine: 3, endLine: 3, replacement: '' });
    const c = sealed({ startLine: 5, endLine: 5, replacement: '  return b;' });
    const plan = planFixes(TEXT, [a, b, c]);
    assert.deepEqual(plan.refused, [b]);
    assert.equal(applyEdits(TEXT, plan.edits), ['function f(a, b) {', '  if (a === b) {}', '  return b;', '}'].join('\n'));
  });

  it('a line fix replaces exactly the covered lines, for any text and range (property)', () => {
    const line = fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ''));
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        fc.nat(),
        fc.nat(),
        fc.array(line, { maxLength: 3 }),
        (lines, crlf, a, b, repl) => {
          const start = (a % lines.length) + 1;
          const end = start + (b % (lines.length - start + 1));
          const eol = crlf ? '\r\n' : '\n';
          const text = lines.join(eol);
          const replacement = repl.join('\n');
          const out = applyEdits(text, [fixEdit(text, { startLine: start, endLine: end }, replacement, eol)]);
          const expected = [...lines.slice(0, start - 1), ...(replacement === '' ? [] : repl), ...lines.slice(end)];
          assert.equal(out, expected.join(eol));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
