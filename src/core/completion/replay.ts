import { finalizeCompletion, type FilterContext } from './filters';
import { decideMode } from './mode';
import { DEFAULT_COMPLETION_SETTINGS } from './settings';

export interface ReplayCase {
  prefix: string;
  suffix: string;
  language: string;
  path?: string;
  /** The model's raw output for this prompt. */
  raw: string;
  /** The stream was cut by max_tokens (finish_reason "length"). */
  truncated?: boolean;
}

/** The filter context the engine builds for a cursor between `prefix` and `suffix`. */
export function filterContextFor(prefix: string, suffix: string, language: string, maxLines = DEFAULT_COMPLETION_SETTINGS.maxLines): FilterContext {
  const linePrefix = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const nl = suffix.indexOf('\n');
  const lineSuffix = nl < 0 ? suffix : suffix.slice(0, nl);
  return { mode: decideMode(linePrefix, lineSuffix), languageId: language, linePrefix, lineSuffix, suffix, maxLines };
}

/**
 * What the user would see for a raw model output: the same stop filters and post-processing the
 * extension runs on a stream, applied to the whole text (they decide on whole lines, so chunking does
 * not change the result). `mustNotShow` is the privacy guard the extension also applies.
 */
export function replayCase(c: ReplayCase, mustNotShow: (text: string) => boolean = () => false): string {
  const text = finalizeCompletion(c.raw, filterContextFor(c.prefix, c.suffix, c.language), c.truncated ?? false);
  return text === undefined || mustNotShow(text) ? '' : text;
}
