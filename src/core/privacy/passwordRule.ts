/**
 * Passwords a person chose (`Summer2024!`, `hunter2`), which the entropy test of the generic rule lets
 * through: accepted when the name says password/passwd/pwd/pass/passphrase/secret, in assignments
 * (`DB_PASS=…`, `password: …`, `Password=…;` in a connection string) and command-line flags
 * (`--password …`, `--user name:…`). `mysql -pX` and other unnamed values are not covered.
 */
import { isPlaceholderValue, looksLikeSecretValue } from './entropy';
import { isInsideReference, type KeywordNames } from './keywordNames';
import type { SecretRule } from './secretRule';

/** The name's last part is the password itself: `DB_PASS`, `dbPassword`, `app.keystore.passwd`, `client_secret`. */
const PASSWORD_NAME = /(?:^|[_.-]|[a-z](?=[A-Z]))(?:[Pp]ass(?:word|wd|phrase)?|PASS(?:WORD|WD|PHRASE)?|[Pp]wd|PWD|[Ss]ecret|SECRET)$/;

/** The last letter of every PASSWORD_NAME ending (pass, password, passwd, passphrase, pwd, secret), lower-cased. */
const PASSWORD_ENDINGS = new Set([...'sdet'].map((c) => c.charCodeAt(0)));

/** Sticky, tried at the start of a name that holds a password word. */
const PASSWORD_ASSIGNMENT =
  /(?<name>[\w.-]+)["']?[ \t]*(?:=>|:=|[:=])[ \t]*(?:(?<q>["'`])(?<secret>[^"'`\r\n]+)\k<q>|(?<uv>[^\s"'`,;(){}[\]<>]+))/y;

const DUMMY = new Set([
  'password',
  'passwd',
  'pass',
  'secret',
  'changeme',
  'changeit',
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
  'none',
  'null',
  'nil',
  'undefined',
  'true',
  'false',
  'required',
  'optional',
]);

/**
 * `$Tigger321`: a `$`, then mixed-case letters with digits. Variable names are UPPER_CASE or
 * lower_case by convention, so this is a password that starts with a symbol (literal in YAML, JSON,
 * INI); in a shell script it would expand, and redacting a variable name costs nothing.
 */
const DOLLAR_PASSWORD = /^\$(?=[a-z\d]*[A-Z])(?=[A-Z\d]*[a-z])(?=[A-Za-z]*\d)[A-Za-z\d]{5,}$/;

/** A literal a person typed as a password, not a type, a variable, a reference, a YAML tag or a number of seconds. */
export function looksLikeChosenPassword(value: string): boolean {
  // Letters (and separators) only: a variable, a type or a word; a password has a digit or a symbol.
  if (value.length < 6 || /\s/.test(value) || /^[A-Za-z_.-]+$/.test(value) || DUMMY.has(value.toLowerCase())) return false;
  if (
    (isPlaceholderValue(value) && !DOLLAR_PASSWORD.test(value)) ||
    /^\$(?:[A-Za-z_]+|\{?[A-Z0-9_]+\}?)$/.test(value) ||
    /^[!*&][A-Za-z]+$/.test(value)
  )
    return false;
  if (
    /^=|\w(?:\|\||&&|\?\?|=>)[\w"'$!]|^[A-Za-z_$][\w$]*(?:\.[\w$]+)+(?:\|\||&&|\?\?)|^v?\d+(?:\.\d+)+$|^[a-z][\w.]*\.[a-z_]\w*$/i.test(
      value,
    )
  )
    return false;
  return /^(?:\.{0,2}\/|~\/|[a-z][\w+.-]*:\/\/)/i.test(value) === false;
}

/**
 * The assignment pattern at each name whose last part is a password word; names inside a matched
 * value need no second look.
 */
function* passwordMatches(text: string, names: () => KeywordNames): Iterable<RegExpExecArray> {
  const { spans } = names();
  let from = 0;
  for (let i = 0; i < spans.length; i += 2) {
    const start = spans[i]!;
    const end = spans[i + 1]!;
    if (start < from || !PASSWORD_ENDINGS.has(text.charCodeAt(end - 1) | 0x20) || !PASSWORD_NAME.test(text.slice(start, end))) continue;
    PASSWORD_ASSIGNMENT.lastIndex = start;
    const match = PASSWORD_ASSIGNMENT.exec(text);
    if (match === null) continue;
    from = match.index + match[0].length;
    if (!isInsideReference(text, start)) yield match;
  }
}

export const PASSWORD_RULE: SecretRule = {
  kind: 'password',
  pattern: PASSWORD_ASSIGNMENT,
  matches: passwordMatches,
  accept: (secret, match, text) => {
    const end = match.index + match[0].length;
    if (match.groups?.['uv'] !== undefined && /[([.]/.test(text.charAt(end))) return false;
    return looksLikeChosenPassword(secret);
  },
  kindOf: (match) => (/secret/i.test(match.groups?.['name'] ?? '') ? 'generic-secret' : 'password'),
};

/** `--password X`, `--token=X`, `--client-secret X`, and curl's `-u name:X` / `--user name:X`. */
const CLI_CREDENTIAL =
  /(?<![\w-])(?:--(?:password|passwd|token|secret|client-secret|api-key|access-token|auth-token)(?:=|[ \t]+)|(?:-u|--user)(?:=|[ \t]+)["']?[^\s:"'$]+:)["']?(?<secret>[^\s"'`]+)/g;

export const CLI_CREDENTIAL_RULE: SecretRule = {
  kind: 'password',
  pattern: CLI_CREDENTIAL,
  gate: ['--', '-u'],
  accept: (secret) => !secret.startsWith('-') && (looksLikeChosenPassword(secret) || looksLikeSecretValue(secret)),
};
