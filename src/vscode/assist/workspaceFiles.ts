import * as vscode from 'vscode';
import { CONVENTION_FILES, importCandidates } from '../../core/assist/prompt/relatedFiles';
import type { SourceFile } from '../../core/assist/types';

const MAX_FILE_BYTES = 200_000;

/** Reads workspace files for explain/review context, skipping excluded and unreadable ones. */
export class WorkspaceFiles {
  constructor(private readonly excludedBy: (path: string) => string | undefined) {}

  async related(path: string, text: string, languageId: string): Promise<SourceFile[]> {
    const out: SourceFile[] = [];
    for (const candidates of importCandidates(path, text, languageId)) {
      for (const candidate of candidates) {
        const file = await this.read(candidate);
        if (file) {
          out.push(file);
          break;
        }
      }
    }
    return out;
  }

  async conventions(): Promise<SourceFile[]> {
    const files = await Promise.all(CONVENTION_FILES.map((p) => this.read(p)));
    return files.filter((f): f is SourceFile => f !== undefined);
  }

  async read(path: string): Promise<SourceFile | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || this.excludedBy(path) || path.startsWith('..')) return undefined;
    const uri = vscode.Uri.joinPath(folder.uri, path);
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open) return { path, text: open.getText() };
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type !== vscode.FileType.File || stat.size > MAX_FILE_BYTES) return undefined;
      return { path, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
    } catch {
      return undefined;
    }
  }
}
