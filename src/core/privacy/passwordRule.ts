/**
 * Passwords a person chose (`Summer2024!`, `hunter2`), which the entropy test of the generic rule lets
 * through: accepted when the name says password/passwd/pwd/pass/passphrase/secret, in assignments
 * (`DB_PASS=…`, `password: …`, `Password=…;` in a connection string) and command-line flags
 * (`--password …`, `--user name:…`). `mysql -pX` and other unnamed values are not covered.
 */
import { isPlaceholderValue, looksLikeSecretValue, PROPERTY_CHAIN } from './entropy';
import type { SecretRule } from './secretRule';

const PASSWORD_WORD = /pass|pwd|secret/gi;

/** The name's last part is the password itself: `DB_PASS`, `dbPassword`, `app.keystore.passwd`, `client_secret`. */
const PASSWORD_NAME = /(?:^|[_.-]|[a-z](?=[A-Z]))(?:[Pp]ass(?:word|wd|phrase)?|PASS(?:WORD|WD|PHRASE)?|[Pp]wd|PWD|[Ss]ecret|SECRET)$/;

/** The last letter of every PASSWORD_NAME ending (pass, password, passwd, passphrase, pwd, secret), lower-cased. */
const PASSWORD_ENDINGS = new Set([...'sdet'].map((c) => c.charCodeAt(0)));

/** Sticky, tried at the start of a name that holds a password word. */
const NAME = 1;
const UNQUOTED = 4;
const PASSWORD_ASSIGNMENT = /([\w.-]+)["']?[ \t]*(?:=>|:=|[:=])[ \t]*(?:(["'`])([^"'`\r\n]+)\2|([^\s"'`,;(){}[\]<>]+))/y;

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
    /^=|\w(?:\|\||&&|\?\?|=>)[\w"'$!]|^[A-Za-z_$][\w$]*(?:\.[\w$]+)+(?:\|\||&&|\?\?)|^v?\d+(?:\.\d+)+$|^[a-z][\w.]*\??\.[a-z_]\w*$/i.test(
      value,
    ) ||
    PROPERTY_CHAIN.test(value)
  )
    return false;
  return /^(?:\.{0,2}\/|~\/|[a-z][\w+.-]*:\/\/)/i.test(value) === false;
}

function* passwordMatches(text: string): Iterable<RegExpExecArray> {
  PASSWORD_WORD.lastIndex = 0;
  for (let hit = PASSWORD_WORD.exec(text); hit !== null; hit = PASSWORD_WORD.exec(text)) {
    let start = hit.index;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    let nameEnd = PASSWORD_WORD.lastIndex;
    while (nameEnd < text.length && isNameChar(text.charCodeAt(nameEnd))) nameEnd++;
    // No real name is that long; a run of name characters is skipped whole (keeps the scan linear).
    if (nameEnd - start > MAX_NAME) {
      PASSWORD_WORD.lastIndex = nameEnd;
      continue;
    }
    // Only a name whose last part is a password word is worth the assignment pattern (its name group is the whole run).
    if (!PASSWORD_ENDINGS.has(text.charCodeAt(nameEnd - 1) | 0x20) || !PASSWORD_NAME.test(text.slice(start, nameEnd))) {
      PASSWORD_WORD.lastIndex = nameEnd;
      continue;
    }
    PASSWORD_ASSIGNMENT.lastIndex = start;
    const match = PASSWORD_ASSIGNMENT.exec(text);
    PASSWORD_WORD.lastIndex = match === null ? nameEnd : match.index + match[0].length;
    if (match !== null && !isInsideReference(text, start)) yield match;
  }
}

/** `${DB_PASSWORD:?unset}`, `$SECRET`, `arn:…:secret:name`: the name is part of something else. */
export function isInsideReference(text: string, nameStart: number): boolean {
  const before = text.charAt(nameStart - 1);
  return before === '$' || before === ':' || (before === '{' && text.charAt(nameStart - 2) === '$');
}

const MAX_NAME = 200;

/** [A-Za-z0-9_.-] */
function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}

export const PASSWORD_RULE: SecretRule = {
  kind: 'password',
  pattern: PASSWORD_ASSIGNMENT,
  secretGroups: [3, UNQUOTED],
  matches: passwordMatches,
  accept: (secret, match, text) => {
    const end = match.index + match[0].length;
    if (match[UNQUOTED] !== undefined && /[([.]/.test(text.charAt(end))) return false;
    return looksLikeChosenPassword(secret);
  },
  kindOf: (match) => (/secret/i.test(match[NAME]!) ? 'generic-secret' : 'password'),
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
