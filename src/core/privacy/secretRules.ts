/**
 * The credential shapes `redactSecrets` knows. Each rule names a kind (shown in the placeholder), a
 * global regex whose whole match, or its `secret` group (always last in the match, at most a closing
 * quote after it), is the secret, and optionally literal substrings of which at least one must occur
 * before the regex runs at all (a cheap gate), or with which every match starts (shorter literals
 * are found faster; the regex checks the rest). No regex may match a newline, except the PEM block's.
 */
import { ASSIGNMENT_RULE } from './assignmentRule';
import { KUBERNETES_SECRET_DATA_RULE } from './kubernetesSecretRule';
import { NETRC_RULE, XML_ELEMENT_RULE, XML_NAMED_VALUE_RULE } from './configFileRules';
import { CLI_CREDENTIAL_RULE, PASSWORD_RULE } from './passwordRule';
import { isFillerBody, isPlaceholderValue, looksLikeSecretValue } from './entropy';
import type { SecretRule } from './secretRule';

export type { SecretRule } from './secretRule';

/** `ghp_xxxxxxxx…`, `sk_live_000000…`: documentation, not a key. */
const notFiller = (secret: string): boolean => !isFillerBody(secret.slice(secret.search(/[_-]/) + 1));

const DUMMY_PASSWORDS = new Set([
  'password',
  'pass',
  'passwd',
  'secret',
  'changeme',
  'postgres',
  'root',
  'admin',
  'guest',
  'test',
  'user',
  'mysql',
  'redis',
  'example',
  'pwd',
  'xxx',
]);

