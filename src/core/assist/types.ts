/**
 * Shared shapes of explain and review. Every line number in src/core/assist is 1-based and inclusive,
 * as the `<n>| ` gutter shows it to the model; the VS Code adapter converts from/to 0-based positions.
 */
export interface LineRange {
  startLine: number;
  endLine: number;
}

/** A workspace file given by the caller (already read, excluded files already left out). */
export interface SourceFile {
  path: string;
  text: string;
}

/** The file the developer is looking at. */
export interface TargetFile extends SourceFile {
  languageId: string;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * A replacement the model proposes for whole lines `startLine..endLine` (inclusive, the gutter's
 * numbers); `replacement` is the new text of those lines ('' deletes them).
 */
export interface SuggestedFix extends LineRange {
  replacement: string;
  /** Hash of the covered lines as the model saw them (set once the fix is checked against that text). */
  originalHash?: string;
}

export interface Finding {
  path: string;
  line: number;
  endLine?: number;
  severity: Severity;
  message: string;
  fix?: SuggestedFix;
}

/** What a review covered: per file, the line ranges a finding may point at. */
export interface FindingScope {
  files: Array<{ path: string; ranges: LineRange[] }>;
}

export interface ParsedFindings {
  summary: string;
  findings: Finding[];
  /** Something was unparsable, dropped or replaced; the findings kept are still valid. */
  malformed: boolean;
}
