import * as vscode from 'vscode';
import type { WorkspaceSources } from '../../core/completion/context/gather';
import type { OpenDocument, Snippet } from '../../core/completion/context/snippet';
import type { Cursor, DocumentView } from '../../core/completion/document';
import { pathOf, toDocumentView } from './documentView';

/** How long the definition provider may take; context must not hold up the request. */
const DEFINITION_TIMEOUT_MS = 80;
const DEFINITION_LINES = 12;
const MAX_SYMBOLS = 4;

/** Open editors and the definition provider, as context sources for the completion core. */
export function workspaceSources(isExcluded: (path: string) => boolean): WorkspaceSources {
  return {
    openDocuments: () => openTabDocuments(),
    definitions: (doc, cursor, signal) => definitionsNear(doc, cursor, signal),
    isExcluded,
  };
}

function openTabDocuments(): OpenDocument[] {
  const open = new Set<string>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText) open.add(tab.input.uri.toString());
  }
  // Only files inside the workspace folders: an editor open on ~/.ssh/config or another project's
  // .env is not this workspace's code and never becomes similar-code context.
  return vscode.workspace.textDocuments
    .filter((d) => open.has(d.uri.toString()) && d.uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(d.uri) !== undefined)
    .map(toDocumentView)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Definitions of the identifiers just before the cursor, from whatever language server is running. */
async function definitionsNear(doc: DocumentView, cursor: Cursor, signal: AbortSignal): Promise<Snippet[]> {
  const textDoc = vscode.workspace.textDocuments.find((d) => pathOf(d.uri) === doc.path);
  if (!textDoc) return [];
  const positions = symbolPositions(textDoc, cursor);
  const lookups = positions.map((p) =>
    vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', textDoc.uri, p).then(
      (r) => r ?? [],
      () => [],
    ),
  );
  const timeout = new Promise<never[][]>((resolve) => setTimeout(() => resolve([]), DEFINITION_TIMEOUT_MS));
  const results = await Promise.race([Promise.all(lookups), timeout]);
  if (signal.aborted) return [];
  const snippets: Snippet[] = [];
  for (const [i, locations] of results.entries()) {
    for (const loc of locations.slice(0, 1)) {
      const snippet = await snippetAt(loc, MAX_SYMBOLS - i);
      if (snippet) snippets.push(snippet);
    }
  }
  return snippets;
}

function symbolPositions(doc: vscode.TextDocument, cursor: Cursor): vscode.Position[] {
  const positions: vscode.Position[] = [];
  for (let line = cursor.line; line >= Math.max(0, cursor.line - 3) && positions.length < MAX_SYMBOLS; line--) {
    const text = doc.lineAt(line).text.slice(0, line === cursor.line ? cursor.character : undefined);
    const ids = [...text.matchAll(/[A-Za-z_]\w{2,}/g)].reverse();
    for (const m of ids) {
      if (positions.length >= MAX_SYMBOLS) break;
      positions.push(new vscode.Position(line, (m.index ?? 0) + 1));
    }
  }
  return positions;
}

async function snippetAt(loc: vscode.Location | vscode.LocationLink, score: number): Promise<Snippet | undefined> {
  const uri = 'targetUri' in loc ? loc.targetUri : loc.uri;
  const range = 'targetRange' in loc ? loc.targetRange : loc.range;
  if (uri.scheme !== 'file' || vscode.workspace.getWorkspaceFolder(uri) === undefined) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri).then(
    (d) => d,
    () => undefined,
  );
  if (!doc) return undefined;
  const start = range.start.line;
  const end = Math.min(doc.lineCount, Math.max(range.end.line + 1, start + DEFINITION_LINES));
  const lines: string[] = [];
  for (let i = start; i < end; i++) lines.push(doc.lineAt(i).text);
  return { source: 'definitions', path: pathOf(uri), startLine: start, text: lines.join('\n'), score };
}
