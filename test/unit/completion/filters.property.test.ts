import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import fc from 'fast-check';
import { scanBrackets } from '../../../src/core/completion/brackets';
import { cutStream, finalizeCompletion, postprocess } from '../../../src/core/completion/filters';
import { filterContextFor } from '../../../src/core/completion/replay';
import { loadGolden } from '../../../src/tools/golden';

const CASES = loadGolden(join(__dirname, '../../golden'));

/** What the stream consumer shows when the raw text arrives in these chunks (as consume.ts reads it). */
function streamed(raw: string, cuts: number[], ctx: ReturnType<typeof filterContextFor>): string | undefined {
  let text = '';
  let from = 0;
  for (const at of [...cuts.filter((c) => c > 0 && c < raw.length).sort((a, b) => a - b), raw.length]) {
    text += raw.slice(from, at);
    from = at;
    const cut = cutStream(text, ctx);
    if (cut.stopped) return postprocess(cut.text, ctx, false)?.text;
  }
  return postprocess(cutStream(text, ctx, true).text, ctx, false)?.text;
}

describe('completion filters (properties)', () => {
  it('show the same text however the stream is chunked (every golden case, random chunkings)', function () {
    this.timeout(20000);
    const started = performance.now();
    fc.assert(
      fc.property(fc.constantFrom(...CASES), fc.array(fc.nat(400), { maxLength: 12 }), (c, cuts) => {
        const ctx = filterContextFor(c.prefix, c.suffix, c.language);
        assert.equal(streamed(c.raw, cuts, ctx), finalizeCompletion(c.raw, ctx)?.text, c.id);
      }),
      { numRuns: 400 },
    );
    assert.ok(performance.now() - started < 15000);
  });

  it('never throw, and replace at most the rest of the cursor line, on arbitrary code and output', function () {
    this.timeout(20000);
    const code = fc.string({
      unit: fc.constantFrom(
        'a',
        ' ',
        '\n',
        '\t',
        '(',
        ')',
        '{',
        '}',
        '[',
        ']',
        '"',
        "'",
        '`',
        ';',
        ',',
        ':',
        '#',
        '/',
        '*',
        '<',
        '>',
        '=',
        'end',
        'def ',
        '"""',
      ),
      maxLength: 80,
    });
    fc.assert(
      fc.property(
        code,
        code,
        code,
        fc.constantFrom('typescript', 'python', 'go', 'ruby', 'css', 'yaml', 'shellscript'),
        (prefix, suffix, raw, lang) => {
          const ctx = filterContextFor(prefix, suffix, lang);
          const shown = finalizeCompletion(raw, ctx);
          if (shown)
            assert.ok(shown.replace >= 0 && shown.replace <= ctx.lineSuffix.length, JSON.stringify({ prefix, suffix, raw, shown }));
          const state = scanBrackets(prefix + raw, lang);
          assert.ok(state.stack.every((ch) => '([{'.includes(ch)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
