import type { OpenDocument, Snippet } from './snippet';
import { identifierSet } from './tokensOfCode';

export interface SimilarWindowsOptions {
  windowLines: number;
  /** Documents longer than this are not indexed (generated files, logs). */
  maxDocumentLines: number;
  /** Indexes kept (one per open document version). */
  maxIndexes: number;
}

interface WindowIndex {
  version: number;
  starts: number[];
  sizes: number[];
  texts: string[];
  /** identifier → windows that contain it (an inverted index keeps scoring proportional to matches). */
  postings: Map<string, number[]>;
  /** Scratch space for a query: identifiers shared with each window (all zero between queries). */
  overlap: Uint32Array;
}

const DEFAULTS: SimilarWindowsOptions = { windowLines: 20, maxDocumentLines: 20_000, maxIndexes: 64 };

/**
 * Finds the windows of open editors most similar to the code around the cursor (Jaccard similarity of
 * identifier sets). Each document is indexed once per version, so a keystroke costs a lookup in the
 * inverted index, not a scan of every window of every editor.
 */
export class SimilarWindows {
  private readonly indexes = new Map<string, WindowIndex>();
  private readonly opts: SimilarWindowsOptions;

  constructor(opts: Partial<SimilarWindowsOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  best(query: string, docs: readonly OpenDocument[], limit: number): Snippet[] {
    const wanted = identifierSet(query);
    if (wanted.size === 0 || limit <= 0) return [];
    const best: Snippet[] = [];
    for (const doc of docs) {
      const index = this.indexOf(doc);
      if (index) addBestOfDocument(doc.path, index, wanted, limit, best);
    }
    return best;
  }

  /** Indexes documents ahead of time (when editors open, while the user is idle) so no keystroke pays for it. */
  prepare(docs: readonly OpenDocument[]): void {
    for (const doc of docs) this.indexOf(doc);
  }

  private indexOf(doc: OpenDocument): WindowIndex | undefined {
    if (doc.lineCount > this.opts.maxDocumentLines) return undefined;
    const cached = this.indexes.get(doc.path);
    if (cached?.version === doc.version) return cached;
    const index = buildIndex(doc, this.opts.windowLines);
    this.indexes.delete(doc.path);
    this.indexes.set(doc.path, index);
    if (this.indexes.size > this.opts.maxIndexes) this.indexes.delete(this.indexes.keys().next().value as string);
    return index;
  }
}

function buildIndex(doc: OpenDocument, windowLines: number): WindowIndex {
  const index: WindowIndex = { version: doc.version, starts: [], sizes: [], texts: [], postings: new Map(), overlap: new Uint32Array(0) };
  const step = Math.max(1, Math.floor(windowLines / 2));
  for (let start = 0; start < doc.lineCount; start += step) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(doc.lineCount, start + windowLines); i++) lines.push(doc.lineAt(i));
    const text = lines.join('\n');
    const ids = identifierSet(text);
    const w = index.starts.length;
    index.starts.push(start);
    index.sizes.push(ids.size);
    index.texts.push(text);
    for (const id of ids) {
      const list = index.postings.get(id);
      if (list) list.push(w);
      else index.postings.set(id, [w]);
    }
    if (start + windowLines >= doc.lineCount) break;
  }
  index.overlap = new Uint32Array(index.starts.length);
  return index;
}

/**
 * Merges the windows of one document into `best`, the `limit` best so far in bySnippetRank order: the
 * same as sorting every window of every document, without making a snippet for each one that shares an
 * identifier with the query.
 */
function addBestOfDocument(path: string, index: WindowIndex, wanted: Set<string>, limit: number, best: Snippet[]): void {
  const counts = index.overlap;
  const touched: number[] = [];
  for (const id of wanted) {
    const list = index.postings.get(id);
    if (list) for (const w of list) if (counts[w]!++ === 0) touched.push(w);
  }
  for (const w of touched) {
    const common = counts[w]!;
    counts[w] = 0;
    const score = common / (wanted.size + index.sizes[w]! - common);
    if (best.length === limit && score < best[limit - 1]!.score) continue;
    const snippet: Snippet = { source: 'similarWindows', path, startLine: index.starts[w]!, text: index.texts[w]!, score };
    let i = best.length;
    while (i > 0 && bySnippetRank(snippet, best[i - 1]!) < 0) i--;
    if (i >= limit) continue;
    best.splice(i, 0, snippet);
    if (best.length > limit) best.pop();
  }
}

/** Highest score first; ties broken by path and line so the prompt is the same for the same state. */
export function bySnippetRank(a: Snippet, b: Snippet): number {
  return b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.startLine - b.startLine;
}
