/**
 * The shape of one redaction rule (its own module so the rule files and the rule list do not import
 * each other): a kind shown in the placeholder, a global regex whose whole match, or its `secret`
 * group, is the secret, and the cheap gates that decide where the regex runs at all.
 */
import type { KeywordNames } from './keywordNames';

export interface SecretRule {
  kind: string;
  pattern: RegExp;
  gate?: string[];
  /** Instead of a gate: every match begins with one of these, so the pattern is tried only there. */
  starts?: string[];
  /** Veto a match, e.g. documentation filler or an obvious placeholder. */
  accept?: (secret: string, match: RegExpExecArray, text: string) => boolean;
  /** A finer kind than `kind`, decided from the match. */
  kindOf?: (match: RegExpExecArray) => string;
  /**
   * Replaces the plain `pattern.exec` loop, e.g. to run a sticky pattern only at the names that hold a
   * keyword (`names()`: one scan per text, shared by the rules that ask for it).
   */
  matches?: (text: string, names: () => KeywordNames) => Iterable<RegExpExecArray>;
}
