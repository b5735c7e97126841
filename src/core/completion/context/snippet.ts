/** A piece of workspace context offered to the model, with where it came from. */
export interface Snippet {
  source: ContextSource;
  path: string;
  /** First line of the snippet in its file (for de-duplication and stable ordering). */
  startLine: number;
  text: string;
  /** Relevance within its source, higher is better. */
  score: number;
}

export type ContextSource = 'definitions' | 'recentEdits' | 'similarWindows' | 'imports';

/** Open editors as the core sees them; `version` changes on every edit, so indexes can be cached per version. */
export interface OpenDocument {
  path: string;
  languageId: string;
  version: number;
  lineCount: number;
  lineAt(line: number): string;
}
