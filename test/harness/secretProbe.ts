/**
 * Secrets to plant in request inputs, and the check that none of them left: a secret leaks when
 * any 12-character run of it (the whole secret if shorter) appears in what was sent — the same
 * criterion as the redaction corpus, so half a key counts as a leak.
 */
import { loadCorpus } from '../fixtures/redaction/corpus';
import { redactSecrets } from '../../src/core/privacy/redact';

const RUN = 12;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A small seeded generator (mulberry32): the same seed plants the same secrets. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(rng: () => number, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)];
  return s;
}

export interface PemKey {
  /** The whole block, BEGIN to END. */
  text: string;
  /** The base64 lines: each one is a secret. */
  bodyLines: string[];
}

export function pemKey(rng: () => number, lines = 25, label = 'RSA PRIVATE KEY'): PemKey {
  const bodyLines = Array.from({ length: lines }, (_, i) => pick(rng, B64, i === lines - 1 ? 24 : 64));
  return { text: [`-----BEGIN ${label}-----`, ...bodyLines, `-----END ${label}-----`].join('\n'), bodyLines };
}

/** `sk-ant-api03-…AA`, 108 characters like a real Anthropic key. */
export function anthropicKey(rng: () => number): string {
  return `sk-ant-api03-${pick(rng, KEY_CHARS, 93)}AA`;
}

/** The secrets of the redaction corpus that the rules find in their file as a whole, per file. */
export function corpusFiles(): Array<{ path: string; text: string; secrets: string[] }> {
  return loadCorpus().map((f) => {
    const redacted = redactSecrets(f.text).text;
    return { path: f.file, text: f.text, secrets: f.secrets.map((s) => s.value).filter((v) => !survives(v, redacted)) };
  });
}

/**
 * True when a run of `secret` is in `text`, not counting runs that are also in `publicText` (text
 * known to hold no secret: e.g. a certificate shares its key's DER header `ANBgkqhkiG9w0BAQ`).
 */
export function survives(secret: string, text: string, publicText = ''): boolean {
  if (secret.length <= RUN) return text.includes(secret);
  for (let i = 0; i + RUN <= secret.length; i++) {
    const run = secret.slice(i, i + RUN);
    if (text.includes(run) && !publicText.includes(run)) return true;
  }
  return false;
}

/** The redaction corpus with its secrets removed: what may be sent of it. */
export function redactedCorpusText(): string {
  return loadCorpus()
    .map((f) => redactSecrets(f.text).text)
    .join('\n');
}

/** The secrets with a run present in `sent` (runs also in `publicText` aside). */
export function leaked(secrets: readonly string[], sent: string, publicText = ''): string[] {
  return secrets.filter((s) => survives(s, sent, publicText));
}

/** Every string inside a JSON request body, joined: JSON escapes would hide a secret from a plain search. */
export function stringsOf(body: string): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(body) as unknown);
  return out.join('\n');
}
