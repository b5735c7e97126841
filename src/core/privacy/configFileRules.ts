/**
 * Credentials in configuration formats whose syntax is not `name = value`: netrc (`machine … login …
 * password …`, often written by a heredoc or quoted in docs) and XML (Maven `settings.xml`,
 * `<property name="…password">`, .NET `<add key="…ApiKey" value="…"/>`). Every name and value run is
 * bounded, so a rule costs a constant per start.
 */
import { looksLikeSecretValue } from './entropy';
import { looksLikeChosenPassword } from './passwordRule';
import type { SecretRule } from './secretRule';

/** netrc: `password` after `machine <host>` and any `login`/`account` tokens, blanks or newlines between. */
const NETRC_PASSWORD = /\bmachine[ \t]+\S+(?:[ \t\r\n]+(?:login|account)[ \t]+\S+)*[ \t\r\n]+password[ \t]+(\S+)/g;

export const NETRC_RULE: SecretRule = {
  kind: 'password',
  pattern: NETRC_PASSWORD,
  secretGroups: [1],
  starts: ['machine'],
  accept: (secret) => looksLikeChosenPassword(secret) || looksLikeSecretValue(secret),
};

const SECRET_NAME_END = 'pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|access[-_]?key';
const PASSWORD_NAME_END = /(?:pass(?:word|wd|phrase)?|pwd)$/i;

/** `<ossrhPassword>…</ossrhPassword>`: an element whose name ends with a secret word, on one line. */
const XML_ELEMENT = new RegExp(`<([\\w.:-]{0,40}?(?:${SECRET_NAME_END}))>(?=([^<\\r\\n]{1,300}))\\2</\\1>`, 'gi');

/** Further attributes, each whole (no run that a hostile line could make long). */
const XML_ATTRIBUTES = `(?:[ \\t]+[\\w.:-]{1,40}=(?:"[^"<>\\r\\n]{0,200}"|'[^'<>\\r\\n]{0,200}'))*`;

/** `name="db.password">value<` or `key="StripeApiKey" value="…"`: an attribute names the secret. */
const XML_NAMED_VALUE = new RegExp(
  `\\b(?:name|key)=["']([\\w.:-]{0,60}?(?:${SECRET_NAME_END}))["'](?:[ \\t]+value=["']([^"'\\r\\n]{1,300})["']|${XML_ATTRIBUTES}[ \\t]*>(?=([^<\\r\\n"]{1,300}))\\3</)`,
  'gi',
);

function acceptByName(secret: string, match: RegExpExecArray): boolean {
  return PASSWORD_NAME_END.test(match[1] ?? '') ? looksLikeChosenPassword(secret) : looksLikeSecretValue(secret);
}

const kindByName = (match: RegExpExecArray): string => (PASSWORD_NAME_END.test(match[1] ?? '') ? 'password' : 'generic-secret');

export const XML_ELEMENT_RULE: SecretRule = {
  kind: 'generic-secret',
  pattern: XML_ELEMENT,
  secretGroups: [2],
  gate: ['</'],
  accept: acceptByName,
  kindOf: kindByName,
};

export const XML_NAMED_VALUE_RULE: SecretRule = {
  kind: 'generic-secret',
  pattern: XML_NAMED_VALUE,
  secretGroups: [2, 3],
  starts: ['name=', 'key=', 'Name=', 'Key='],
  accept: acceptByName,
  kindOf: kindByName,
};
