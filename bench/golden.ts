/**
 * `npm run bench -- golden [--json]`: the golden completion corpus (test/golden) through the replay
 * path, with two baselines in the same run (the raw output shown unchanged; the raw output cut at its
 * first line break) and the request policy side by side: `filtered` (no `\n` stop, the stream filters
 * end the answer and the stream is left there — what Tandem sends) against `newline-stop` (`\n` sent as
 * a stop in single-line mode, as before). For each: pass rate, prompt and completion tokens per request,
 * and the time to the last token those tokens take at the stream pace below.
 */
import { join } from 'node:path';
import { cutStream } from '../src/core/completion/filters';
import { filterContextFor, replayCase, requestShapeFor, type Replayed } from '../src/core/completion/replay';
import { estimateTokens } from '../src/core/tokens';
import { loadedSyntaxProbe } from '../src/tools/toolSyntax';
import {
  isCutCase,
  isMultiLineCase,
  isUnchangedCase,
  loadGolden,
  passes,
  rawFirstLine,
  rawUnchanged,
  type GoldenCase,
} from '../src/tools/golden';
import { percentile, type BenchResult } from './table';

/** Stream pace for the time-to-last-token figure: first token, then tokens per second (Codestral-like). */
const TTFT_MS = 250;
const TOKENS_PER_SEC = 120;

type Policy = 'filtered' | 'newline-stop';

interface Scored {
  c: GoldenCase;
  pass: boolean;
}

