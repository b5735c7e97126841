/**
 * `npm run bench -- redaction [--json]`: secret redaction over test/fixtures/redaction.
 *
 * - recall: planted secrets fully removed / planted (removed = no 12-character run of the secret
 *   survives in the redacted file);
 * - falsePositiveRate: look-alikes altered / look-alikes listed in the manifest (altered = fewer
 *   verbatim copies after redaction than before);
 * - adversarialRecall / adversarialFalsePositiveRate: the same two scores on the generated corpus
 *   of test/fixtures/redaction-adversarial (credential files written from the formats' docs);
 * - worstMsPerMB: the slowest near-miss input (bench/redactionHostile.ts), per MB; denseWorstMsPerMB and
 *   denseNsPerFinding: the slowest hostile input that is itself full of real secrets (> 1 per KB);
 * - globWorstMs: the slowest single exclusion check with one hostile glob;
 * - msPer20KB: median time of redactSecrets on 20 KB prompts cut from the concatenated corpus at
 *   staggered offsets (secret-dense: far more candidates than ordinary code), after a warm-up.
 */
import { redactSecrets } from '../src/core/privacy/redact';
import { loadCorpus, scoreCorpus, type CorpusFile, type Tally } from '../test/fixtures/redaction/corpus';
import { loadAdversarialCorpus } from '../test/fixtures/redaction-adversarial/corpus';
import { worstGlob, worstHostile } from './redactionHostile';
import { percentile, type BenchResult } from './table';

const PROMPT_CHARS = 20 * 1024;
const TIMED_RUNS = 400;

export async function run(_argv: string[]): Promise<BenchResult> {
  const corpus = loadCorpus();
  const score = scoreCorpus(corpus, (t) => redactSecrets(t).text);
  const adversarial = scoreCorpus(loadAdversarialCorpus(), (t) => redactSecrets(t).text);
  const times = timePrompts(promptsFrom(corpus));
  const { nearMiss, dense } = worstHostile();
  const glob = worstGlob();
  const rows = [...tableRows('secret removed', score.secretsByKind), ...tableRows('look-alike altered', score.lookalikesByCategory)];
  return {
    title: `Secret redaction: ${corpus.length} files, ${count(score.secretsByKind)} planted secrets, ${count(score.lookalikesByCategory)} look-alikes`,
    rows,
    figures: {
      recall: score.recall,
      falsePositiveRate: score.falsePositiveRate,
      msPer20KB: percentile(times, 50),
      msPer20KBp95: percentile(times, 95),
      adversarialRecall: adversarial.recall,
      adversarialFalsePositiveRate: adversarial.falsePositiveRate,
      worstMsPerMB: nearMiss.msPerMB,
      denseWorstMsPerMB: dense.msPerMB,
      denseNsPerFinding: dense.nsPerFinding,
      globWorstMs: glob.ms,
    },
    notes: [
      `recall ${score.recall.toFixed(3)}, falsePositiveRate ${score.falsePositiveRate.toFixed(3)}, msPer20KB median ${percentile(times, 50).toFixed(3)} (p95 ${percentile(times, 95).toFixed(3)})`,
      `adversarial corpus: recall ${adversarial.recall.toFixed(3)}, falsePositiveRate ${adversarial.falsePositiveRate.toFixed(3)}`,
      `worst near-miss input: ${nearMiss.msPerMB.toFixed(1)} ms/MB on ${nearMiss.name} (${nearMiss.findings} findings)`,
      `worst dense input: ${dense.msPerMB.toFixed(1)} ms/MB on ${dense.name} (${dense.findings} findings, ${dense.nsPerFinding.toFixed(0)} ns each)`,
      `worst glob check: ${glob.ms.toFixed(2)} ms on ${JSON.stringify(glob.pattern.slice(0, 60))}`,
      ...score.missed.map((m) => `missed ${m.kind} in ${m.file}`),
      ...adversarial.missed.map((m) => `adversarial: missed ${m.kind} in ${m.file}`),
      ...adversarial.altered.map((a) => `adversarial: altered ${a.category} in ${a.file}: ${a.value.slice(0, 40)}`),
      ...score.altered.map((a) => `altered ${a.category} in ${a.file}: ${a.value.slice(0, 40)}`),
    ],
  };
}

function promptsFrom(corpus: CorpusFile[]): string[] {
  const all = corpus.map((f) => f.text).join('\n');
  const prompts: string[] = [];
  for (let offset = 0; offset < all.length; offset += 1500) {
    let prompt = all.slice(offset, offset + PROMPT_CHARS);
    while (prompt.length < PROMPT_CHARS) prompt += all.slice(0, PROMPT_CHARS - prompt.length);
    prompts.push(prompt);
  }
  return prompts;
}

function timePrompts(prompts: string[]): number[] {
  for (let i = 0; i < 100; i++) redactSecrets(prompts[i % prompts.length]!);
  const times: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    const started = process.hrtime.bigint();
    redactSecrets(prompts[i % prompts.length]!);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

/** One row per family (secrets) or category (look-alikes); `hit` is removed or altered respectively. */
function tableRows(what: string, tallies: Map<string, Tally>): Array<Record<string, string | number>> {
  return [...tallies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([family, t]) => ({ what, family, listed: t.total, hit: t.hit, rate: t.hit / t.total }));
}

function count(tallies: Map<string, Tally>): number {
  return [...tallies.values()].reduce((n, t) => n + t.total, 0);
}
