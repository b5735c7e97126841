import { finalizeCompletion, type FilterContext } from './filters';
import { decideMode, requestShape, type RequestShape } from './mode';
import type { SyntaxProbe } from './prepare';
import { DEFAULT_COMPLETION_SETTINGS } from './settings';

export interface ReplayCase {
  prefix: string;
  suffix: string;
  language: string;
  path?: string;
  /** The model's raw output for this prompt (as it would answer without a `\n` stop). */
  raw: string;
  /** The stream was cut by max_tokens (finish_reason "length"). */
  truncated?: boolean;
}

/** What the user would see: the text inserted at the cursor, replacing `replace` characters right of it. */
export interface Replayed {
  completion: string;
  replace: number;
}

/** The filter context the engine builds for a cursor between `prefix` and `suffix`. */
export function filterContextFor(
  prefix: string,
  suffix: string,
  language: string,
  maxLines = DEFAULT_COMPLETION_SETTINGS.maxLines,
  syntax?: SyntaxProbe,
): FilterContext {
  const linePrefix = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const nl = suffix.indexOf('\n');
  const lineSuffix = nl < 0 ? suffix : suffix.slice(0, nl);
  const probe = syntax?.(language, prefix, suffix, 'replay');
  const mode = decideMode(linePrefix, lineSuffix, prefix, probe);
  return { mode, languageId: language, prefix, linePrefix, lineSuffix, suffix, maxLines, ...(probe ? { syntax: probe } : {}) };
}

/** The request the extension would send for this case. */
export function requestShapeFor(c: ReplayCase, policy: 'newline-stop' | 'filtered' = 'filtered'): RequestShape {
  const ctx = filterContextFor(c.prefix, c.suffix, c.language);
  return requestShape(ctx.mode, DEFAULT_COMPLETION_SETTINGS, policy);
}

/**
 * What the user would see for a raw model output: the request's stop sequences as the vendor applies
 * them, then the same stop filters and post-processing the extension runs on a stream, applied to the
 * whole text (they decide on whole lines, so chunking does not change the result). `mustNotShow` is
 * the privacy guard the extension also applies.
 */
export function replayCase(
  c: ReplayCase,
  mustNotShow: (text: string) => boolean = () => false,
  policy: 'newline-stop' | 'filtered' = 'filtered',
  syntax?: SyntaxProbe,
): Replayed {
  const ctx = filterContextFor(c.prefix, c.suffix, c.language, DEFAULT_COMPLETION_SETTINGS.maxLines, syntax);
  const shape = requestShape(ctx.mode, DEFAULT_COMPLETION_SETTINGS, policy);
  const raw = shape.stopAtNewline && c.raw.includes('\n') ? c.raw.slice(0, c.raw.indexOf('\n')) : c.raw;
  const shown = finalizeCompletion(raw, ctx, c.truncated ?? false);
  return shown === undefined || mustNotShow(shown.text)
    ? { completion: '', replace: 0 }
    : { completion: shown.text, replace: shown.replace };
}
