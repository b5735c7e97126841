import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { containsPlaceholder } from '../../../src/core/privacy/redact';
import type { SyntaxProbe } from '../../../src/core/completion/prepare';
import { replayCase as replayWithout, type ReplayCase } from '../../../src/core/completion/replay';
import {
  acceptedDocument,
  expectedDocument,
  isCutCase,
  isMultiLineCase,
  isUnchangedCase,
  loadGolden,
  passes,
  rawUnchanged,
} from '../../../src/tools/golden';
import { loadedSyntaxProbe } from '../../../src/tools/toolSyntax';

const CASES = loadGolden(join(__dirname, '../../golden'));
let probe: SyntaxProbe | undefined;
/** The replay path as the extension runs it once the language's grammar is loaded: with the parser. */
const replayCase = (c: ReplayCase): ReturnType<typeof replayWithout> => replayWithout(c, undefined, 'filtered', probe);

describe('golden completion corpus (test/golden, through the replay path, with the parser)', function () {
  this.timeout(60000);
  before(async () => {
    probe = (await loadedSyntaxProbe(CASES.map((c) => c.language))).probe;
  });

  it('is large and varied enough to mean something', () => {
    const languages = new Set(CASES.map((c) => c.language));
    assert.ok(CASES.length >= 250, `${CASES.length} cases`);
    assert.ok(languages.size >= 15, `${languages.size} languages`);
    for (const [name, pick] of [
      ['unchanged', isUnchangedCase],
      ['multi-line', isMultiLineCase],
      ['cut', isCutCase],
    ] as const) {
      assert.ok(CASES.filter(pick).length * 3 >= CASES.length, `a third ${name}`);
    }
    assert.ok(
      CASES.some((c) => replayCase(c).replace > 0),
      'some replace the closers right of the cursor',
    );
  });

  it('passes at least 95% of the cases and 98% of those to show unchanged', () => {
    const failed = CASES.filter((c) => !passes(c, replayCase(c)));
    const report = failed
      .map((c) => `${c.file} ${c.id}:\n  got ${JSON.stringify(replayCase(c))}\n  want ${JSON.stringify(c.expect)}`)
      .join('\n');
    assert.ok(failed.length <= CASES.length * 0.05, `${failed.length}/${CASES.length} failed:\n${report}`);
    const unchanged = CASES.filter(isUnchangedCase);
    assert.ok(unchanged.filter((c) => !passes(c, replayCase(c))).length <= unchanged.length * 0.02, report);
  });

  it('passes as many cases with the parser as with the heuristics alone (where no grammar is loaded)', () => {
    const withParser = CASES.filter((c) => passes(c, replayCase(c))).length;
    const without = CASES.filter((c) => passes(c, replayWithout(c))).length;
    assert.ok(withParser >= without, `with the parser ${withParser}, without ${without}`);
  });

  it('is not passed by showing the raw output unchanged (the corpus has teeth)', () => {
    const rawPass = CASES.filter((c) => acceptedDocument(c, rawUnchanged(c)) === expectedDocument(c)).length;
    assert.ok(rawPass <= CASES.length * 0.8, `${rawPass}/${CASES.length}`);
  });

  it('gives the same answers through `npm run replay` (the CLI prints completion and replace)', () => {
    const input = CASES.map((c) =>
      JSON.stringify({ prefix: c.prefix, suffix: c.suffix, language: c.language, raw: c.raw, truncated: c.truncated }),
    ).join('\n');
    const root = join(__dirname, '../../..');
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src/tools/replay.ts')], {
      input,
      cwd: root,
      encoding: 'utf8',
    });
    const printed = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { completion: string; replace: number });
    assert.equal(printed.length, CASES.length);
    CASES.forEach((c, i) => assert.deepEqual(printed[i], replayWithout(c, containsPlaceholder, 'filtered', probe), c.id));
    assert.ok(printed.some((p) => p.replace > 0));
  });
});
