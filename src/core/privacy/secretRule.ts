/**
 * The shape of one redaction rule (its own module so the rule files and the rule list do not import
 * each other): a kind shown in the placeholder, a global regex whose whole match, or its `secret`
 * group, is the secret, and the cheap gates that decide where the regex runs at all.
 */
export interface SecretRule {
  kind: string;
  pattern: RegExp;
  gate?: string[];
  /** Numbered groups holding the secret, first defined wins (instead of a `secret`/`uv` named group). */
  secretGroups?: number[];
  /** Instead of a gate: every match begins with one of these, so the pattern is tried only there. */
  starts?: string[];
  /** Veto a match, e.g. documentation filler or an obvious placeholder. */
  accept?: (secret: string, match: RegExpExecArray, text: string) => boolean;
  /** A finer kind than `kind`, decided from the match. */
  kindOf?: (match: RegExpExecArray) => string;
  /** Replaces the plain `pattern.exec` loop, e.g. to run a sticky pattern only where a keyword occurs. */
  matches?: (text: string) => Iterable<RegExpExecArray>;
}
