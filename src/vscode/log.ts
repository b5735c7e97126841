import * as vscode from 'vscode';
import type { Log } from '../core/log';

export type { Log };

/**
 * The extension's one LogOutputChannel, behind the core's Log interface. Under CI
 * (TANDEM_LOG_TO_CONSOLE=1) lines are mirrored to the console so test runs show them.
 */
export function createLog(): Log & vscode.Disposable & { show(): void } {
  const channel = vscode.window.createOutputChannel('Tandem', { log: true });
  const mirror = process.env.TANDEM_LOG_TO_CONSOLE === '1';
  const write =
    (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, ...args: unknown[]): void => {
      channel[level](message, ...args);
      if (mirror) console.log(`[tandem ${level}] ${message}`, ...args);
    };
  return {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}

/** Logs why activation failed and offers the log from an error message. */
export function reportActivationFailure(log: Log & { show(): void }, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  log.error(`Activation failed: ${message}`);
  void vscode.window.showErrorMessage(`Tandem failed to start: ${message}`, 'Open Log').then((choice) => {
    if (choice) log.show();
  });
}
