/**
 * Hostile inputs for `npm run bench -- redaction`:
 *
 * - nearMissInputs: for every rule's start literal or keyword, text made of that literal repeated with
 *   fillers that almost complete a match (token characters, separators, an opening quote, a BEGIN line
 *   with no END), so a backtracking rule shows its quadratic cost. worstMsPerMB = the slowest of those
 *   that stay near misses; the ones that turn out to be solid secrets are reported as dense inputs.
 * - hostileGlobs: repeated `**\/`, many `*`, nested braces, long character classes; globWorstMs = the
 *   slowest single `excludes()` call of a matcher holding one such pattern, on long near-miss paths.
 */
import { redactSecrets } from '../src/core/privacy/redact';
import { ExclusionMatcher } from '../src/core/privacy/exclusion';

const STARTS = [
  '-----BEGIN PRIVATE KEY-----\n',
  '-----BEGIN RSA PRIVATE KEY-----\\n" +\n"',
  'AKIA',
  'ASIA',
  'aws_secret_access_key=',
  'AIza',
  'GOCSPX-',
  'AccountKey=',
  '?sig=',
  'ghp_',
  'github_pat_',
  'glpat-',
  'xoxb-',
  'xoxe.xoxp-1-',
  'xapp-1-',
  'hooks.slack.com/services/',
  'sk_live_',
  'whsec_',
  'sk-ant-api03-',
  'sk-proj-',
  'sk-',
  'mistral_api_key=',
  'codestral',
  'hf_',
  'pypi-AgE',
  'npm_',
  ':_authToken=',
  'SK',
  'SG.',
  'eyJ',
  'eyJhbGciOi.eyJ',
  '://',
  '://a:',
  'redis://:',
  'https://',
  'Bearer ',
  'Basic ',
  'Token ',
  'api_key=',
  'password: ',
  'password="',
  'secret=',
  'token:',
  'key',
  'passwd',
  'PuTTY-User-Key-File-2: ssh-rsa\nPrivate-Lines: 9\n',
  'LS0tLS1CRUdJTi',
  'Private-Lines: 3\n',
  '--password ',
  '--user a:',
  'ya29.',
  '1//0',
  'kind: Secret\ndata:\n',
  'atlasv1.',
  'xoxe-1-',
  'data:image/png;base64,',
  'machine a login b password ',
  '<password>',
  '<a.password>a</a.password',
  'name="db.password" value="',
  'key="ApiKey">',
  'https://discord.com/api/webhooks/12345/',
  'dop_v1_',
  'shpat_',
];

const FILLERS = [
  'a',
  'a-',
  'a.',
  'a=',
  'a:',
  'a"',
  'a ',
  'a/',
  'a@',
  'A1',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'aaaaaaaa\n',
  '-',
  '',
];

const SIZE = 100 * 1024;

/** One input per (start literal, filler): the pair repeated to SIZE. */
export function nearMissInputs(): Array<{ name: string; text: string }> {
  const inputs: Array<{ name: string; text: string }> = [];
  for (const start of STARTS) {
    for (const filler of FILLERS) {
      const unit = start + filler;
      inputs.push({
        name: `${JSON.stringify(start)}+${JSON.stringify(filler)}`,
        text: unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE),
      });
      // The literal once, then a long run of the filler: one start that scans far.
      inputs.push({
        name: `${JSON.stringify(start)} then ${JSON.stringify(filler)}…`,
        text: (start + (filler || 'a').repeat(SIZE)).slice(0, SIZE),
      });
    }
  }
  return inputs;
}

export interface HostileCost {
  msPerMB: number;
  name: string;
  findings: number;
}

/**
 * Worst ms per MB of redactSecrets over the hostile inputs, in two classes: near misses (at most one
 * finding per KB: the text almost matches) and dense inputs (the text is itself thousands of real
 * secrets, so the cost is per finding: placeholder, numbering, output). Each input runs twice to warm
 * the regex engine's native code, then the fastest of five timed runs; the ten slowest of each class
 * are timed fifteen times more (fastest of twenty). On a shared machine load only ever adds time, and
 * the worst of 1,500 inputs would otherwise be whichever one a burst of load hit: the figure is the
 * rules' own cost.
 */
