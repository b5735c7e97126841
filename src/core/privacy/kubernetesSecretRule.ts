/**
 * Every value under `data:` / `stringData:` of a Kubernetes `kind: Secret` manifest is a secret,
 * whatever its key is called (kubernetes.io "Secrets": `data` values are base64, `stringData` plain).
 * One pass over the lines of each YAML document; documents of other kinds (a ConfigMap) are left alone.
 */
import { isPlaceholderValue } from './entropy';
import type { SecretRule } from './secretRule';

/** Sticky at a line start inside a data block: `  key: value`. */
const DATA_ENTRY = /[ \t]+[^\s:#][^:\r\n]*:[ \t]+["']?(?<secret>[^\s"'#]+)/y;
const SECRET_KIND = /^kind:[ \t]*Secret[ \t]*$/m;

function* kubernetesSecretMatches(text: string): Iterable<RegExpExecArray> {
  if (!SECRET_KIND.test(text)) return;
  let docStart = 0;
  while (docStart < text.length) {
    const next = text.indexOf('\n---', docStart);
    const docEnd = next < 0 ? text.length : next + 1;
    const doc = text.slice(docStart, docEnd);
    if (SECRET_KIND.test(doc)) yield* dataEntries(text, docStart, docEnd);
    docStart = next < 0 ? text.length : next + 4;
  }
}

function* dataEntries(text: string, from: number, to: number): Iterable<RegExpExecArray> {
  let inData = false;
  for (let lineStart = from; lineStart < to;) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 || newline > to ? to : newline;
    const first = text.charCodeAt(lineStart);
    const indented = first === 32 || first === 9;
    if (!indented && lineEnd > lineStart) inData = /^(?:data|stringData):[ \t]*\r?$/.test(text.slice(lineStart, lineEnd));
    else if (inData && indented) {
      DATA_ENTRY.lastIndex = lineStart;
      const match = DATA_ENTRY.exec(text);
      if (match !== null && match.index + match[0].length <= lineEnd) yield match;
    }
    lineStart = lineEnd + 1;
  }
}

export const KUBERNETES_SECRET_DATA_RULE: SecretRule = {
  kind: 'kubernetes-secret',
  pattern: DATA_ENTRY,
  matches: kubernetesSecretMatches,
  accept: (secret) => secret.length >= 4 && !isPlaceholderValue(secret) && secret !== '|' && secret !== '>',
};
