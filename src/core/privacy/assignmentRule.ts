/**
 * The catch-all rule: `name = value`, `name: value`, `"name": "value"`, `name := value`,
 * `name => value`, where the name suggests a secret and the value looks randomly generated.
 */
import { looksLikeSecretValue, mayBeSecretValue } from './entropy';
import { isInsideReference, type KeywordNames } from './keywordNames';
import type { SecretRule } from './secretRule';

/** Names that mention a secret word but never hold one: `publicKey`, `tokenizerModel`, `authorName`… */
const NON_SECRET_WORD = /public|publishable|tokeniz|keyboard|monkey|hotkey|keyframe|keybinding|author|instrumentation/i;

/** …or whose last part says what the value is instead: `aws_secret_access_key` is a key, `tokenUrl` a URL. */
const NON_SECRET_SUFFIX =
  /(?:^|[_.-]|[a-z](?=[A-Z]))(?:id|ids|url|uri|urls|endpoint|path|file|dir|name|type|size|length|len|count|limit|max|min|header|field|label|prefix|suffix|regex|pattern|format|env|var|mode|version|ttl|expiry|expires|expiration|timeout|enabled|required|hash|digest|checksum|sha|algorithm|alg|provider|method|scope|scopes|issuer|domain|host|port|location|ref|policy)$|(?:cache|sort|primary|foreign|partition|idempotency)[_.-]?key$|^max[_.-]?tokens$/i;

/** Sticky: tried only at the start of a name that contains a secret word. */
const ASSIGNMENT =
  /(?<name>[\w.-]+)["']?[ \t]*(?:=>|:=|[:=])[ \t]*(?:(?<q>["'`])(?<secret>[^"'`\s]{8,})\k<q>|(?<uv>[^\s"'`,;(){}[\]<>]{8,}))/y;

/** The assignment pattern once per name that holds a keyword; names inside a matched value need no second look. */
function* assignmentMatches(text: string, names: () => KeywordNames): Iterable<RegExpExecArray> {
  const { spans, generic } = names();
  let from = 0;
  for (let i = 0; i < generic.length; i++) {
    const start = spans[2 * i]!;
    if (start < from || !generic[i]) continue;
    ASSIGNMENT.lastIndex = start;
    const match = ASSIGNMENT.exec(text);
    if (match === null) continue;
    from = match.index + match[0].length;
    if (!isInsideReference(text, start)) yield match;
  }
}

/** Values that say what they are: an ARN, a data: URI, code with operators. */
const NOT_A_CREDENTIAL =
  /^arn:aws[\w-]*:|^data:[\w.+-]+\/[\w.+-]+[;,]|\w(?:\|\||&&|\?\?|=>)[\w"'$!]|^[A-Za-z_$][\w$]*(?:\.[\w$]+)+(?:\|\||&&|\?\?)/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A name that calls its value a credential, not merely a `key` (React `key=`, i18n and flag keys). */
const CREDENTIAL_NAME =
  /api|secret|token|passw|pwd|auth|private|access|licen[cs]e|credential|client|signing|master|encrypt|session|webhook/i;

function acceptAssignment(secret: string, match: RegExpExecArray, text: string): boolean {
  // The value test's cheap part first: most candidates on hostile or ordinary text fail it.
  if (!mayBeSecretValue(secret)) return false;
  const name = match.groups?.['name'] ?? '';
  if (NON_SECRET_WORD.test(name) || NON_SECRET_SUFFIX.test(name.replace(/^-+/, ''))) return false;
  const end = match.index + match[0].length;
  if (match.groups?.['uv'] !== undefined && /[([]/.test(text.charAt(end))) return false;
  if (NOT_A_CREDENTIAL.test(secret) || (UUID.test(secret) && !CREDENTIAL_NAME.test(name))) return false;
  return looksLikeSecretValue(secret);
}

function kindOfAssignment(match: RegExpExecArray): string {
  const name = match.groups?.['name'] ?? '';
  if (/mistral|codestral/i.test(name)) return 'mistral-key';
  return /pass|pwd/i.test(name) ? 'password' : 'generic-secret';
}

export const ASSIGNMENT_RULE: SecretRule = {
  kind: 'generic-secret',
  pattern: ASSIGNMENT,
  matches: assignmentMatches,
  accept: acceptAssignment,
  kindOf: kindOfAssignment,
};
