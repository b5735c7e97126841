/**
 * Which files Tandem never reads for a prompt. Two sources, evaluated separately:
 *
 * - the globs from settings (defaults to DEFAULT_EXCLUDE_GLOBS), user-controlled;
 * - the patterns of the workspace's `.tandemignore`, which travels with a cloned repository.
 *
 * Within each source the last matching pattern wins and `!pattern` re-includes, as in .gitignore.
 * A `.tandemignore` can only add exclusions: its `!` lines undo its own earlier lines, never a
 * setting, so a cloned repository cannot re-include `.env` or private keys.
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

export class ExclusionMatcher {
  private readonly settingRules: CompiledGlob[];
  private readonly ignoreRules: CompiledGlob[];

  constructor(globs: readonly string[], ignorePatterns: readonly string[]) {
    this.settingRules = compileAll(globs);
    this.ignoreRules = compileAll(ignorePatterns);
  }

  /** `relativePath` is relative to the workspace folder; `\` and a leading `./` or `/` are accepted. */
  excludes(relativePath: string): ExclusionVerdict {
    const path = normalize(relativePath);
    const bySetting = lastMatch(this.settingRules, path);
    if (bySetting && !bySetting.negated) return { excluded: true, reason: `matches "${bySetting.source}" (setting)` };
    const byIgnore = lastMatch(this.ignoreRules, path);
    if (byIgnore && !byIgnore.negated) return { excluded: true, reason: `matches "${byIgnore.source}" (.tandemignore)` };
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