export function worstHostile(): { nearMiss: HostileCost; dense: HostileCost & { nsPerFinding: number } } {
  const nearMisses: Timed[] = [];
  const denses: Timed[] = [];
  for (const { name, text } of nearMissInputs()) {
    const findings = redactSecrets(text).count;
    redactSecrets(text);
    const timed = { name, text, findings, ms: fastestOf(5, text) };
    (findings > text.length / 1024 ? denses : nearMisses).push(timed);
  }
  const nearMiss = slowestConfirmed(nearMisses);
  const dense = slowestConfirmed(denses);
  return {
    nearMiss: { msPerMB: nearMiss.msPerMB, name: nearMiss.name, findings: nearMiss.findings },
    dense: {
      msPerMB: dense.msPerMB,
      name: dense.name,
      findings: dense.findings,
      nsPerFinding: (dense.ms * 1e6) / Math.max(1, dense.findings),
    },
  };
}

interface Timed {
  name: string;
  text: string;
  findings: number;
  ms: number;
}

function fastestOf(runs: number, text: string): number {
  let ms = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    redactSecrets(text);
    ms = Math.min(ms, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return ms;
}

function slowestConfirmed(all: Timed[]): Timed & { msPerMB: number } {
  const leaders = [...all].sort((a, b) => b.ms - a.ms).slice(0, 10);
  for (const t of leaders) t.ms = Math.min(t.ms, fastestOf(15, t.text));
  const worst = leaders.sort((a, b) => b.ms - a.ms)[0] ?? { name: '', text: '', findings: 0, ms: 0 };
  return { ...worst, msPerMB: worst.ms / (Math.max(1, worst.text.length) / (1024 * 1024)) };
}

export function hostileGlobs(): string[] {
  const globs: string[] = [];
  for (const n of [8, 16, 32]) {
    globs.push(
      '**/'.repeat(n) + 'x',
      'a/' + '**/'.repeat(n) + '*.pem',
      '*'.repeat(n) + 'x',
      'a*'.repeat(n) + 'b',
      '*a'.repeat(n) + '/**/' + '*b'.repeat(n),
    );
    globs.push('{a,{b,{c,' + '{d,'.repeat(n) + 'e' + '}'.repeat(n + 3), '?*'.repeat(n) + '.env', '**/a'.repeat(n) + '/**');
  }
  globs.push('[z-a]', '[' + 'a-z'.repeat(200) + ']*'.repeat(20), '\\'.repeat(100) + '*', '!'.repeat(50) + '**/**');
  return globs;
}

export function hostilePaths(): string[] {
  const deep = Array.from({ length: 60 }, () => 'a').join('/');
  return [
    deep + '/y',
    'a'.repeat(4000),
    ('a/'.repeat(200) + 'aaab').slice(0, 4000),
    'ab'.repeat(2000) + 'c',
    '.env/' + 'a/'.repeat(100) + 'x.pem',
    deep + '/x',
  ];
}

/**
 * Slowest check of a matcher holding one hostile pattern, and the pattern: per (pattern, path) one
 * warm-up check, then the median of three (a lone GC pause on a shared machine is not the matcher).
 */
export function worstGlob(): { ms: number; pattern: string } {
  let worst = { ms: 0, pattern: '' };
  for (const pattern of hostileGlobs()) {
    const matcher = new ExclusionMatcher([{ label: 'bench', patterns: [pattern] }]);
    for (const path of hostilePaths()) {
      matcher.excludes(path);
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = process.hrtime.bigint();
        matcher.excludes(path);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      const ms = times.sort((a, b) => a - b)[1]!;
      if (ms > worst.ms) worst = { ms, pattern };
    }
  }
  return worst;
}
