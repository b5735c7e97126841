/**
 * Opens the code-server workbench in headless Chromium with the extension loaded from this
 * checkout (extensionDevelopmentPath) and, optionally, a mocha suite run inside the extension host
 * (extensionTestsPath). The host reports its exit code to the page through codeAutomationExit.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { ROOT } from './codeServer';

export interface WorkbenchOptions {
  serverUrl: string;
  folder: string;
  /** Absolute path of the compiled test entry (index.js); omit for UI sessions. */
  testsPath?: string;
  /** Environment of the extension host. */
  extensionEnv?: Record<string, string>;
  /** Load the extension from this checkout (default) or rely on an installed VSIX. */
  development?: boolean;
}

export function workbenchUrl(opts: WorkbenchOptions): string {
  const host = new URL(opts.serverUrl).host;
  const remote = (p: string): string => `vscode-remote://${host}${p}`;
  const payload: Array<[string, string]> = [];
  if (opts.development !== false) payload.push(['extensionDevelopmentPath', remote(ROOT)]);
  if (opts.testsPath) payload.push(['extensionTestsPath', remote(opts.testsPath)]);
  if (opts.extensionEnv) payload.push(['extensionEnvironment', JSON.stringify(opts.extensionEnv)]);
  const query = new URLSearchParams({ folder: opts.folder });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${opts.serverUrl}/?${query.toString()}`;
}

/** Resolves with the extension host's test exit code (0 = pass). */
export async function runHostTests(
  browser: BrowserContext,
  opts: WorkbenchOptions & { timeoutMs: number; onLog?: (line: string) => void },
): Promise<number> {
  const page = await browser.newPage();
  let settle: (code: number) => void = () => undefined;
  const exited = new Promise<number>((r) => (settle = r));
  await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    opts.onLog?.(`${type}: ${Array.isArray(args) ? args.join(' ') : String(args)}`);
  });
  await page.goto(workbenchUrl(opts), { timeout: 180_000 });
  const timeout = new Promise<number>((_, reject) =>
    setTimeout(() => reject(new Error(`extension-host tests did not finish within ${opts.timeoutMs} ms`)), opts.timeoutMs).unref(),
  );
  return Promise.race([exited, timeout]);
}

export async function openWorkbench(browser: BrowserContext, opts: WorkbenchOptions): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(workbenchUrl(opts), { timeout: 180_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return page;
}

/** The demo workspace doubles as the test fixture (integration runs work on a copy). */
export const FIXTURE_WORKSPACE = join(ROOT, 'demo');

/** Settings every test and demo session uses: no distractions hiding ghost text. */
export const EDITOR_TEST_SETTINGS = {
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.inlineSuggest.enabled': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'github.copilot.enable': { '*': false },
  'git.openRepositoryInParentFolders': 'never',
};
