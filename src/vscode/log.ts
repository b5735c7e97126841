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
