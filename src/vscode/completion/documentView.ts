import * as vscode from 'vscode';
import type { OpenDocument } from '../../core/completion/context/snippet';
import type { DocumentView } from '../../core/completion/document';
import type { DocumentFacts } from '../../core/guards/documentGate';

const NEAR_CURSOR_CHARS = 2000;

/** The document as the core reads it: lines on demand, path relative to the workspace. */
export function toDocumentView(doc: vscode.TextDocument): OpenDocument & DocumentView {
  return {
    path: pathOf(doc.uri),
    languageId: doc.languageId,
    version: doc.version,
    lineCount: doc.lineCount,
    lineAt: (line) => doc.lineAt(line).text,
  };
}

export function pathOf(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, false);
}

/** What the document gate needs, read cheaply: sizes and the text near the cursor only. */
export function documentFacts(doc: vscode.TextDocument, position: vscode.Position, excludedBy: string | undefined): DocumentFacts {
  const offset = doc.offsetAt(position);
  const near = new vscode.Range(doc.positionAt(Math.max(0, offset - NEAR_CURSOR_CHARS)), doc.positionAt(offset + NEAR_CURSOR_CHARS));
  return {
    scheme: doc.uri.scheme,
    languageId: doc.languageId,
    length: doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end),
    cursorLine: doc.lineAt(position.line).text,
    nearCursor: doc.getText(near),
    readOnly: isReadOnly(doc),
    excludedBy,
    workspaceTrusted: vscode.workspace.isTrusted,
  };
}

function isReadOnly(doc: vscode.TextDocument): boolean {
  const fs = vscode.workspace.fs as vscode.FileSystem & { isWritableFileSystem?(scheme: string): boolean | undefined };
  return fs.isWritableFileSystem?.(doc.uri.scheme) === false;
}
