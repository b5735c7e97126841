/**
 * The catch-all rule: `name = value`, `name: value`, `"name": "value"`, `name := value`,
 * `name => value`, where the name suggests a secret and the value looks randomly generated.
 */
import { looksLikeSecretValue, mayBeSecretValue } from './entropy';
import { isInsideReference } from './passwordRule';
import type { SecretRule } from './secretRule';

const SECRET_WORD = /key|secret|token|passw|pwd|credential|auth/gi;

/** Names that mention a secret word but never hold one: `publicKey`, `tokenizerModel`, `authorName`… */
const NON_SECRET_WORD = /public|pub_?key|publishable|tokeniz|keyboard|monkey|hotkey|keyframe|keybinding|author|instrumentation/i;

/** …or whose last part says what the value is instead: `aws_secret_access_key` is a key, `tokenUrl` a URL. */
const NON_SECRET_SUFFIX =
  /(?:^|[_.-]|[a-z](?=[A-Z]))(?:id|ids|url|uri|urls|endpoint|path|file|dir|name|type|size|length|len|count|limit|max|min|header|field|label|prefix|suffix|regex|pattern|format|env|var|mode|version|ttl|expiry|expires|expiration|timeout|enabled|required|hash|digest|checksum|sha|algorithm|alg|provider|method|scope|scopes|issuer|domain|host|port|location|ref|policy)$|(?:cache|sort|primary|foreign|partition|idempotency)[_.-]?key$|^max[_.-]?tokens$/i;

/**
 * Sticky: tried only at the start of a name that contains a secret word. Numbered groups (a named
 * group costs a groups object per match): NAME, the quote, the quoted value, UNQUOTED.
 */
const ASSIGNMENT = /([\w.-]+)["']?[ \t]*(?:=>|:=|[:=])[ \t]*(?:(["'`])([^"'`\s]{8,})\2|([^\s"'`,;(){}[\]<>]{8,}))/y;

const NAME = 1;
const UNQUOTED = 4;

/** One keyword scan, then the assignment pattern once per name that holds a keyword. */
function* assignmentMatches(text: string): Iterable<RegExpExecArray> {
  SECRET_WORD.lastIndex = 0;
  for (let hit = SECRET_WORD.exec(text); hit !== null; hit = SECRET_WORD.exec(text)) {
    let start = hit.index;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    let nameEnd = SECRET_WORD.lastIndex;
    while (nameEnd < text.length && isNameChar(text.charCodeAt(nameEnd))) nameEnd++;
    // No real name is that long; a run of name characters is skipped whole (keeps the scan linear).
    if (nameEnd - start > MAX_NAME) {
      SECRET_WORD.lastIndex = nameEnd;
      continue;
    }
    ASSIGNMENT.lastIndex = start;
    const match = ASSIGNMENT.exec(text);
    // Later keywords in the same name, or inside the value, need no second look.
    SECRET_WORD.lastIndex = match === null ? nameEnd : match.index + match[0].length;
    if (match !== null && !isInsideReference(text, start)) yield match;
  }
}

const MAX_NAME = 200;

/** [A-Za-z0-9_.-] */
function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
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
  const name = match[NAME]!;
  if (NON_SECRET_WORD.test(name) || NON_SECRET_SUFFIX.test(name.replace(/^-+/, ''))) return false;
  const end = match.index + match[0].length;
  if (match[UNQUOTED] !== undefined && /[([]/.test(text.charAt(end))) return false;
  if (NOT_A_CREDENTIAL.test(secret) || (UUID.test(secret) && !CREDENTIAL_NAME.test(name))) return false;
  return looksLikeSecretValue(secret);
}

function kindOfAssignment(match: RegExpExecArray): string {
  const name = match[NAME]!;
  if (/mistral|codestral/i.test(name)) return 'mistral-key';
  return /pass|pwd/i.test(name) ? 'password' : 'generic-secret';
}

export const ASSIGNMENT_RULE: SecretRule = {
  kind: 'generic-secret',
  pattern: ASSIGNMENT,
  secretGroups: [3, UNQUOTED],
  matches: assignmentMatches,
  accept: acceptAssignment,
  kindOf: kindOfAssignment,
};
