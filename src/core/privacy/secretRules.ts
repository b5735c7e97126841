/**
 * The credential shapes `redactSecrets` knows. Each rule names a kind (shown in the placeholder), a
 * global regex whose whole match, or its `secret` group (always last in the match, at most a closing
 * quote after it), is the secret, and optionally literal substrings of which at least one must occur
 * before the regex runs at all (a cheap gate), or with which every match starts (shorter literals
 * are found faster; the regex checks the rest). No regex may match a newline, except the PEM block's.
 */
import { ASSIGNMENT_RULE } from './assignmentRule';
import { isFillerBody, isPlaceholderValue, looksLikeSecretValue } from './entropy';

export interface SecretRule {
  kind: string;
  pattern: RegExp;
  gate?: string[];
  /** Instead of a gate: every match begins with one of these, so the pattern is tried only there. */
  starts?: string[];
  /** Veto a match, e.g. documentation filler or an obvious placeholder. */
  accept?: (secret: string, match: RegExpExecArray, text: string) => boolean;
  /** A finer kind than `kind`, decided from the match. */
  kindOf?: (match: RegExpExecArray) => string;
  /** Replaces the plain `pattern.exec` loop, e.g. to run a sticky pattern only where a keyword occurs. */
  matches?: (text: string) => Iterable<RegExpExecArray>;
}

/** `ghp_xxxxxxxx…`, `sk_live_000000…`: documentation, not a key. */
const notFiller = (secret: string): boolean => !isFillerBody(secret.slice(secret.search(/[_-]/) + 1));

const DUMMY_PASSWORDS = new Set(['password', 'pass', 'passwd', 'secret', 'changeme', 'postgres', 'root', 'admin', 'guest', 'test', 'user', 'mysql', 'redis', 'example', 'pwd', 'xxx']);

/** The password of `scheme://user:password@host`, unless it is a dummy, the user name again, or a reference. */
function acceptUrlPassword(secret: string, match: RegExpExecArray): boolean {
  const user = match.groups?.['user'] ?? '';
  const plain = decodeURIComponentSafe(secret).toLowerCase();
  return !DUMMY_PASSWORDS.has(plain) && plain !== user.toLowerCase() && !isPlaceholderValue(secret) && !/^\*+$/.test(secret);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const PEM_PRIVATE_KEY =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:(?:\\[rn]|\s)+(?:[A-Za-z0-9+/=]{8,}|(?:Proc-Type|DEK-Info|Comment|Version):[^\r\n\\]*))*(?:(?:\\[rn]|\s)*-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)?/g;

export const SECRET_RULES: SecretRule[] = [
  { kind: 'private-key', pattern: PEM_PRIVATE_KEY, starts: ['-----B'] },
  { kind: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g, starts: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'] },
  {
    kind: 'aws-secret-key',
    pattern: /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret_?key)["']?\s*(?:[:=]|=>)\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    gate: ['ecret', 'ECRET'],
  },
  { kind: 'aws-secret-key', pattern: /(?:AKIA|ASIA)[A-Z0-9]{16}["']\s*,\s*["'](?<secret>[A-Za-z0-9/+]{40})["']/g, starts: ['AKIA', 'ASIA'] },
  { kind: 'gcp-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g, starts: ['AIza'] },
  { kind: 'gcp-oauth-secret', pattern: /\bGOCSPX-[\w-]{28}(?![\w-])/g, starts: ['GOCSPX'] },
  { kind: 'azure-storage-key', pattern: /(?:AccountKey|SharedAccessKey)=(?<secret>[A-Za-z0-9+/]{40,}={0,2})/g, starts: ['Accoun', 'Shared'] },
  { kind: 'azure-sas-signature', pattern: /[?&;]sig=(?<secret>[A-Za-z0-9%+/=]{30,})/g, starts: ['?sig=', '&sig=', ';sig='] },
  { kind: 'github-token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/g, starts: ['gh'], accept: notFiller },
  { kind: 'github-token', pattern: /\bgithub_pat_[A-Za-z0-9_]{40,255}\b/g, starts: ['github'], accept: notFiller },
  { kind: 'gitlab-token', pattern: /\bgl(?:pat|ptt|dt|rt|cbt|oas|ft)-[\w.-]{20,}(?![\w.-])/g, starts: ['gl'], accept: notFiller },
  { kind: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, starts: ['xox'], accept: notFiller },
  { kind: 'slack-token', pattern: /\bxapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{32,}\b/g, starts: ['xapp-'] },
  {
    kind: 'slack-webhook',
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9/_-]{20,})/g,
    starts: ['hooks.'],
  },
  { kind: 'stripe-key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}\b/g, starts: ['sk_', 'rk_'], accept: notFiller },
  { kind: 'stripe-webhook-secret', pattern: /\bwhsec_[A-Za-z0-9+/=]{24,}/g, starts: ['whsec_'], accept: notFiller },
  { kind: 'anthropic-key', pattern: /\bsk-ant-[a-z]+\d*-[\w-]{32,}/g, starts: ['sk-'] },
  { kind: 'openai-key', pattern: /\bsk-(?:proj|svcacct|admin)-[\w-]{32,}/g, starts: ['sk-'] },
  { kind: 'openai-key', pattern: /\bsk-[A-Za-z0-9]{32,}\b/g, starts: ['sk-'], accept: notFiller },
  {
    kind: 'mistral-key',
    pattern: /(?:mistral|codestral)[\w.-]*(?:key|token)["']?\s*(?:[:=]|=>)\s*["']?(?<secret>[A-Za-z0-9]{32})\b/gi,
    gate: ['istral', 'ISTRAL'],
  },
  { kind: 'huggingface-token', pattern: /\bhf_[A-Za-z]{34}\b/g, starts: ['hf_'], accept: notFiller },
  { kind: 'pypi-token', pattern: /\bpypi-AgE[\w-]{50,}/g, starts: ['pypi-'] },
  { kind: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, starts: ['npm_'], accept: notFiller },
  { kind: 'npm-token', pattern: /:_(?:authToken|auth|password)\s*=\s*(?<secret>[^\s$"'{]{8,})/g, starts: [':_'] },
  { kind: 'twilio-api-key', pattern: /\bSK[0-9a-f]{32}\b/g, starts: ['SK'] },
  { kind: 'sendgrid-key', pattern: /\bSG\.[\w-]{22}\.[\w-]{43}\b/g, starts: ['SG.'] },
  { kind: 'jwt', pattern: /\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]*/g, starts: ['eyJ'] },
  { kind: 'url-password', pattern: /:\/\/(?<user>[^\s:/@'"`]+):(?<secret>[^\s@/'"`]+)@/g, starts: ['://'], accept: acceptUrlPassword },
  {
    kind: 'bearer-token',
    pattern: /\b(?:Bearer|Basic|Token)\s+(?<secret>[A-Za-z0-9._~+/-]{20,}=*)/g,
    starts: ['Bearer', 'Basic', 'Token'],
    accept: (secret) => looksLikeSecretValue(secret),
  },
  ASSIGNMENT_RULE,
];
