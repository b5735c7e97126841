/**
 * Which files Tandem never reads for a prompt. Matching ignores case (`.ENV`, `Server.PEM`, `ID_RSA`). Patterns come in sources, each evaluated on its own
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
  '.envrc',
  '.dev.vars',
  'local.settings.json',
  '*.ppk',
  'kubeconfig*',
  'application_default_credentials.json',
  '.boto',
  '.s3cfg',
  '.terraformrc',
  'terraform.rc',
  '.yarnrc.yml',
  '.bash_history',
  '.zsh_history',
  '.sh_history',
  '.history',
  '.python_history',
  '.node_repl_history',
  '.psql_history',
  '.mysql_history',
  '.rediscli_history',
  '**/fish/fish_history',
  '**/gh/hosts.yml',
  '**/glab-cli/config.yml',
  '**/.m2/settings.xml',
  'gradle.properties',
];

/** A pattern that could not be compiled, and why; the other patterns still apply. */
export interface InvalidPattern {
  label: string;
  pattern: string;
  error: string;
}

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
  /** Patterns skipped because they do not compile (`[z-a]`); shown in the log by the adapter. */
  readonly invalid: InvalidPattern[] = [];

  constructor(sources: readonly ExclusionSource[]) {
    this.sources = sources.map((s) => ({ label: s.label, rules: this.compileAll(s.label, s.patterns) }));
  }

  /**
   * `relativePath` is relative to the workspace folder; `\` and a leading `./` or `/` are accepted.
   * `realPath`, when the file is a symbolic link, is its target (relative to the workspace when
   * inside it): a file is excluded when either name is, so `notes.txt -> .env` is excluded.
   */
  excludes(relativePath: string, realPath?: string): ExclusionVerdict {
    const verdict = this.verdict(relativePath);
    if (verdict.excluded || realPath === undefined || realPath === relativePath) return verdict;
    const real = this.verdict(realPath);
    return real.excluded ? { excluded: true, reason: `${real.reason ?? ''}, the target of a link` } : verdict;
  }

  private verdict(path: string): ExclusionVerdict {
    const segments = normalize(path)
      .toLowerCase()
      .split('/')
      .filter((s) => s !== '');
    if (segments.length === 0) return { excluded: false };
    for (const { label, rules } of this.sources) {
      const match = lastMatch(rules, segments);
      if (match && !match.negated) return { excluded: true, reason: `matches "${match.source}" (${label})` };
    }
    return { excluded: false };
  }

  private compileAll(label: string, patterns: readonly string[]): CompiledGlob[] {
    const rules: CompiledGlob[] = [];
    for (const pattern of patterns.map((p) => p.trim()).filter((p) => p !== '' && p !== '!')) {
      try {
        rules.push(compileGlob(pattern));
      } catch (err) {
        this.invalid.push({ label, pattern, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return rules;
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

function lastMatch(rules: CompiledGlob[], segments: readonly string[]): CompiledGlob | undefined {
  for (let i = rules.length - 1; i >= 0; i--) {
    if (rules[i]!.matches(segments)) return rules[i];
  }
  return undefined;
}

function normalize(relativePath: string): string {
  return relativePath.replace(/\\/g, '/').replace(/^(?:\.\/|\/)+/, '');
}
