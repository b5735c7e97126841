/**
 * First run as a user meets it, in the installed VSIX: the walkthrough opens by itself and ticks a step
 * when its event happens, the status-bar menu runs its entries, the model picker writes `tandem.routes`.
 * The screenshots land in docs/media/ for the README, so they never go stale.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const README_SHOTS = join('docs', 'media');

export async function walkthroughOpened(page: Page): Promise<void> {
  await page.locator('.gettingStartedContainer', { hasText: 'Get started with Tandem' }).first().waitFor({ timeout: 120_000 });
}

/** Whether the walkthrough shows the step titled `title` as done. */
export async function stepDone(page: Page, title: string): Promise<boolean> {
  await runCommand(page, 'Welcome: Open Walkthrough');
  await pickRow(page, 'Get started with Tandem');
  const step = page.locator('.getting-started-step', { hasText: title }).first();
  await step.waitFor({ timeout: 30_000 });
  const classes = (await step.getAttribute('class')) ?? '';
  const checked = await step.locator('.codicon-pass-filled, .complete').count();
  return classes.includes('complete') || checked > 0;
}

/** Closes the walkthrough (and any editor) so clicks land in the workbench, not on its buttons. */
export async function closeEditors(page: Page): Promise<void> {
  const walkthrough = page.locator('.gettingStartedContainer').first();
  const gone = (ms: number): Promise<boolean> =>
    walkthrough.waitFor({ state: 'detached', timeout: ms }).then(
      () => true,
      () => false,
    );
  // Focus the workbench (not the walkthrough page), then "Close All Editors" by its chord; the palette if that did not take.
  await page
    .locator('#workbench\\.parts\\.sidebar')
    .click({ position: { x: 120, y: 700 } })
    .catch(() => undefined);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+W');
  if (await gone(5_000)) return;
  await runCommand(page, 'View: Close All Editors');
  await gone(15_000);
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(title, { delay: 10 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).filter({ visible: true }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Picks the quick-pick row that contains `text` (typing it filters the list first). */
export async function pickRow(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).filter({ visible: true }).first().waitFor();
  await page.keyboard.press('Enter');
}

export async function openStatusMenu(page: Page): Promise<string[]> {
  await page.locator('#workbench\\.parts\\.statusbar [aria-label*="Tandem"]').first().click();
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Set budget' }).filter({ visible: true }).first().waitFor();
  return page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
}

/**
 * Chooses Haiku for review with no fallback; returns what landed in settings. `tandem.routes` is
 * machine-scoped: a local VS Code writes it to the user settings.json, a remote window such as
 * code-server to the remote machine's settings.json — both files are read.
 */
export async function chooseReviewModel(page: Page, settingsFiles: string[]): Promise<unknown> {
  await runCommand(page, 'Tandem: Choose Models');
  await pickRow(page, 'Review');
  await pickRow(page, 'claude-haiku-5-5');
  await pickRow(page, 'No fallback');
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const file of settingsFiles) {
      const settings = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
      if (settings['tandem.routes']) return settings['tandem.routes'];
    }
    assert.ok(Date.now() < deadline, 'tandem.routes was written to user settings');
    await new Promise((r) => setTimeout(r, 200));
  }
}
