/**
 * Which files Tandem never reads for a prompt. Patterns come in sources, each evaluated on its own
 * (within a source the last matching pattern wins and `!pattern` re-includes, as in .gitignore), and a
 * file is excluded when any source excludes it:
 *
 * - the user's own settings: the built-in DEFAULT_EXCLUDE_GLOBS, then the user-level globs, which may
 *   re-include a built-in (`!.env.example`);
 * - the workspace's settings and its `.tandemignore`, which travel with a cloned repository: they can
 *   only add exclusions, their `!` lines undo their own earlier lines, never the user's, so a cloned
 *   repository cannot re-include `.env` or private keys.
 */
import { compileGlob, type CompiledGlob } from './glob';

export const DEFAULT_EXCLUDE_GLOBS: readonly string[] = [
  '*.env',
  '.env',
  '.env.*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.keystore',
  '*.jks',
  '*.gpg',
  '*.asc',
  '*.kdbx',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.pgpass',
  '.git-credentials',
  '.htpasswd',
  '**/.aws/credentials',
  '**/.aws/config',
  '**/.docker/config.json',
  '**/.kube/config',
  '*.kubeconfig',
  '**/.ssh/*',
  'credentials.json',
  'service-account*.json',
  'secrets.*',
  '*.secrets',
  '*.tfvars',
  '*.tfstate',
  '*.tfstate.*',
  '.vault-token',
];

export interface ExclusionVerdict {
  excluded: boolean;
  /** For an exclusion: the pattern and where it came from. */
  reason?: string;
}

/** One list of patterns and the label that names it in a verdict's reason. */
export interface ExclusionSource {
  label: string;
  patterns: readonly string[];
}

export class ExclusionMatcher {
  private readonly sources: Array<{ label: string; rules: CompiledGlob[] }>;

  constructor(sources: readonly ExclusionSource[]) {
    this.sources = sources.map((s) => ({ label: s.label, rules: compileAll(s.patterns) }));
  }

  /** `relativePath` is relative to the workspace folder; `\` and a leading `./` or `/` are accepted. */
  excludes(relativePath: string): ExclusionVerdict {
    const path = normalize(relativePath);
    for (const { label, rules } of this.sources) {
      const match = lastMatch(rules, path);
      if (match && !match.negated) return { excluded: true, reason: `matches "${match.source}" (${label})` };
    }
    return { excluded: false };
  }
}

/** The patterns of a gitignore-like file: no comments, blank lines or unescaped trailing spaces. */
export function parseIgnoreFile(text: string): string[] {
  const patterns: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?<!\\)\s+$/, '').replace(/\\(\s)$/, '$1');
    if (line === '' || line.startsWith('#') || line === '!') continue;
    patterns.push(line);
  }
  return patterns;
}

function compileAll(patterns: readonly string[]): CompiledGlob[] {
  return patterns.map((p) => p.trim()).filter((p) => p !== '' && p !== '!').map(compileGlob);
}

function lastMatch(rules: CompiledGlob[], path: string): CompiledGlob | undefined {
  for (let i = rules.length - 1; i >= 0; i--) {
    if (rules[i]!.regex.test(path)) return rules[i];
  }
  return undefined;
}

function normalize(relativePath: string): string {
  return relativePath.replace(/\\/g, '/').replace(/^(?:\.\/|\/)+/, '');
}
