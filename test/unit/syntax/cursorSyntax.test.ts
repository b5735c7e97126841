import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { SyntaxService } from '../../../src/core/syntax/syntax';
import { loadedSyntaxProbe } from '../../../src/tools/toolSyntax';

const CURSOR = '█';

describe('cursor syntax (tree-sitter probe for the completion filters)', function () {
  this.timeout(30000);
  let service: SyntaxService;
  before(async () => {
    service = (await loadedSyntaxProbe(['typescript', 'python', 'go', 'yaml'])).service;
  });
  after(() => service.dispose());

  const probeAt = (languageId: string, marked: string, key = 'test'): ReturnType<SyntaxService['cursorProbe']> => {
    const at = marked.indexOf(CURSOR);
    return service.cursorProbe(languageId, marked.slice(0, at), marked.slice(at + 1), key);
  };

  it('knows the cursor is inside a string, a template literal or a comment, and not inside `${…}`', () => {
    assert.equal(probeAt('typescript', 'throw new Error("expected one of (█");\n')!.inLiteral, true);
    assert.equal(probeAt('typescript', 'const s = `a ${█}`;\n')!.inLiteral, false);
    assert.equal(probeAt('typescript', '// shape: {█\nexport const x = 1;\n')!.inLiteral, true);
    assert.equal(probeAt('typescript', 'if (ok) {█}\n')!.inLiteral, false);
  });

  it('finds an empty body at the cursor (braces, and a Python header with nothing after its colon)', () => {
    assert.equal(probeAt('typescript', 'function f(a: number) {█}\n')!.inEmptyBody, true);
    assert.equal(probeAt('typescript', 'function f(a: number) {\n  return a;█\n}\n')!.inEmptyBody, false);
    assert.equal(probeAt('go', 'func main() {\n\t█\n}\n')!.inEmptyBody, true);
    assert.equal(probeAt('python', 'def f(a):\n    █')!.inEmptyBody, true);
  });

  it('counts missing closers from the tree, where a regex or a string holds brackets', () => {
    const probe = probeAt('typescript', 'function indentAfter(line: string) {\n  if (/\\{\\s*$/.test(line)) {█\n}\n')!;
    assert.equal(probe.closerNeeded('\n    return 2;', '}'), true);
    const closed = probeAt('typescript', 'const re = /[{(]/;\n█')!;
    assert.equal(closed.closerNeeded('const x = 1;', '}'), false);
  });

  it('sees a dedented line of a template literal, a raw string or a triple-quoted string as text', () => {
    const ts = probeAt('typescript', 'function card() {\n  █\n}\n')!;
    assert.equal(ts.lineStartsInLiteral('return `\n<div>'), true);
    assert.equal(ts.lineStartsInLiteral('return 1;\n}'), false);
    const py = probeAt('python', 'def load(conn):\n    █')!;
    assert.equal(py.lineStartsInLiteral('rows = conn.execute("""\nSELECT 1'), true);
  });

  it('parses the next keystroke incrementally to the same answers as a fresh parse', () => {
    const text = 'function f(a: number) {\n  const s = "x";\n  █\n}\n';
    const typed = ['r', 'e', 't', 'u', 'r', 'n', ' ', '"', '{'];
    let doc = text;
    for (const ch of typed) {
      doc = doc.replace(CURSOR, ch + CURSOR);
      const incremental = probeAt('typescript', doc, 'same-document')!;
      const fresh = probeAt('typescript', doc, `fresh-${doc.length}`)!;
      assert.deepEqual([incremental.inLiteral, incremental.inEmptyBody], [fresh.inLiteral, fresh.inEmptyBody], doc);
    }
  });

  it('answers nothing, without throwing, for a grammar whose scanner this runtime cannot run (yaml)', () => {
    assert.equal(probeAt('yaml', 'server:\n  port: █\n'), undefined);
    assert.equal(probeAt('yaml', 'a: █\n'), undefined, 'remembered as unavailable');
  });

  it('never throws and stays fast on random code with the cursor anywhere (property)', () => {
    const pieces = [
      '{',
      '}',
      '(',
      ')',
      '"',
      "'",
      '`',
      '${',
      '/*',
      '*/',
      '//',
      '\n',
      '  ',
      'if (x) ',
      'return ',
      'a',
      ';',
      '"""',
      ':',
      'def f():',
    ];
    const started = Date.now();
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 60 }),
        fc.nat(),
        fc.constantFrom('typescript', 'python', 'go'),
        (parts, at, lang) => {
          const code = parts.join('');
          const cut = at % (code.length + 1);
          const probe = service.cursorProbe(lang, code.slice(0, cut), code.slice(cut), 'property');
          if (!probe) return;
          probe.closerNeeded('\n}', '}');
          probe.lineStartsInLiteral('x\n  y');
        },
      ),
      { numRuns: 300 },
    );
    assert.ok(Date.now() - started < 10000, `${Date.now() - started} ms`);
  });
});