export async function run(): Promise<BenchResult> {
  const cases = loadGolden(join(__dirname, '../test/golden'));
  const score = (produce: (c: GoldenCase) => Replayed): Scored[] => cases.map((c) => ({ c, pass: passes(c, produce(c)) }));
  const { probe, service } = await loadedSyntaxProbe(cases.map((c) => c.language));
  const tandem = score((c) => replayCase(c, undefined, 'filtered', probe));
  const withoutParser = score((c) => replayCase(c));
  const oldPolicy = score((c) => replayCase(c, undefined, 'newline-stop', probe));
  service.dispose();
  const raw = score(rawUnchanged);
  const firstLine = score(rawFirstLine);
  const rate = (s: Scored[], pick: (c: GoldenCase) => boolean = () => true): number => {
    const picked = s.filter((x) => pick(x.c));
    return picked.length ? picked.filter((x) => x.pass).length / picked.length : NaN;
  };
  const languages = [...new Set(cases.map((c) => c.language))].sort();
  const perLanguage: Record<string, Record<string, number>> = {};
  for (const lang of languages) {
    const of = (c: GoldenCase): boolean => c.language === lang;
    perLanguage[lang] = {
      cases: cases.filter(of).length,
      passRate: rate(tandem, of),
      rawPassRate: rate(raw, of),
      rawFirstLinePassRate: rate(firstLine, of),
    };
  }
  const cost = (policy: Policy): { prompt: number; completion: number; ttlt: number } => {
    const tokens = cases.map((c) => generatedTokens(c, policy));
    const completion = mean(tokens);
    return {
      prompt: mean(cases.map((c) => estimateTokens(c.prefix) + estimateTokens(c.suffix))),
      completion,
      ttlt: mean(tokens.map((t) => TTFT_MS + (t * 1000) / TOKENS_PER_SEC)),
    };
  };
  const needed = (mode: 'single' | 'multi'): number[] =>
    cases.filter((c) => filterContextFor(c.prefix, c.suffix, c.language).mode === mode).map((c) => tokensUntilStop(c, 'filtered'));
  const capped = cases.filter((c) => tokensUntilStop(c, 'filtered') > requestShapeFor(c).maxTokens).length;
  const now = cost('filtered');
  const before = cost('newline-stop');
  const figures = {
    cases: cases.length,
    languages: languages.length,
    passRate: rate(tandem),
    unchangedPassRate: rate(tandem, isUnchangedCase),
    multiLinePassRate: rate(tandem, isMultiLineCase),
    cutPassRate: rate(tandem, isCutCase),
    passRateWithoutParser: rate(withoutParser),
    rawUnchangedPassRate: rate(raw),
    rawFirstLinePassRate: rate(firstLine),
    newlineStopPassRate: rate(oldPolicy),
    promptTokensMean: now.prompt,
    completionTokensMean: now.completion,
    completionTokensMeanNewlineStop: before.completion,
    timeToLastTokenMsMean: now.ttlt,
    timeToLastTokenMsMeanNewlineStop: before.ttlt,
    tokensNeededP95Single: percentile(needed('single'), 95),
    tokensNeededMaxSingle: Math.max(...needed('single')),
    tokensNeededP95Multi: percentile(needed('multi'), 95),
    tokensNeededMaxMulti: Math.max(...needed('multi')),
    casesCutByMaxTokens: capped,
    perLanguage,
  };
  const rows = [
    {
      pipeline: 'Tandem (filtered, no \\n stop)',
      passRate: figures.passRate,
      unchanged: figures.unchangedPassRate,
      multiLine: figures.multiLinePassRate,
      cut: figures.cutPassRate,
      completionTokens: now.completion,
      ttltMs: now.ttlt,
    },
    {
      pipeline: 'Tandem filters without the parser (heuristics only)',
      passRate: rate(withoutParser),
      unchanged: rate(withoutParser, isUnchangedCase),
      multiLine: rate(withoutParser, isMultiLineCase),
      cut: rate(withoutParser, isCutCase),
      completionTokens: NaN,
      ttltMs: NaN,
    },
    {
      pipeline: 'Tandem filters, \\n stop in single mode',
      passRate: rate(oldPolicy),
      unchanged: rate(oldPolicy, isUnchangedCase),
      multiLine: rate(oldPolicy, isMultiLineCase),
      cut: rate(oldPolicy, isCutCase),
      completionTokens: before.completion,
      ttltMs: before.ttlt,
    },
    {
      pipeline: 'baseline: raw unchanged',
      passRate: rate(raw),
      unchanged: rate(raw, isUnchangedCase),
      multiLine: rate(raw, isMultiLineCase),
      cut: rate(raw, isCutCase),
      completionTokens: mean(cases.map((c) => estimateTokens(c.raw))),
      ttltMs: NaN,
    },
    {
      pipeline: 'baseline: raw cut at first newline',
      passRate: rate(firstLine),
      unchanged: rate(firstLine, isUnchangedCase),
      multiLine: rate(firstLine, isMultiLineCase),
      cut: rate(firstLine, isCutCase),
      completionTokens: NaN,
      ttltMs: NaN,
    },
    ...languages.map((lang) => ({
      pipeline: `  ${lang} (${perLanguage[lang]!.cases})`,
      passRate: perLanguage[lang]!.passRate!,
      unchanged: rate(tandem, (c) => c.language === lang && isUnchangedCase(c)),
      multiLine: rate(tandem, (c) => c.language === lang && isMultiLineCase(c)),
      cut: rate(tandem, (c) => c.language === lang && isCutCase(c)),
      completionTokens: NaN,
      ttltMs: NaN,
    })),
  ];
  const failed = tandem.filter((x) => !x.pass).map((x) => `${x.c.file} ${x.c.id}`);
  return {
    title: `Golden completion corpus: ${cases.length} cases, ${languages.length} languages`,
    rows,
    figures,
    notes: [
      `time to last token = ${TTFT_MS} ms + tokens generated / ${TOKENS_PER_SEC} tok/s; tokens generated = up to where the stream filters leave the stream (filtered) or the first line break (\\n stop)`,
      failed.length ? `failing: ${failed.join(', ')}` : 'no failing case',
    ],
  };
}

/** Tokens the model generates before the stream ends: at the `\n` stop, or where the filters leave the stream. */
function generatedTokens(c: GoldenCase, policy: Policy): number {
  return Math.min(requestShapeFor(c, policy).maxTokens, tokensUntilStop(c, policy));
}

/** The same without the max_tokens cap: what each mode's max_tokens must allow. */
function tokensUntilStop(c: GoldenCase, policy: Policy): number {
  const shape = requestShapeFor(c, policy);
  if (shape.stopAtNewline) return estimateTokens(c.raw.split('\n')[0]!);
  const ctx = filterContextFor(c.prefix, c.suffix, c.language);
  const lines = c.raw.split('\n');
  for (let n = 2; n <= lines.length; n++) {
    // The stream is read line by line; it is left as soon as a cut is found on the lines read so far.
    const seen = `${lines.slice(0, n).join('\n')}\n`;
    if (cutStream(seen, ctx).stopped) return estimateTokens(seen);
  }
  return estimateTokens(c.raw);
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}
