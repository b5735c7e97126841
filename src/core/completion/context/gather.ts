import type { Cursor, DocumentView } from '../document';
import type { TextWindow } from '../window';
import { assembleContext, type AssembledContext } from './assemble';
import { importsOf } from './imports';
import { RecentEdits, type LineSource } from './recentEdits';
import { SimilarWindows } from './similarWindows';
import type { ContextSource, OpenDocument, Snippet } from './snippet';

export interface WorkspaceSources {
  /** Open editors other than the current document, in a stable order. */
  openDocuments(): readonly OpenDocument[];
  /** Definitions of symbols near the cursor (the editor's definition provider), if available. */
  definitions?(doc: DocumentView, cursor: Cursor, signal: AbortSignal): Promise<Snippet[]>;
  /** Excluded files never appear in any context. */
  isExcluded(path: string): boolean;
}

export interface ContextSettings {
  budgetTokens: number;
  enabled: ReadonlySet<ContextSource>;
}

/** Lines around the cursor that the similar-windows search compares against. */
const QUERY_LINES = 12;

/** Collects every enabled context source for one request and budgets them together. */
export class WorkspaceContext {
  readonly recentEdits = new RecentEdits();
  private readonly similar = new SimilarWindows();

  constructor(private readonly sources: WorkspaceSources) {}

  /** The document a snippet of `path` was cut from: the current one or an open editor (not excluded). */
  documentAt(path: string, current: DocumentView): LineSource | undefined {
    if (path === current.path) return current;
    if (this.sources.isExcluded(path)) return undefined;
    return this.sources.openDocuments().find((d) => d.path === path);
  }

  /** Index the open editors now, off the keystroke path. */
  prepare(): void {
    this.similar.prepare(this.sources.openDocuments().filter((d) => !this.sources.isExcluded(d.path)));
  }

  /**
   * Synchronous unless a definitions source has to be awaited: with nothing to wait for, the request
   * leaves without first yielding to whatever other work is queued.
   */
  gather(
    doc: DocumentView,
    cursor: Cursor,
    window: TextWindow,
    settings: ContextSettings,
    signal: AbortSignal,
  ): AssembledContext | Promise<AssembledContext> {
    if (settings.budgetTokens <= 0 || settings.enabled.size === 0) return { snippets: [], tokens: 0 };
    const on = settings.enabled;
    const definitions =
      on.has('definitions') && this.sources.definitions ? this.sources.definitions(doc, cursor, signal).catch(() => []) : undefined;
    const docs = this.sources.openDocuments().filter((d) => d.path !== doc.path && !this.sources.isExcluded(d.path));
    const candidates: Snippet[] = [];
    if (on.has('imports')) candidates.push(...importsOf(doc, window.firstLine));
    if (on.has('recentEdits'))
      candidates.push(
        ...this.recentEdits.snippets((p) => lookup(p, doc, docs), {
          path: doc.path,
          firstLine: window.firstLine,
          lastLine: window.lastLine,
        }),
      );
    if (on.has('similarWindows')) candidates.push(...this.similar.best(queryAround(doc, cursor), docs, 8));
    if (!definitions) return assembleContext(candidates, settings.budgetTokens, on);
    return definitions.then((found) => {
      candidates.push(...found.filter((s) => !this.sources.isExcluded(s.path) && !insideWindow(s, doc.path, window)));
      return assembleContext(candidates, settings.budgetTokens, on);
    });
  }
}

function lookup(
  path: string,
  current: DocumentView,
  docs: readonly OpenDocument[],
): { lineCount: number; lineAt(i: number): string } | undefined {
  return path === current.path ? current : docs.find((d) => d.path === path);
}

function queryAround(doc: DocumentView, cursor: Cursor): string {
  const lines: string[] = [];
  for (let i = Math.max(0, cursor.line - QUERY_LINES); i <= cursor.line; i++) lines.push(doc.lineAt(i));
  return lines.join('\n');
}

function insideWindow(s: Snippet, path: string, w: TextWindow): boolean {
  return s.path === path && s.startLine >= w.firstLine && s.startLine <= w.lastLine;
}