/** The password of `scheme://user:password@host`, unless it is a dummy, the user name again, or a reference. */
function acceptUrlPassword(secret: string, match: RegExpExecArray): boolean {
  const user = match[1] ?? '';
  const plain = decodeURIComponentSafe(secret).toLowerCase();
  // `host:8080/path@…` is a port and a path, not a password.
  if (/^\d+(?:\/|$)/.test(secret)) return false;
  return !DUMMY_PASSWORDS.has(plain) && plain !== user.toLowerCase() && !isPlaceholderValue(secret) && !/^\*+$/.test(secret);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * A PEM private key, also when pasted into code: lines may be quoted and joined by `+`, `,`, `\n`
 * escapes or implicit concatenation. The body loop never needs to backtrack (everything after it is
 * optional), so a match costs its own length.
 */
const PEM_SEPARATOR = String.raw`(?:\\[rn]|[\s"'\x60+,])`;
const PEM_PRIVATE_KEY = new RegExp(
  String.raw`-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:${PEM_SEPARATOR}+(?:[A-Za-z0-9+/=]{8,}|(?:Proc-Type|DEK-Info|Comment|Version):[^\r\n\\]*))*(?:${PEM_SEPARATOR}*-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?`,
  'g',
);

/** The private half of a PuTTY `.ppk` file: the lines after `Private-Lines: n`, and its MAC. */
const PUTTY_PRIVATE =
  /Private-Lines:[ \t]*\d+\r?\n(?<secret>[A-Za-z0-9+/=]+(?:\r?\n(?!Private-)[A-Za-z0-9+/=]+)*(?:\r?\nPrivate-(?:MAC|Hash):[ \t]*[0-9a-fA-F]+)?)/g;

/** base64 of `-----BEGIN …PRIVATE KEY`: a key inside kubeconfig `client-key-data`, a Secret, an env var. */
function isBase64PrivateKey(secret: string): boolean {
  const head = secret.slice(0, 80);
  try {
    return /PRIVATE KEY/.test(atob(head.slice(0, head.length - (head.length % 4))));
  } catch {
    return false;
  }
}

/** A JWT (or JWE): the whole dotted run of base64url parts is matched first, its shape checked after. */
function isJwtShape(secret: string): boolean {
  if (secret.indexOf('.') < 13) return false; // the common near miss, rejected without splitting
  const parts = secret.split('.');
  return parts.length >= 3 && parts[0]!.length >= 13 && parts[1]!.startsWith('eyJ') && parts[1]!.length >= 13;
}

/** `https://<token>@host`: a random-looking URL user is a token, except Sentry's public DSN key. */
function acceptUrlUserToken(secret: string, match: RegExpExecArray, text: string): boolean {
  if (secret.length < 16) return false;
  const after = text.slice(match.index + match[0].length, match.index + match[0].length + 80);
  return !/^[\w.-]*sentry/i.test(after) && looksLikeSecretValue(secret);
}

export const SECRET_RULES: SecretRule[] = [
  { kind: 'private-key', pattern: PEM_PRIVATE_KEY, starts: ['-----B'] },
  { kind: 'private-key', pattern: PUTTY_PRIVATE, starts: ['Private-Lines'] },
  { kind: 'private-key', pattern: /LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g, starts: ['LS0tLS1CRUdJTi'], accept: isBase64PrivateKey },
  { kind: 'docker-config', pattern: /eyJhdXRocyI6[A-Za-z0-9+/=]*/g, starts: ['eyJhdXRocyI6'] },
  {
    kind: 'aws-access-key-id',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g,
    starts: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
  },
  {
    kind: 'aws-secret-key',
    pattern:
      /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret_?key)["']?(?:[ \t]*(?:[:=]|=>)[ \t]*|[ \t]+)["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    gate: ['ecret', 'ECRET'],
  },
  {
    kind: 'aws-secret-key',
    pattern: /(?:AKIA|ASIA)[A-Z0-9]{16}["']\s*,\s*["'](?<secret>[A-Za-z0-9/+]{40})["']/g,
    starts: ['AKIA', 'ASIA'],
  },
  { kind: 'gcp-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g, starts: ['AIza'] },
  { kind: 'gcp-oauth-secret', pattern: /\bGOCSPX-[\w-]{28}(?![\w-])/g, starts: ['GOCSPX'] },
  { kind: 'google-oauth-token', pattern: /\bya29\.[\w-]*/g, starts: ['ya29.'], accept: (secret) => secret.length >= 30 },
  { kind: 'google-oauth-token', pattern: /(?<![\w/])1\/\/0[\w-]*/g, starts: ['1//0'], accept: (secret) => secret.length >= 30 },
  {
    kind: 'azure-storage-key',
    pattern: /(?:AccountKey|SharedAccessKey)=(?<secret>[A-Za-z0-9+/]{40,}={0,2})/g,
    starts: ['Accoun', 'Shared'],
  },
  { kind: 'azure-sas-signature', pattern: /[?&;]sig=(?<secret>[A-Za-z0-9%+/=]{30,})/g, starts: ['?sig=', '&sig=', ';sig='] },
  { kind: 'github-token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}\b/g, starts: ['gh'], accept: notFiller },
  { kind: 'github-token', pattern: /\bgithub_pat_[A-Za-z0-9_]{40,255}\b/g, starts: ['github'], accept: notFiller },
  { kind: 'gitlab-token', pattern: /\bgl(?:pat|ptt|dt|rt|cbt|oas|ft)-[\w.-]{20,}(?![\w.-])/g, starts: ['gl'], accept: notFiller },
  { kind: 'slack-token', pattern: /\bxox(?:e\.xox)?[abposre]-[\w-]{10,}/g, starts: ['xox'], accept: notFiller },
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
  { kind: 'huggingface-token', pattern: /\bhf_[A-Za-z]{34}\b/g, starts: ['hf_'], accept: notFiller },
  { kind: 'pypi-token', pattern: /\bpypi-AgE[\w-]{50,}/g, starts: ['pypi-'] },
  { kind: 'terraform-token', pattern: /\b[A-Za-z0-9]{14}\.atlasv1\.[\w-]{60,}/g, gate: ['.atlasv1.'] },
  { kind: 'npm-token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, starts: ['npm_'], accept: notFiller },
  { kind: 'npm-token', pattern: /(?:^|:)_(?:authToken|auth|password)[ \t]*=[ \t]*(?<secret>[^\s$"'{]{8,})/gm, starts: [':_', '_a', '_p'] },
  { kind: 'twilio-api-key', pattern: /\bSK[0-9a-f]{32}\b/g, starts: ['SK'] },
  { kind: 'sendgrid-key', pattern: /\bSG\.[\w-]{22}\.[\w-]{43}\b/g, starts: ['SG.'] },
  { kind: 'jwt', pattern: /\beyJ[\w-]*(?:\.[\w-]*)*/g, starts: ['eyJ'], accept: isJwtShape },
  {
    kind: 'url-password',
    // Numbered groups (user, secret): a named group costs a groups object per match, and `://` is common.
    pattern: /:\/\/([^\s:/@'"`]*):((?:[^\s@/'"`]|\/(?!\/))+)@/g,
    secretGroups: [2],
    starts: ['://'],
    accept: acceptUrlPassword,
  },
  { kind: 'url-token', pattern: /:\/\/([^\s:/@'"`]+)@/g, secretGroups: [1], starts: ['://'], accept: acceptUrlUserToken },
  {
    kind: 'bearer-token',
    pattern: /\b(?:Bearer|Basic|Token)\s+(?<secret>[A-Za-z0-9._~+/-]{20,}=*)/g,
    starts: ['Bearer', 'Basic', 'Token'],
    accept: (secret) => looksLikeSecretValue(secret),
  },
  {
    kind: 'discord-webhook',
    pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/([\w-]{60,100})/g,
    secretGroups: [1],
    gate: ['discord'],
  },
  { kind: 'digitalocean-token', pattern: /\bdo[por]_v1_[a-f0-9]{64}\b/g, gate: ['_v1_'] },
  { kind: 'shopify-token', pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g, gate: ['shp'] },
  KUBERNETES_SECRET_DATA_RULE,
  NETRC_RULE,
  XML_ELEMENT_RULE,
  XML_NAMED_VALUE_RULE,
  PASSWORD_RULE,
  CLI_CREDENTIAL_RULE,
  ASSIGNMENT_RULE,
];
