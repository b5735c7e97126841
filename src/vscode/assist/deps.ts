import type { AssistDeps } from '../../core/assist/runAssist';
import type { Log } from '../../core/log';
import type { NoticeBoard } from '../../core/notices';
import type { PriceTable } from '../../core/router/pricing';
import type { Config } from '../config';
import type { AssistPanel } from './panel';
import type { ReviewFixes } from './reviewFixes';
import type { WorkspaceFiles } from './workspaceFiles';

/** What the explain and review commands, and the panel turns they start, need from the extension. */
export interface AssistCommandDeps extends AssistDeps {
  panel: AssistPanel;
  files: WorkspaceFiles;
  fixes: ReviewFixes;
  config: Config;
  log: Log;
  notices: NoticeBoard;
  prices(): PriceTable;
  firstModel(task: 'explain' | 'review'): string;
  excludedBy(path: string): string | undefined;
}
