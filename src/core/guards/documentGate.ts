/**
 * Decides, before any work is done, whether a document can be served at all. Cheap by design: it
 * reads only sizes and the text near the cursor, so a 50 MB file costs the same as a small one.
 */
export interface DocumentFacts {
  /** URI scheme: file, untitled, vscode-notebook-cell, vscode-remote, vscode-vfs, git, output, … */
  scheme: string;
  languageId: string;
  /** Total characters of the document. */
  length: number;
  /** The line the cursor is on. */
  cursorLine: string;
  /** Up to a few KB of text before and after the cursor. */
  nearCursor: string;
  readOnly: boolean;
  /** Settled by the exclusion rules (globs, .tandemignore), with their reason. */
  excludedBy?: string;
  workspaceTrusted: boolean;
}

export type GateVerdict = { serve: true } | { serve: false; reason: string };

export interface GateLimits {
  /** Larger documents are skipped (their context would be huge and the file is likely generated). */
  maxDocumentChars: number;
  /** A cursor line longer than this (minified code) is skipped. */
  maxLineChars: number;
}

export const DEFAULT_GATE_LIMITS: GateLimits = { maxDocumentChars: 8_000_000, maxLineChars: 5_000 };

/** Schemes whose documents are not code the user is writing (diff views, output, settings UI…). */
const NON_EDITABLE_SCHEMES = new Set([
  'output',
  'git',
  'gitlens',
  'debug',
  'vscode-settings',
  'walkThroughSnippet',
  'comment',
  'vscode-scm',
  'search-editor',
  'vscode-terminal',
]);

export function gateDocument(doc: DocumentFacts, limits: GateLimits = DEFAULT_GATE_LIMITS): GateVerdict {
  if (!doc.workspaceTrusted) return { serve: false, reason: 'Restricted Mode: trust this workspace to enable completions' };
  if (doc.excludedBy) return { serve: false, reason: `excluded: ${doc.excludedBy}` };
  if (NON_EDITABLE_SCHEMES.has(doc.scheme)) return { serve: false, reason: `not an editable document (${doc.scheme})` };
  if (doc.readOnly) return { serve: false, reason: 'read-only document' };
  if (doc.length > limits.maxDocumentChars) {
    return {
      serve: false,
      reason: `file too large (${(doc.length / 1e6).toFixed(1)} MB > ${(limits.maxDocumentChars / 1e6).toFixed(0)} MB)`,
    };
  }
  if (doc.cursorLine.length > limits.maxLineChars) return { serve: false, reason: 'line too long (minified code?)' };
  if (looksBinary(doc.nearCursor)) return { serve: false, reason: 'binary content' };
  return { serve: true };
}

/** NUL characters or a high share of control characters mean bytes shown as text. */
export function looksBinary(sample: string): boolean {
  if (sample.length === 0) return false;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) control++;
  }
  return control / sample.length > 0.1;
}
