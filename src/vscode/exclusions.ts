import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_EXCLUDE_GLOBS, ExclusionMatcher, parseIgnoreFile } from '../core/privacy/exclusion';
import type { Log } from '../core/log';
import type { Config } from './config';

const IGNORE_FILE = '.tandemignore';

/**
 * Files that get no completions and never appear in any prompt: the built-in globs with the user's own
 * `tandem.completions.exclude`, then the workspace's `tandem.completions.exclude` and the
 * `.tandemignore` in each workspace folder (re-read when it changes), which can only add exclusions.
 */
export class Exclusions implements vscode.Disposable {
  private matcher = new ExclusionMatcher([{ label: 'setting', patterns: DEFAULT_EXCLUDE_GLOBS }]);
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly realPaths = new Map<string, string | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly config: Config,
    private readonly log: Log,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${IGNORE_FILE}`);
    const reload = (): void => void this.reload();
    this.subscriptions.push(
      watcher,
      watcher.onDidChange(reload),
      watcher.onDidCreate(reload),
      watcher.onDidDelete(reload),
      config.onDidChange('completions.exclude', reload),
      vscode.workspace.onDidChangeWorkspaceFolders(reload),
    );
  }

  async reload(): Promise<void> {
    const globs = this.config.levels<string[]>('completions.exclude');
    const user = globsOf(globs.user);
    const workspace = [...globsOf(globs.workspace), ...globsOf(globs.folder)];
    const ignored: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, IGNORE_FILE);
      try {
        ignored.push(...parseIgnoreFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))));
      } catch {
        // no .tandemignore in this folder
      }
    }
    this.matcher = new ExclusionMatcher([
      { label: 'setting', patterns: [...DEFAULT_EXCLUDE_GLOBS, ...user] },
      { label: 'workspace setting', patterns: workspace },
      { label: IGNORE_FILE, patterns: ignored },
    ]);
    this.realPaths.clear();
    for (const bad of this.matcher.invalid)
      this.log.warn(`exclusions: skipped invalid pattern "${bad.pattern}" (${bad.label}): ${bad.error}`);
    this.log.info(
      `exclusions: ${DEFAULT_EXCLUDE_GLOBS.length} built-in, ${user.length} from user settings, ${workspace.length} from workspace settings, ${ignored.length} from ${IGNORE_FILE}`,
    );
    this.changed.fire();
  }

  /** The reason a workspace-relative path is excluded, or undefined. A symbolic link is judged by its target too. */
  excludedBy(path: string): string | undefined {
    const verdict = this.matcher.excludes(path, this.realPathOf(path));
    return verdict.excluded ? verdict.reason : undefined;
  }

  /** Resolved once per path (until the next reload): relative to its workspace folder when inside one, else absolute. */
  private realPathOf(path: string): string | undefined {
    if (this.realPaths.has(path)) return this.realPaths.get(path);
    let real: string | undefined;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const absolute = isAbsolute(path) ? path : join(folder.uri.fsPath, path);
      try {
        const target = realpathSync(absolute);
        const inside = relative(realpathSync(folder.uri.fsPath), target);
        real = inside.startsWith('..') || isAbsolute(inside) ? target : inside;
        break;
      } catch {
        // not in this folder (or not on disk)
      }
    }
    if (this.realPaths.size > 5000) this.realPaths.clear();
    this.realPaths.set(path, real);
    return real;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function globsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}
