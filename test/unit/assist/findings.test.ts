import { strict as assert } from 'node:assert';
import { findingsFromText, parseFindings } from '../../../src/core/assist/findings/findings';
import type { FindingScope } from '../../../src/core/assist/types';

const pyScope: FindingScope = { files: [{ path: 'billing/export.py', ranges: [{ startLine: 10, endLine: 30 }] }] };
const multiScope: FindingScope = {
  files: [
    { path: 'src/lib.rs', ranges: [{ startLine: 40, endLine: 52 }] },
    {
      path: 'src/main/java/app/Repo.java',
      ranges: [
        { startLine: 3, endLine: 9 },
        { startLine: 60, endLine: 64 },
      ],
    },
  ],
};

describe('parseFindings', () => {
  it('accepts a valid tool input object and maps it onto the reviewed file', () => {
    const r = parseFindings(
      {
        summary: 'Mostly fine;\n one bug.',
        findings: [
          { line: 14, endLine: 16, severity: 'error', message: 'except: pass hides the failed write; log it and re-raise.' },
          { line: 12, severity: 'info', message: 'Use an f-string.' },
        ],
      },
      pyScope,
    );
    assert.equal(r.malformed, false);
    assert.equal(r.summary, 'Mostly fine; one bug.');
    assert.deepEqual(r.findings, [
      { path: 'billing/export.py', line: 12, severity: 'info', message: 'Use an f-string.' },
      {
        path: 'billing/export.py',
        line: 14,
        endLine: 16,
        severity: 'error',
        message: 'except: pass hides the failed write; log it and re-raise.',
      },
    ]);
  });

  it('reads a JSON string with trailing text, and salvages complete findings from a truncated one', () => {
    const full = JSON.stringify({
      summary: 'Two issues.',
      findings: [{ line: 41, severity: 'warning', message: 'unwrap() panics on a bad header.', file: 'src/lib.rs' }],
    });
    const trailing = parseFindings(`${full}\n\nLet me know if you want fixes.`, multiScope);
    assert.equal(trailing.malformed, false);
    assert.equal(trailing.findings.length, 1);

    const cut =
      '{"summary": "Three issues in the repository {class}.", "findings": [' +
      '{"line": 5, "severity": "error", "message": "SQL built with \\"+\\" from user input; use a PreparedStatement.", "file": "src/main/java/app/Repo.java"},' +
      '{"line": 62, "severity": "warning", "message": "ResultSet is never closed.", "file": "Repo.java"},' +
      '{"line": 63, "severity": "info", "mess';
    const r = parseFindings(cut, multiScope);
    assert.equal(r.malformed, true);
    assert.equal(r.summary, 'Three issues in the repository {class}.');
    assert.deepEqual(
      r.findings.map((f) => [f.path, f.line, f.severity]),
      [
        ['src/main/java/app/Repo.java', 5, 'error'],
        ['src/main/java/app/Repo.java', 62, 'warning'],
      ],
    );
    assert.ok(r.findings[0]!.message.includes('"+"'));
  });

  it('drops wrong-typed and out-of-range findings, normalises severities, never throws', () => {
    const r = parseFindings(
      {
        summary: 7,
        findings: [
          { line: '44', severity: 'CRITICAL', text: 'no message field' },
          { line: '44', severity: 'High', message: 'Integer overflow on large inputs; use checked_add.' },
          { line: 99, severity: 'warning', message: 'Outside the reviewed lines.' },
          { line: 7, severity: 'warning', message: 'Line 7 is in the Java range only.' },
          { line: 50, severity: 'blocker', message: 'x'.repeat(500) },
          { line: 2.5, severity: 'info', message: 'Not an integer line.' },
          null,
          'line 3',
        ],
      },
      multiScope,
    );
    assert.equal(r.malformed, true);
    assert.equal(r.summary, '');
    assert.deepEqual(
      r.findings.map((f) => [f.path, f.line, f.severity, f.message.length <= 200]),
      [
        ['src/lib.rs', 44, 'error', true],
        ['src/lib.rs', 50, 'error', true],
        ['src/main/java/app/Repo.java', 7, 'warning', true],
      ],
    );
    for (const bad of [undefined, null, 42, 'not json at all', '[1,2]', '{"summary":', { findings: 'none' }]) {
      const p = parseFindings(bad, pyScope);
      assert.equal(p.malformed, true);
      assert.deepEqual(p.findings, []);
    }
  });

  it('folds a multi-line message into one short line', () => {
    const r = parseFindings(
      {
        summary: 'ok',
        findings: [{ line: 20, severity: 'warning', message: `  The loop\n  re-reads the file\n\n${'every time '.repeat(30)}` }],
      },
      pyScope,
    );
    const message = r.findings[0]!.message;
    assert.ok(!message.includes('\n') && message.length <= 200 && message.endsWith('…'), message);
    assert.ok(message.startsWith('The loop re-reads the file every time'));
  });

  it('reads the simulator-style malformed tool input without throwing', () => {
    const r = parseFindings({ summary: 2, findings: [{ line: '12', severity: 'critical', text: 'Loose equality.' }] }, pyScope);
    assert.deepEqual(r, { summary: '', findings: [], malformed: true });
  });
});

describe('findingsFromText', () => {
  it('extracts explicit line mentions from a prose review and keeps the first paragraph as summary', () => {
    const md = [
      '## Review',
      '',
      'The exporter works, but error handling needs attention.',
      '',
      '- **Line 14:** the bare `except` swallows a failed write — a silent data loss bug.',
      '- Lines 21-23 — consider naming the magic number 86400.',
      '- line 200: outside the selection.',
      'On line 12 the loop is fine.',
    ].join('\n');
    const r = findingsFromText(md, pyScope);
    assert.equal(r.summary, 'The exporter works, but error handling needs attention.');
    assert.deepEqual(
      r.findings.map((f) => [f.line, f.endLine, f.severity]),
      [
        [14, undefined, 'error'],
        [21, 23, 'info'],
      ],
    );
    assert.equal(r.malformed, true, 'the out-of-range mention was dropped');
  });

  it('returns only a summary when there are no line mentions', () => {
    const r = findingsFromText('Looks good to me. Nothing to report.', pyScope);
    assert.deepEqual(r, { summary: 'Looks good to me. Nothing to report.', findings: [], malformed: false });
  });
});
