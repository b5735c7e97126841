import * as vscode from 'vscode';

/** The part of the built-in Git extension's API (v1) Tandem uses. */
interface GitRepository {
  rootUri: vscode.Uri;
  diff(cached?: boolean): Promise<string>;
}
interface GitApi {
  repositories: GitRepository[];
}

/** The unified diff of the working tree (or the index, `staged`) of the repository holding the workspace. */
export async function gitDiff(staged: boolean): Promise<{ diff: string; root: vscode.Uri } | { error: string }> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return { error: 'the built-in Git extension is not available' };
  const api = (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
  const folder = vscode.workspace.workspaceFolders?.[0];
  const repo = api.repositories.find((r) => folder && folder.uri.fsPath.startsWith(r.rootUri.fsPath)) ?? api.repositories[0];
  if (!repo) return { error: 'no Git repository is open in this workspace' };
  return { diff: await repo.diff(staged), root: repo.rootUri };
}
