import * as vscode from 'vscode';
import type { CompletionEngine } from '../core/completion/engine';
import type { Ledger } from '../core/ledger/ledger';
import type { AssistPanel } from './assist/panel';
import type { Config } from './config';
import type { TandemStatusBar } from './statusBar';
import type { TelemetryView } from './telemetry/panel';

/**
 * Test hooks into the wired services, returned from activate only when the extension host runs in
 * test mode (`ExtensionMode.Test`): any other extension could read a normal activation's exports.
 * The API keys are never part of it.
 */
export interface TandemApi {
  readonly config: Config;
  readonly ledger: Ledger;
  readonly engine: CompletionEngine;
  readonly inlineProvider: vscode.InlineCompletionItemProvider;
  readonly assistPanel: AssistPanel;
  readonly telemetry: TelemetryView;
  readonly statusBar: TandemStatusBar;
  readonly activationMs: number;
}

/** The hooks in test mode; nothing in any other. */
export function testApi(context: vscode.ExtensionContext, hooks: TandemApi): TandemApi | undefined {
  return context.extensionMode === vscode.ExtensionMode.Test ? hooks : undefined;
}
